"""Background extraction, in-process: the task's logic, retries and failures, and queued ingest and retry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from billiard.exceptions import WorkerLostError
from django.core.exceptions import ValidationError

from narratives import services, tasks
from narratives.models import Article, Claim, Correction, Figure
from narratives.nlp import types as t

TEXT = "Kaya said the convoy had left. Officials gave no details."


def result_for(text):
    start = text.index("the convoy")
    return t.ExtractionResult(
        language="en",
        extractor_version="fake-1",
        claims=(
            t.ExtractedClaim(
                content="the convoy had left",
                start=start,
                end=start + 19,
                kind=t.INDIRECT,
                cue="said",
                speaker_mention="Kaya",
                speaker_start=0,
                speaker_end=4,
                speaker=t.Speaker(name="Kaya", kind="person"),
            ),
        ),
        figures=(t.ExtractedFigure(content="Kaya", start=0, end=4, value=1, unit="", subject="x"),),
    )


@pytest.fixture
def pipeline(monkeypatch):
    calls = []

    def fake_extract(text, knowledge):
        calls.append(text)
        return result_for(text)

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)
    return calls


@pytest.fixture
def article(db):
    return Article.objects.create(
        text=TEXT, text_hash=services.text_hash(TEXT), status=Article.Status.PENDING
    )


# --- the task, in-process --------------------------------------------------------------


def test_backoff_doubles_and_is_capped():
    assert [tasks.backoff_seconds(n) for n in range(4)] == [5, 10, 20, 40]
    assert tasks.backoff_seconds(20) == tasks.BACKOFF_MAX
    assert tasks.backoff_seconds(1, jitter=0.5) == 15


def test_task_extracts_a_pending_article(pipeline, article):
    outcome = tasks.extract_article_task.apply(args=[article.pk]).get()
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert outcome.startswith("done: 1 claims")
    assert Claim.objects.get(article=article).content == "the convoy had left"


def test_task_applies_the_language_gate(pipeline, db):
    """A worker never runs the English model on another language: it stores the language and no claims."""
    text = (
        "Le ministre a déclaré mardi que les troupes quitteraient la base avant la fin du mois, "
        "mais les observateurs doutent que le retrait soit complet."
    )
    article = Article.objects.create(text=text, text_hash=services.text_hash(text), status="pending")
    tasks.extract_article_task.apply(args=[article.pk]).get()
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.language == "fr"
    assert pipeline == [] and not Claim.objects.filter(article=article).exists()


def test_redelivered_task_is_a_no_op(pipeline, article):
    tasks.extract_article_task.apply(args=[article.pk])
    assert tasks.extract_article_task.apply(args=[article.pk]).get() == "already done"
    assert len(pipeline) == 1
    assert Claim.objects.filter(article=article).count() == 1
    # Forced (an analyst's retry), it runs again and replaces the machine claims rather than adding to them.
    tasks.extract_article_task.apply(args=[article.pk], kwargs={"force": True})
    assert len(pipeline) == 2
    assert Claim.objects.filter(article=article).count() == 1


def test_task_for_a_deleted_article_does_nothing(pipeline, db):
    assert tasks.extract_article_task.apply(args=[987654]).get() == "missing"


def test_crash_mid_store_leaves_no_partial_rows_and_marks_failed(pipeline, article, monkeypatch):
    real_store = services.extraction.store_extraction

    def store_then_crash(*, article, result):
        real_store(article=article, result=result)  # the claims and figures are written...
        assert Claim.objects.filter(article=article).exists()
        raise RuntimeError("disk on fire")  # ...and then the transaction dies

    monkeypatch.setattr(services.extraction, "store_extraction", store_then_crash)
    tasks.extract_article_task.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error == "RuntimeError: disk on fire"
    assert not Claim.objects.filter(article=article).exists()
    assert not Figure.objects.filter(article=article).exists()


def test_transient_error_is_retried_with_backoff(pipeline, article, monkeypatch):
    def flaky(text, knowledge):
        raise ConnectionError("database went away")

    monkeypatch.setattr("narratives.nlp.pipeline.extract", flaky, raising=False)
    retried = {}

    class Retrying(Exception):
        pass

    def fake_retry(exc=None, countdown=None, **kw):
        retried.update(exc=exc, countdown=countdown)
        return Retrying()

    monkeypatch.setattr(tasks.extract_article_task, "retry", fake_retry)
    tasks.extract_article_task.push_request(retries=1, is_eager=False)
    try:
        with pytest.raises(Retrying):
            tasks.extract_article_task.run(article.pk)
    finally:
        tasks.extract_article_task.pop_request()
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING  # not failed while attempts remain
    assert "Attempt 2 failed (ConnectionError: database went away)" in article.error
    assert 10 <= retried["countdown"] <= 13
    assert isinstance(retried["exc"], ConnectionError)


def test_last_attempt_marks_failed(pipeline, article, monkeypatch):
    monkeypatch.setattr(
        "narratives.nlp.pipeline.extract",
        lambda text, k: (_ for _ in ()).throw(ValueError("bad")),
        raising=False,
    )
    tasks.extract_article_task.push_request(retries=tasks.MAX_RETRIES, is_eager=False)
    try:
        with pytest.raises(ValueError):
            tasks.extract_article_task.run(article.pk)
    finally:
        tasks.extract_article_task.pop_request()
    article.refresh_from_db()
    assert (article.status, article.error) == (Article.Status.FAILED, "ValueError: bad")


def test_lost_worker_marks_failed_but_never_overrides_done(article):
    tasks._on_worker_lost(
        sender=tasks.extract_article_task, exception=WorkerLostError("signal 9 (SIGKILL)"), args=[article.pk]
    )
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "worker process died" in article.error
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE, error="")
    tasks._on_worker_lost(
        sender=tasks.extract_article_task, exception=WorkerLostError("late"), args=[article.pk]
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DONE


def test_unreachable_broker_fails_the_article_visibly(article, monkeypatch):
    def down(*a, **kw):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.extract_article_task, "apply_async", down)
    assert services.enqueue_extraction(article.pk) is False
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "Could not queue" in article.error


# --- services: queued ingest and retry -----------------------------------------------------


def test_ingest_with_a_broker_stores_pending_and_enqueues_on_commit(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("narratives.celery.runs_eagerly", lambda: False)
    monkeypatch.setattr(services.queue, "enqueue_extraction", lambda pk, force=False: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        result = services.ingest_article(text=TEXT, outlet_name="Lakeside Wire", title="T")
    assert result.created and result.queued and result.summary is None
    assert result.article.status == Article.Status.PENDING
    assert queued == [result.article.pk]
    assert not Claim.objects.exists()
    # The same text again is a duplicate, not a second task.
    assert services.ingest_article(text=TEXT).created is False
    assert queued == [result.article.pk]


def test_ingest_without_a_broker_stays_synchronous(pipeline, db):
    result = services.ingest_article(text=TEXT)
    assert result.created and not result.queued
    assert result.article.status == Article.Status.DONE
    assert result.summary.added == 1


def test_retry_extraction_requeues_a_failed_article(
    pipeline, article, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("ana")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error="boom")
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_extraction(article=article, user=user)  # eager here: runs at commit
    article.refresh_from_db()
    assert (article.status, article.error) == (Article.Status.DONE, "")
    assert Claim.objects.filter(article=article).count() == 1
    correction = Correction.objects.get(article=article)
    assert correction.action == Correction.Action.REEXTRACT and correction.user == user


def test_retry_refuses_an_article_already_queued(article):
    with pytest.raises(ValidationError):
        services.retry_extraction(article=article)


def test_retry_accepts_a_stale_in_flight_article(pipeline, article, django_capture_on_commit_callbacks):
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PROCESSING,
        updated_at=article.updated_at - timedelta(hours=2),
    )
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_extraction(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
