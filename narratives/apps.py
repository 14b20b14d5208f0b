from django.apps import AppConfig


class NarrativesConfig(AppConfig):
    name = "narratives"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Parallax"

    def ready(self):
        # Register the Celery tasks in every process (web, commands, workers): services queue them by name.
        from . import tasks  # noqa: F401
