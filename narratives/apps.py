from django.apps import AppConfig


class NarrativesConfig(AppConfig):
    name = "narratives"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Parallax"
