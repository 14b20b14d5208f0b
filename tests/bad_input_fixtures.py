"""The post fixture and file() of the bad-input tests, bound by name in each test module."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from intake_helpers import HTMX, row_counts


@pytest.fixture
def post(analyst_client, bridge, fake_nlp):
    """POST to the upload form; asserts no 500 and that no row was added, returns the page text."""

    def _post(data, *, status=None, htmx=False, stores=False):
        status = status or (302 if stores else 200)
        before = row_counts()
        response = analyst_client.post(reverse("article_new"), data, **(HTMX if htmx else {}))
        assert response.status_code == status, response.status_code
        if not stores:
            assert row_counts() == before
        return response.content.decode()

    return _post


def file(name: str, data: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, data)}
