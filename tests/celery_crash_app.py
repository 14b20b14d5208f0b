"""Worker app for tests/test_tasks_worker.py: the real Celery app and task, with a store that stops mid-write.

``store_extraction`` runs for real inside a transaction, so the claims are inserted but not committed; the
worker process then writes its pid to $PARALLAX_TEST_MARKER and sleeps until the test kills it.
"""

import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "narratives.settings")
django.setup()

from django.db import transaction  # noqa: E402

from narratives import services  # noqa: E402
from narratives.celery import app  # noqa: E402, F401

_real_store = services.extraction.store_extraction


def store_then_hang(*, article, result):
    with transaction.atomic():
        summary = _real_store(article=article, result=result)
        # The pid to kill, and how many uncommitted claims the kill must roll back.
        Path(os.environ["PARALLAX_TEST_MARKER"]).write_text(f"{os.getpid()} {summary.added}")
        time.sleep(600)
    return summary


services.extraction.store_extraction = store_then_hang
