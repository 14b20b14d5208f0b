# Shared by docker-compose's web service and the load test.
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
accesslog = "-"
# Load the app (and Django) before forking; the spaCy model still loads lazily per worker.
preload_app = True
