"""Near-identical quotes credited to different speakers or outlets are linked, with their similarity."""

from narratives.nlp.similar import Quote, similar_groups

BASE = "We will keep our forces in the region until the last of the fighters has been driven out"


def test_exact_and_near_identical_quotes_are_one_group():
    quotes = [
        Quote(1, BASE, speaker="a", outlet="x"),
        Quote(2, BASE.replace("We will", "We'll") + ".", speaker="b", outlet="y"),  # punctuation, contraction
        Quote(3, BASE.replace("the last of", "the last"), speaker="c", outlet="z"),  # a word dropped
        Quote(4, BASE.replace("driven out", "expelled"), speaker="d", outlet="z"),  # a translation variant
        Quote(
            5, "Talks on the border crossing will resume next week in the capital", speaker="e", outlet="x"
        ),
    ]
    (group,) = similar_groups(quotes)
    assert group.keys == [1, 2, 3, 4]
    assert group.similarity[2] == 100 and 82 <= group.similarity[4] < 100


def test_one_speaker_in_one_outlet_repeating_itself_is_not_shown():
    quotes = [Quote(1, BASE, speaker="a", outlet="x"), Quote(2, BASE + ".", speaker="a", outlet="x")]
    assert similar_groups(quotes) == []


def test_short_quotes_match_only_exactly_and_different_ones_stay_apart():
    (exact,) = similar_groups(
        [Quote(1, "This is great news", speaker="a", outlet="x"), Quote(2, "This is great news!", "b", "y")]
    )
    assert exact.keys == [1, 2] and exact.lowest == 100
    quotes = [
        Quote(1, "This is great news", speaker="a", outlet="x"),
        Quote(2, "This is good news", speaker="b", outlet="y"),
        Quote(3, "The convoy reached the northern bridge before dawn on Friday", speaker="c", outlet="x"),
        Quote(4, "The ministry denied that any convoy had crossed the river", speaker="d", outlet="y"),
    ]
    assert similar_groups(quotes) == []


def test_the_panel_links_near_identical_quotes_and_shows_how_alike(db, client, django_user_model):
    import datetime as dt

    from django.urls import reverse

    from narratives.models import Actor, Article, Claim, Event, Outlet, Side
    from narratives.nlp.fingerprint import fingerprint

    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    side = Side.objects.create(name="North", slug="north", color="#123456")
    event = Event.objects.create(slug="ferry", title="Ferry dispute")
    texts = [BASE, BASE.replace("driven out", "expelled")]
    for i, content in enumerate(texts):
        outlet = Outlet.objects.create(name=f"Wire {i}", slug=f"wire-{i}")
        speaker = Actor.objects.create(name=f"Speaker {i}", side=side)
        text = f"Speaker {i} said {content}."
        article = Article.objects.create(
            outlet=outlet, text=text, text_hash=str(i) * 64, published=dt.date(2030, 1, i + 1)
        )
        start = text.index(content)
        Claim.objects.create(
            article=article,
            speaker=speaker,
            event=event,
            content=content,
            start=start,
            end=start + len(content),
            fingerprint=fingerprint(content),
        )
    html = client.get(reverse("event_panels", args=["ferry"])).content.decode()
    shared = html[html.index('id="shared-title"') :]
    shared = shared[: shared.index("</section>")]
    assert shared.count('class="shared__item"') == 2 and "% alike" in shared
