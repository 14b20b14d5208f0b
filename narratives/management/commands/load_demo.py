from django.core.management.base import BaseCommand

from narratives.services.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo sides, outlets, actors, events and the five sample articles. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Reset reference rows to the shipped data (overwrites edits).",
        )

    def handle(self, *args, refresh: bool = False, **options):
        summary = load_demo(refresh=refresh)
        created = ", ".join(f"{n} {model}" for model, n in summary.created.items()) or "no new reference rows"
        self.stdout.write(f"Demo data: {created}; {len(summary.articles_added)} new articles.")
