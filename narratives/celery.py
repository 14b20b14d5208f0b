"""The Celery app. Configured from Django settings ``CELERY_*``; see the ``# Celery`` block of settings.py.

Without ``CELERY_BROKER_URL`` tasks run eagerly in the calling process, so ``make run`` needs only Python.
Workers on any machine that shares PostgreSQL and Redis run ``celery -A narratives worker``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "narratives.settings")

app = Celery("narratives")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def runs_eagerly() -> bool:
    """True when no broker is configured and tasks run in the calling process."""
    return bool(app.conf.task_always_eager)
