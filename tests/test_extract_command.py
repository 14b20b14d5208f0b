"""``manage.py extract`` prints exactly the interface of the issue and never writes to a database."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from narratives.management.commands.extract import database_knowledge, read_text

CLAIM_KEYS = {
    "content", "start", "end", "speaker", "speaker_mention", "speaker_start", "speaker_end",
    "speaker_org", "side", "kind", "cue", "event", "stance", "quantity",
}  # fmt: skip
FIGURE_KEYS = {"content", "start", "end", "value", "unit", "subject", "source"}

ARTICLE = (
    "Kremlin Spokesman Dmitry Peskov said on Monday that the last units had left the base.\n\n"
    "“The mission is complete,” he told reporters. “Our pilots are home.”\n\n"
    "The coalition of more than 60 members said it would keep 2,000 troops in the region.\r\n"
)


def extract_json(*paths):
    out = io.StringIO()
    call_command("extract", *map(str, paths), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_extract_prints_one_entry_per_file_with_exact_fields(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_bytes(ARTICLE.encode("utf-8"))
    b.write_text("Nothing here is attributed.\n", encoding="utf-8")
    data = extract_json(a, b)
    assert [entry["file"] for entry in data] == [str(a), str(b)]
    assert set(data[0]) == {"file", "claims", "figures"}
    claims = data[0]["claims"]
    assert len(claims) == 4
    text = read_text(a)
    for c in claims:
        assert set(c) == CLAIM_KEYS
        assert text[c["start"] : c["end"]] == c["content"]
        assert text[c["speaker_start"] : c["speaker_end"]] == c["speaker_mention"]
        assert c["kind"] in ("direct", "indirect")
    assert {c["speaker"] for c in claims[:3]} == {"Dmitry Peskov"}
    assert claims[0]["side"] == "Russia"
    for f in data[0]["figures"] + [q for c in claims if (q := c["quantity"])]:
        assert set(f) >= {"value", "unit", "subject"}
    for f in data[0]["figures"]:
        assert set(f) == FIGURE_KEYS
    assert data[1]["claims"] == []


@pytest.mark.django_db
def test_offsets_index_the_file_as_read_with_crlf_kept(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Intro line.\r\nThe mayor said that the bridge was safe.\r\n")
    (entry,) = extract_json(path)
    (claim,) = entry["claims"]
    raw = path.read_bytes().decode("utf-8")
    assert raw[claim["start"] : claim["end"]] == "the bridge was safe"


@pytest.mark.django_db
def test_extract_uses_actors_from_the_database(tmp_path):
    from narratives.models import Actor, Side

    side = Side.objects.create(name="Freedonia", slug="freedonia", terms=["Freedonian"])
    Actor.objects.create(name="Rufus T. Firefly", kind="person", role="president", side=side)
    path = tmp_path / "f.txt"
    path.write_text("Firefly said that the war was over.\n", encoding="utf-8")
    (entry,) = extract_json(path)
    (claim,) = entry["claims"]
    assert claim["speaker"] == "Rufus T. Firefly"
    assert claim["side"] == "Freedonia"


def test_no_database_is_created_when_there_is_none(tmp_path, monkeypatch):
    missing = tmp_path / "absent.sqlite3"
    if not connection.settings_dict["ENGINE"].endswith("sqlite3"):
        pytest.skip("the file check applies to SQLite")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(missing))
    assert database_knowledge() is None
    assert not missing.exists()
