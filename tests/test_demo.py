from django.core.management import call_command

from narratives.models import Actor, ActorAlias, Article, Claim, Event, Figure, Outlet, Position, Side

MODELS = (Side, Outlet, Actor, ActorAlias, Event, Position, Article, Claim, Figure)


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_load_demo_loads_reference_data_and_articles(demo):
    assert set(Event.objects.values_list("slug", flat=True)) >= {
        "russian-pullout",
        "isis-defeat",
        "us-troops",
    }
    assert set(Position.objects.filter(event__slug="isis-defeat").values_list("slug", flat=True)) == {
        "defeated",
        "not-defeated",
    }
    assert set(Position.objects.filter(event__slug="us-troops").values_list("slug", flat=True)) == {
        "us-presence-legitimate",
        "us-presence-illegitimate",
        "figure",
    }
    assert Article.objects.count() == 5
    assert Article.objects.filter(status=Article.Status.DONE).count() == 5
    assert Outlet.objects.get(name="Sputnik").affiliation == Outlet.Affiliation.STATE
    assert Outlet.objects.get(name="RT").affiliation == Outlet.Affiliation.STATE
    assert Claim.objects.filter(event__slug="isis-defeat").exists()


def test_load_demo_twice_changes_nothing(demo):
    before = counts()
    claims = list(Claim.objects.order_by("id").values_list("id", "content", "speaker_id", "event_id"))
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert list(Claim.objects.order_by("id").values_list("id", "content", "speaker_id", "event_id")) == claims


def test_load_demo_keeps_analyst_edits_unless_refreshed(demo):
    event = Event.objects.get(slug="isis-defeat")
    event.title = "Analyst's own title"
    event.save()
    call_command("load_demo", verbosity=0)
    event.refresh_from_db()
    assert event.title == "Analyst's own title"
    call_command("load_demo", "--refresh", verbosity=0)
    event.refresh_from_db()
    assert event.title != "Analyst's own title"


def test_demo_user_is_an_analyst(db, capsys):
    call_command("demo_user", "--username", "demo1", "--password", "s3cret-pass")
    from django.contrib.auth import authenticate

    user = authenticate(username="demo1", password="s3cret-pass")
    assert user is not None and user.groups.filter(name="analysts").exists()
    assert "demo1 / s3cret-pass" in capsys.readouterr().out
