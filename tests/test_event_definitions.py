"""Event definitions as data: load_events creates or updates by slug, idempotently; dump_events writes the
same format back; load_demo reads the demo's definitions file."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from narratives.models import Event, Position
from narratives.nlp.definitions import parse_definitions

DEVSET = Path(__file__).resolve().parent.parent / "narratives" / "data" / "devset"
SKRIPAL = DEVSET / "skripal-poisoning" / "event.json"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_events_creates_then_changes_nothing_on_a_second_run(db):
    first = run("load_events", str(SKRIPAL))
    assert "3 created" in first  # the event and its two positions
    event = Event.objects.get(slug="skripal-poisoning")
    responsible = event.positions.get(slug="russia-responsible")
    assert len(responsible.examples) == 3 and responsible.opposite.slug == "russia-denies"
    assert str(event.start_date) == "2018-03-04"
    assert "0 created, 0 updated, 3 unchanged" in run("load_events", str(SKRIPAL))


def test_load_events_updates_by_slug_and_keeps_positions_it_does_not_name(db, tmp_path):
    run("load_events", str(SKRIPAL))
    data = json.loads(SKRIPAL.read_text())
    data["events"][0]["title"] = "Salisbury"
    data["events"][0]["positions"] = data["events"][0]["positions"][:1]
    data["events"][0]["positions"][0]["opposite"] = None
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    assert "updated skripal-poisoning" in run("load_events", str(changed))
    assert Event.objects.get(slug="skripal-poisoning").title == "Salisbury"
    assert Position.objects.filter(event__slug="skripal-poisoning").count() == 2


def test_a_broken_file_is_refused_with_every_problem(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"events": [{"slug": "Not A Slug", "positions": [{"slug": "x", "opposite": "y"}]}]})
    )
    with pytest.raises(CommandError) as error:
        run("load_events", str(bad))
    assert "slug" in str(error.value) and "opposite" in str(error.value) and "title" in str(error.value)
    assert not Event.objects.exists()


def test_dump_events_round_trips(db):
    run("load_events", str(SKRIPAL))
    dumped = parse_definitions(run("dump_events"))
    assert dumped == parse_definitions(SKRIPAL.read_text())


def test_load_demo_reads_the_definitions_and_keeps_terms_short(db):
    call_command("load_demo", verbosity=0)
    positions = Position.objects.filter(event__slug__in=["russian-pullout", "isis-defeat", "us-troops"])
    assert positions.count() >= 6
    for position in positions:
        assert len(position.cue_terms) <= 10
        assert position.description and len(position.examples) >= 3


def test_the_position_editor_edits_the_examples(db):
    from narratives.forms.manage import PositionForm

    event = Event.objects.create(slug="strike", title="Port strike")
    form = PositionForm(
        {
            "label": "Strike is on",
            "slug": "",
            "description": "The dock workers stopped work.",
            "examples": "The docks are idle.\r\n\r\nNo ship was unloaded today.\nThe docks are idle.",
            "cue_terms": "",
            "order": 0,
        },
        event=event,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["examples"] == ["The docks are idle.", "No ship was unloaded today."]
    assert (
        "The docks are idle."
        in PositionForm(event=event, initial={"examples": ["The docks are idle."]}).as_p()
    )
