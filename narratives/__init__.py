# The Celery app loads with Django so that @shared_task binds to it (workers and web alike).
from .celery import app as celery_app  # noqa: F401
