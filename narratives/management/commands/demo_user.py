import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create (or reset) the demo analyst account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DEMO_USERNAME", "analyst"))
        parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "parallax-demo"))

    def handle(self, *args, username: str, password: str, **options):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        group, _ = Group.objects.get_or_create(name=settings.NARRATIVES_ANALYSTS_GROUP)
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Demo analyst login: {username} / {password}"))
