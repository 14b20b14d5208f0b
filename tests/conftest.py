import dataclasses

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

# The browser tests import helpers from this plugin module before pytest loads it as a plugin.
pytest.register_assert_rewrite("browser_fixtures")


def pytest_configure(config):
    """Tests create hundreds of users: a fast hasher here (PBKDF2's cost is the point everywhere else)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _memoised_extraction():
    """Extraction is deterministic, so each (text, knowledge) is extracted once per test session.

    Many tests load the demo corpus; without this, each of them would run spaCy over it again. Database keys
    are left out of the cache key: PostgreSQL does not roll back its sequences between tests.
    """
    from narratives.nlp import pipeline

    original, cache = pipeline.extract, {}

    def extract(text, knowledge):
        key = (
            text,
            dataclasses.replace(
                knowledge, actors=tuple(dataclasses.replace(a, pk=None) for a in knowledge.actors)
            ),
        )
        if key not in cache:
            cache[key] = original(text, knowledge)
        return cache[key]

    pipeline.extract = extract
    yield
    pipeline.extract = original


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
