import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The full demo data set, loaded through the real command (runs the spaCy pipeline)."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("ana", password="pw-analyst-1")
    user.groups.add(Group.objects.get(name="analysts"))
    return user


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("vic", password="pw-viewer-1")
    user.groups.add(Group.objects.get(name="viewers"))
    return user


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
