"""The review queue: machine placements below the confidence threshold, least confident first; each
decision is one request (htmx or a plain form), reviews the claim, records agreement and re-scores."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from narratives.models import Article, Claim, Decision, Event, Origin, Outlet, Position, Side
from narratives.services import review

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "Ana Vell said the ferry was seized. Ivo Brand said the ferry sailed on time. Ana Vell said so again."


@pytest.fixture
def queue(db):
    side = Side.objects.create(name="North", slug="north", color="#123456")
    event = Event.objects.create(slug="ferry", title="Ferry dispute")
    seized = Position.objects.create(event=event, slug="seized", label="Ferry seized", order=0)
    sailed = Position.objects.create(event=event, slug="sailed", label="Ferry sailed", order=1)
    article = Article.objects.create(
        outlet=Outlet.objects.create(name="Wire", slug="wire"), text=TEXT, text_hash="f" * 64
    )
    claims = []
    for content, position, confidence in (
        ("the ferry was seized", seized, 0.4),
        ("the ferry sailed on time", sailed, 0.2),
        ("so again", seized, 0.9),
    ):
        start = TEXT.index(content)
        claims.append(
            Claim.objects.create(
                article=article,
                event=event,
                position=position,
                content=content,
                start=start,
                end=start + len(content),
                confidence=confidence,
                needs_review=confidence < 0.5,
                side=side,
            )
        )
    return {"event": event, "seized": seized, "sailed": sailed, "claims": claims}


@pytest.fixture
def analyst_client(client, django_user_model):
    user = django_user_model.objects.create_user("ana", password="pw")
    user.groups.add(Group.objects.get(name="analysts"))
    client.force_login(user)
    return client


def url(queue, claim=None):
    if claim is None:
        return reverse("review_queue", args=[queue["event"].slug])
    return reverse("review_decide", args=[queue["event"].slug, claim.pk])


def test_the_queue_lists_unsure_placements_least_confident_first(
    analyst_client, queue, django_assert_num_queries
):
    with django_assert_num_queries(9):
        html = analyst_client.get(url(queue)).content.decode()
    assert html.index("the ferry sailed on time") < html.index("the ferry was seized")
    assert "so again" not in html  # confident: not on the queue
    assert "Suggested: <strong>Ferry sailed</strong>" in html and "No decisions on this event yet" in html
    fragment = analyst_client.get(url(queue), **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="review-queue"') and "<html" not in fragment


def test_keeping_a_suggestion_reviews_it_and_counts_as_agreement(analyst_client, queue):
    claim = queue["claims"][1]
    html = analyst_client.post(url(queue, claim), {"choice": "confirm"}, **HTMX).content.decode()
    claim.refresh_from_db()
    assert claim.is_reviewed and claim.origin == Origin.ANALYST and not claim.needs_review
    assert claim.position == queue["sailed"]
    assert "the ferry sailed on time" not in html and "100%" in html
    assert Decision.objects.get().agreed


def test_choosing_another_position_none_or_another_event(analyst_client, queue):
    first, second = queue["claims"][:2]
    analyst_client.post(url(queue, first), {"choice": "sailed"})
    first.refresh_from_db()
    assert first.position == queue["sailed"] and first.is_reviewed
    response = analyst_client.post(url(queue, second), {"choice": "off-event"})
    assert response.status_code == 302  # without JavaScript: back to the queue
    second.refresh_from_db()
    assert second.event is None and second.position is None and second.is_reviewed
    assert list(Decision.objects.order_by("pk").values_list("agreed", flat=True)) == [False, False]
    html = analyst_client.get(url(queue)).content.decode()
    assert "0%</strong> of their last 2 decisions" in html


def test_an_unknown_choice_is_an_error_shown_with_status_200(analyst_client, queue):
    response = analyst_client.post(url(queue, queue["claims"][0]), {"choice": "nonsense"}, **HTMX)
    assert response.status_code == 200 and "Choose one of the buttons" in response.content.decode()
    assert not Decision.objects.exists()


def test_viewers_cannot_triage(client, django_user_model, queue):
    viewer = django_user_model.objects.create_user("vic", password="pw")
    viewer.groups.add(Group.objects.get(name="viewers"))
    client.force_login(viewer)
    assert client.get(url(queue)).status_code == 403
    assert client.post(url(queue, queue["claims"][0]), {"choice": "confirm"}).status_code == 403


def test_each_decision_queues_a_relearning_on_commit(
    queue, django_user_model, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("narratives.services.queue.enqueue_relearn", lambda event_id: queued.append(event_id))
    user = django_user_model.objects.create_user("ana", password="pw")
    with django_capture_on_commit_callbacks(execute=True):
        review.decide(claim=queue["claims"][0], user=user, choice="none")
    assert queued == [queue["event"].pk]


def test_relearning_rescores_unreviewed_claims_and_never_moves_a_reviewed_one(demo, django_user_model):
    from narratives.services.knowledge import load_knowledge
    from narratives.services.learning import relearn_event

    user = django_user_model.objects.create_user("ana", password="pw")
    event = Event.objects.get(slug="russian-pullout")
    doubts = event.positions.get(slug="doubts-withdrawal")
    decided = list(Claim.objects.filter(event=event, origin=Origin.MACHINE).order_by("pk")[:4])
    for claim in decided:
        review.decide(claim=claim, user=user, choice=doubts.slug)
    assert Claim.objects.labelled().count() == 4  # the decisions are labelled examples now
    before = {c.pk: (c.event_id, c.position_id) for c in Claim.objects.filter(pk__in=[c.pk for c in decided])}
    relearn_event(event_id=event.pk)
    event.refresh_from_db()
    assert event.learned_labels == 4 and event.learned_model
    assert dict(load_knowledge().event_models).keys() == {"russian-pullout"}  # every process reads it
    after = {c.pk: (c.event_id, c.position_id) for c in Claim.objects.filter(pk__in=before)}
    assert after == before and all(place == (event.pk, doubts.pk) for place in after.values())
