"""CSV and JSON export of an event's claims: fields, filters, formula neutralising, access."""

from __future__ import annotations

import csv
import io
import json

import explore_fixtures
from django.test import Client
from django.urls import reverse
from explore_fixtures import more_claims

from narratives.models import (
    Claim,
)
from narratives.views.events import PER_GROUP
from narratives.views.export import FIELDS, neutralise

# Shared fixtures, bound here rather than loaded with pytest_plugins (a plugin's are global).
harbour = explore_fixtures.harbour


# --- export --------------------------------------------------------------------------------


def _csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_has_every_field_and_exactly_the_filtered_claims(viewer_client, harbour):
    extra = more_claims(harbour, PER_GROUP + 2)  # beyond one page: the export is the whole selection
    url = reverse("event_export", args=["harbour-blockade", "csv"])
    response = viewer_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="harbour-blockade-claims.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 4 + len(extra) and list(rows[0]) == list(FIELDS)
    c3 = harbour["claims"][2]
    row = next(r for r in rows if r["claim_id"] == str(c3.pk))
    assert row["content"] == "the quays stayed busy" and row["kind"] == "direct"
    assert row["speaker"] == "Ivo Brand" and row["role"] == "harbour master" and row["side"] == "Westmark"
    assert row["outlet"] == "Coast Daily" and row["outlet_affiliation"] == "private"
    assert row["article_title"] == "Harbour master: business as usual" and row["published"] == "2021-05-04"
    assert row["position"] == "open" and row["event"] == "harbour-blockade"
    assert (row["start"], row["end"]) == (str(c3.start), str(c3.end)) and row["reviewed"] == "False"
    assert row["link"].endswith(f"/articles/{c3.article_id}/#claim-{c3.pk}")
    mira = [r for r in rows if r["speaker"] == "Mira Tal"]
    assert mira[0]["organisation"] == "Eastmark Navy"
    filtered = _csv(viewer_client.get(url, {"side": "westmark", "kind": "direct"}))
    assert [r["claim_id"] for r in filtered] == [str(c3.pk)]


def test_csv_neutralises_formulas(viewer_client, harbour):
    c1 = harbour["claims"][0]
    Claim.objects.filter(pk=c1.pk).update(
        content='=HYPERLINK("http://evil.example","x")',
        speaker_mention="+SUM(A1)",
        cue="@cmd",
        sentence="-2+3",
    )
    Claim.objects.filter(pk=harbour["claims"][1].pk).update(content="\tTAB", speaker_mention="\rCR")
    rows = _csv(viewer_client.get(reverse("event_export", args=["harbour-blockade", "csv"])))
    row = next(r for r in rows if r["claim_id"] == str(c1.pk))
    assert row["content"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["speaker_mention"] == "'+SUM(A1)" and row["cue"] == "'@cmd" and row["sentence"] == "'-2+3"
    row2 = next(r for r in rows if r["claim_id"] == str(harbour["claims"][1].pk))
    assert row2["content"] == "'\tTAB" and row2["speaker_mention"] == "'\rCR"
    assert neutralise("plain") == "plain" and neutralise(-3) == -3 and neutralise("") == ""


def test_json_export_matches_csv_and_keeps_values_raw(viewer_client, harbour):
    Claim.objects.filter(pk=harbour["claims"][0].pk).update(content="=1+1")
    url = reverse("event_export", args=["harbour-blockade", "json"])
    response = viewer_client.get(url, {"position": "blockaded"})
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["event"] == {"slug": "harbour-blockade", "title": "Harbour blockade"}
    assert data["filters"] == {"position": "blockaded"} and data["fields"] == list(FIELDS)
    assert sorted(c["claim_id"] for c in data["claims"]) == sorted(c.pk for c in harbour["claims"][::3])
    assert {c["content"] for c in data["claims"]} == {
        "=1+1",
        "ships were turned away at dawn",
    }  # JSON is data
    csv_ids = [
        r["claim_id"]
        for r in _csv(viewer_client.get(url.replace(".json", ".csv"), {"position": "blockaded"}))
    ]
    assert [str(c["claim_id"]) for c in data["claims"]] == csv_ids


def test_export_needs_login_and_a_known_format(viewer_client, harbour):
    url = reverse("event_export", args=["harbour-blockade", "csv"])
    assert Client().get(url).status_code == 302
    assert viewer_client.get(reverse("event_export", args=["harbour-blockade", "xlsx"])).status_code == 404
