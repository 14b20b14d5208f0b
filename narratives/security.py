"""Login rate limiting and the pages served when the database is unavailable (issue 6)."""

from __future__ import annotations

import errno
import logging
import sys

from axes.backends import AxesStandaloneBackend
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class RequestAxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request.

    Every web login (the login page, the admin's) passes its request. Code that authenticates without
    one (a management command, the test client's ``login``) is not reachable by an attacker and has no
    address to count failures against, so it is passed on to the next backend instead of refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


FULL_MESSAGES = ("no space left on device", "disk is full", "disk full")


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def storage_problem(exc: BaseException | None) -> str | None:
    """A plain sentence when ``exc`` means the database or the disk cannot take the request now."""
    chain = list(_chain(exc))
    for err in chain:
        if (isinstance(err, OSError) and err.errno == errno.ENOSPC) or (
            isinstance(err, OSError | OperationalError) and any(m in str(err).lower() for m in FULL_MESSAGES)
        ):
            return "The server's storage is full, so nothing was saved. Tell an administrator."
    if any(isinstance(err, OperationalError | InterfaceError) for err in chain):
        return "The database is not reachable right now. Nothing was changed; try again in a moment."
    return None


def server_error(request, *args, **kwargs):
    """handler500: a database outage or a full disk is a 503 page that says so, anything else a 500.

    The page is rendered without the request context: the user, the session and the messages would all
    ask the database again.
    """
    problem = storage_problem(sys.exc_info()[1])
    if problem is None:
        return defaults.server_error(request, *args, **kwargs)
    body = render_to_string("503.html", {"problem": problem})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
