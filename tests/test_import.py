"""Bulk import and the synthetic corpus. The spaCy pipeline is replaced by a small fake that still finds
one claim per text, so these tests exercise reading, de-duplication, batching and writing, quickly."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bench import make_synthetic
from narratives.intake import batch
from narratives.models import Article, Claim, Event, Figure, Outlet
from narratives.nlp import types as t
from narratives.services import importer, text_hash


def fake_extract(text, knowledge):
    if "EXPLODE" in text:
        raise ValueError("the parser choked")
    cue = text.find(" said ")
    claims = ()
    if cue > 0:
        start = cue + len(" said ")
        end = text.find(".", start)
        end = end if end > start else len(text)
        claims = (
            t.ExtractedClaim(
                content=text[start:end],
                start=start,
                end=end,
                kind=t.INDIRECT,
                cue="said",
                speaker_mention=text[:cue].split()[-1],
                speaker_start=cue - len(text[:cue].split()[-1]),
                speaker_end=cue,
                speaker=t.Speaker(name=text[:cue].split()[-1], kind="person"),
            ),
        )
    return t.ExtractionResult(language="en", claims=claims, extractor_version="fake-1")


@pytest.fixture
def fake_pipeline(monkeypatch):
    calls = {"many": 0, "texts": 0, "n_process": []}

    def fake_extract_many(texts, knowledge, *, n_process=1, batch_size=16):
        calls["many"] += 1
        calls["n_process"].append(n_process)
        for text in texts:
            calls["texts"] += 1
            yield fake_extract(text, knowledge)

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)
    monkeypatch.setattr("narratives.nlp.pipeline.extract_many", fake_extract_many, raising=False)
    return calls


def run(*args, failing: int = 0):
    """The command's report. With ``failing``, that many inputs fail and the command exits non-zero."""
    out = StringIO()
    command = ("import_articles", *map(str, args), "--no-progress")
    if not failing:
        call_command(*command, stdout=out, stderr=StringIO())
        return out.getvalue()
    with pytest.raises(CommandError, match=f"^{failing} of the inputs failed"):
        call_command(*command, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "one.txt").write_text("Officials met on Monday. Varga said the bridge reopened.\n")
    folder = tmp_path / "folder"
    (folder / "deep").mkdir(parents=True)
    (folder / "two.md").write_text("Kaya said the talks would resume next week.")
    (folder / "deep" / "three.txt").write_text("Nobody commented on the report.")
    (folder / "ignored.csv").write_text("a,b\n")
    rows = [
        {
            "title": "Four",
            "outlet": "Lakeside Wire",
            "published": "2031-02-03",
            "url": "https://e.org/4",
            "text": "Okafor said the convoy had left.",
        },
        {"title": "Five", "text": "Moreau said nothing had changed.", "published": "2031-02-04T10:00:00"},
        {"title": "No text"},
        {"title": "Bad date", "text": "Solberg said so.", "published": "next Tuesday"},
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, "{not json")
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_import_reads_files_folders_and_jsonl(db, fake_pipeline, inputs):
    out = run(
        inputs / "one.txt",
        inputs / "folder",
        inputs / "batch.jsonl",
        "--outlet",
        "Default Daily",
        "--workers",
        "2",
        failing=3,
    )

    assert Article.objects.count() == 5
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}
    four = Article.objects.get(title="Four")
    assert four.outlet.name == "Lakeside Wire" and four.url == "https://e.org/4"
    assert str(four.published) == "2031-02-03"
    assert str(Article.objects.get(title="Five").published) == "2031-02-04"
    # --outlet fills in for records that name none.
    assert Article.objects.filter(outlet__name="Default Daily").count() == 4
    claim = Claim.objects.get(article=four)
    assert four.text[claim.start : claim.end] == "the convoy had left"
    assert Claim.objects.count() == 4  # "Nobody commented" has no claim
    assert fake_pipeline["n_process"] == [2]
    assert "Imported 5 articles (4 claims" in out
    assert "Failed 3:" in out
    assert "batch.jsonl:3: invalid JSON" in out
    assert "batch.jsonl:4: no text" in out
    assert "invalid published date 'next Tuesday'" in out


def test_rerun_imports_nothing_and_counts_duplicates(db, fake_pipeline, inputs):
    run(inputs, failing=3)
    assert Article.objects.count() == 5
    fake_pipeline["texts"] = 0
    out = run(inputs, failing=3)
    assert Article.objects.count() == 5
    assert "Imported 0 articles" in out
    assert "Skipped 5 duplicates" in out
    assert fake_pipeline["texts"] == 0  # nothing already stored is extracted again


def test_same_text_twice_in_one_run_is_stored_once(db, fake_pipeline, tmp_path):
    (tmp_path / "a.txt").write_text("Varga said the bridge reopened.")
    (tmp_path / "b.txt").write_text("Varga  said the bridge\r\nreopened.  ")  # same normalised text
    out = run(tmp_path)
    assert Article.objects.count() == 1
    assert "Skipped 1 duplicates" in out


def test_a_failing_text_fails_alone_and_stays_retryable(db, fake_pipeline, tmp_path):
    texts = [f"Speaker{i} said item {i} was ready." for i in range(5)]
    texts[2] = "Haddad said EXPLODE now."
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps({"text": x}) for x in texts))
    out = run(path, failing=1)
    assert Article.objects.filter(status=Article.Status.DONE).count() == 4
    failed = Article.objects.get(status=Article.Status.FAILED)
    assert "the parser choked" in failed.error
    assert not failed.claims.exists()
    assert "x.jsonl:3: extraction failed: ValueError: the parser choked" in out


def test_interrupted_import_finishes_on_rerun_without_duplicates(db, monkeypatch, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"Speaker{i} said point {i} stands."}) for i in range(10)))
    state = {"left": 5}

    def interrupted_extract_many(texts, knowledge, *, n_process=1, batch_size=16):
        for text in texts:
            if state["left"] == 0:
                raise KeyboardInterrupt
            state["left"] -= 1
            yield fake_extract(text, knowledge)

    monkeypatch.setattr("narratives.nlp.pipeline.extract_many", interrupted_extract_many, raising=False)
    with pytest.raises(CommandError, match="Interrupted"):
        run(path, "--batch-size", "2")
    first = Article.objects.count()
    assert first == 5  # finished extractions are written, whole, before stopping
    assert Claim.objects.count() == first

    state["left"] = 100
    out = run(path, "--batch-size", "2")
    assert Article.objects.count() == 10
    assert Claim.objects.count() == 10
    assert len(set(Article.objects.values_list("text_hash", flat=True))) == 10
    assert f"Skipped {first} duplicates" in out


def test_queued_import_stores_pending_and_enqueues_each_article(
    db, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        "narratives.services.queue.enqueue_extraction", lambda pk, force=False: queued.append(pk)
    )
    records = [batch.Record(source=f"r{i}", text=f"Text number {i}.") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        report = importer.Importer(queue=True, batch_size=2).run(records)
    assert report.queued == 3
    assert sorted(queued) == sorted(Article.objects.values_list("pk", flat=True))
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.PENDING}


def test_expand_paths_and_count(inputs):
    files = batch.expand_paths([inputs / "folder", inputs / "batch.jsonl"])
    assert [f.name for f in files] == ["three.txt", "two.md", "batch.jsonl"]
    assert batch.count_records(files) == 2 + 5


def test_missing_path_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nope.jsonl")


# --- make_synthetic -----------------------------------------------------------------------


def test_make_synthetic_writes_consistent_claims_and_is_repeatable(db):
    make_synthetic.main(
        [
            "--articles",
            "6",
            "--claims-per-article",
            "4",
            "--events",
            "2",
            "--quiet",
        ]
    )
    assert Article.objects.count() == 6
    assert Claim.objects.count() == 24
    assert Event.objects.filter(slug__startswith="synthetic-").count() == 2
    assert Outlet.objects.filter(slug__startswith="synthetic-").exists()
    for claim in Claim.objects.select_related("article", "speaker__side", "position"):
        text = claim.article.text
        assert text[claim.start : claim.end] == claim.content
        assert text[claim.speaker_start : claim.speaker_end] == claim.speaker_mention
        assert claim.speaker.side is not None
        assert claim.position.event_id == claim.event_id
    for figure in Figure.objects.select_related("article"):
        assert figure.article.text[figure.start : figure.end] == figure.content
        assert figure.content.startswith(str(int(figure.value)))
    for article in Article.objects.all():
        assert article.text_hash == text_hash(article.text)

    make_synthetic.main(
        [
            "--articles",
            "3",
            "--claims-per-article",
            "2",
            "--events",
            "2",
            "--quiet",
        ]
    )
    assert Article.objects.count() == 9  # new texts, no clash on the unique hash
    assert Event.objects.filter(slug__startswith="synthetic-").count() == 2


def test_synthetic_jsonl_imports_and_reimports_zero(db, fake_pipeline, tmp_path):
    path = tmp_path / "syn.jsonl"
    make_synthetic.main(
        [
            "--articles",
            "30",
            "--claims-per-article",
            "3",
            "--jsonl",
            str(path),
            "--quiet",
        ]
    )
    assert run(path).count("Imported 30 articles") == 1
    assert "Imported 0 articles" in run(path)
    assert Article.objects.count() == 30


# --- every format through intake ------------------------------------------------------------------


def test_import_reads_every_format_with_the_dates_their_texts_give(db, fake_pipeline, tmp_path):
    import datetime as dt

    from intake_helpers import make_docx, make_pdf

    (tmp_path / "a.txt").write_text(
        "date 2031-05-06 Varga said the bridge reopened.\n\nMore text follows here."
    )
    (tmp_path / "b.html").write_text(
        "<html><head><title>Harbour talks resume</title></head><body><article>"
        "<p>LISBON, March 3, 2031 - Kaya said the talks would resume next week after a long pause.</p>"
        "<p>Officials gave no further details about the schedule of the talks.</p></article></body></html>"
    )
    (tmp_path / "c.pdf").write_bytes(
        make_pdf(
            ["OSLO, 4 April 2031", "", "Okafor said the convoy had left the port early."],
            title="Convoy",
            created="D:20350101000000",
        )
    )
    (tmp_path / "d.docx").write_bytes(
        make_docx(
            ["Published: June 7, 2031", "Moreau said nothing had changed in the port."],
            created=dt.datetime(2035, 1, 1),
        )
    )
    out = run(tmp_path)
    assert "Imported 4 articles" in out
    dates = {a.text.split(" said")[0].split()[-1]: str(a.published) for a in Article.objects.all()}
    # The text's date, never the file's creation date.
    assert dates == {
        "Varga": "2031-05-06",
        "Kaya": "2031-03-03",
        "Okafor": "2031-04-04",
        "Moreau": "2031-06-07",
    }
    varga = Article.objects.get(text__contains="Varga")
    assert not varga.text.startswith("date") and "2031-05-06" not in varga.title
    assert Article.objects.get(text__contains="Kaya").title == "Harbour talks resume"


def test_a_broken_file_is_reported_by_name_and_the_command_fails(db, fake_pipeline, tmp_path):
    (tmp_path / "good.txt").write_text("Varga said the bridge reopened.")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "empty.docx").write_bytes(b"PK\x03\x04 junk")
    out = run(tmp_path, failing=2)
    assert Article.objects.filter(status=Article.Status.DONE).count() == 1
    assert f"{tmp_path / 'broken.pdf'}: This PDF is damaged" in out
    assert f"{tmp_path / 'empty.docx'}: This .docx is damaged" in out


def test_import_applies_the_size_cap_and_the_language_gate(db, fake_pipeline, tmp_path, settings):
    settings.NARRATIVES_MAX_UPLOAD_BYTES = 2000
    (tmp_path / "big.txt").write_text("Varga said the bridge reopened. " * 100)
    russian = "Министр заявил, что переговоры будут продолжены на следующей неделе в столице страны. " * 4
    (tmp_path / "ru.txt").write_text(russian)
    out = run(tmp_path, failing=1)
    assert f"{tmp_path / 'big.txt'}: The file is larger than the 1 KB limit." in out
    article = Article.objects.get()
    assert article.language == "ru" and not article.claims.exists()
    assert fake_pipeline["texts"] == 0  # the English model never saw the Russian text


def test_a_batch_that_rolls_back_counts_nothing(db, fake_pipeline, monkeypatch):
    """A batch whose transaction fails part-way (a claim's row met another writer's) is written again one by
    one: the claims counted before the failure are not counted a second time."""
    from django.db import IntegrityError

    real = importer.store_extractions

    def racing_store(*, items, **kwargs):
        for n, summary in enumerate(real(items=items, **kwargs)):
            if n == 1 and len(items) > 1:
                raise IntegrityError("duplicate key")
            yield summary

    monkeypatch.setattr(importer, "store_extractions", racing_store)
    records = [batch.Record(source=f"r{i}", text=f"Official{i} said the road {i} is open.") for i in range(3)]
    report = importer.Importer(batch_size=10).run(records)
    assert report.imported == 3
    assert report.claims == Claim.objects.count() == 3
