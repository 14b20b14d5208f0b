"""The client side of the load test: logged-in sessions, readers and uploaders, timed requests."""

from __future__ import annotations

import random
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from loadtest.common import REQUEST_TIMEOUT, SEARCHES

# --- the clients -----------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (timeout, connection error)
    seconds: float
    at: float


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    uploads: dict[int, str] = field(default_factory=dict)  # acknowledged: article pk -> title
    refused_uploads: list[str] = field(default_factory=list)
    refusals: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(client: httpx.Client, username: str, password: str) -> None:
    page = client.get("/accounts/login/")
    token = TOKEN.search(page.text).group(1)
    response = client.post(
        "/accounts/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {username} failed: {response.status_code}")


def timed(client: httpx.Client, results: Results, kind: str, t0: float, method: str, url: str, **kw):
    started = time.perf_counter()
    try:
        response = client.request(method, url, **kw)
        status = response.status_code
    except httpx.HTTPError:
        response, status = None, 0
    results.add(Sample(kind, status, time.perf_counter() - started, started - t0))
    return response


def session(base: str, username: str, password: str) -> httpx.Cookies:
    """Log in once per role and share the session: 50 logins would be 50 slow password hashes."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        login(client, username, password)
        return httpx.Cookies(client.cookies)


def reader(base, cookies, targets, results: Results, t0: float, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT, cookies=cookies) as client:
        while time.perf_counter() < deadline:
            roll = rng.random()
            if roll < 0.35:
                slug = rng.choice(targets["events"])
                headers = {"HX-Request": "true"} if rng.random() < 0.3 else {}
                params = {"kind": "direct"} if headers else {}
                timed(client, results, "event", t0, "GET", f"/events/{slug}/", params=params, headers=headers)
            elif roll < 0.7:
                timed(client, results, "article", t0, "GET", f"/articles/{rng.choice(targets['articles'])}/")
            else:
                timed(client, results, "search", t0, "GET", "/search/", params={"q": rng.choice(SEARCHES)})


SPEAKERS = ["Pentagon spokesman Eric Pahon", "Russian Defence Minister Sergei Shoigu", "Vladimir Putin"]
CLAIMS = [
    "the withdrawal of Russian troops from Syria was proceeding on schedule",
    "there was no evidence that Russian forces were leaving Syria",
    "the Islamic State group had been defeated in Syria",
    "American troops would stay in Syria as long as they were needed",
]


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CUES = ("said", "told reporters", "said in a statement", "insisted", "added")


def article_text(rng: random.Random, nonce: str) -> str:
    """A wire story as outlets write them: headline, dateline, attributed sentences. The nonce stays in the
    reference line at the end, where it makes the text unique without sitting inside a sentence."""
    lines = [f"Officials trade claims over Syria ({rng.choice(DAYS)} briefing)", ""]
    first = True
    for _ in range(rng.randint(4, 8)):
        day = rng.choice(DAYS)
        lead = "MOSCOW, Dec 14 (Load Test Wire) - " if first else ""
        lines.append(f"{lead}{rng.choice(SPEAKERS)} {rng.choice(CUES)} on {day} that {rng.choice(CLAIMS)}.")
        first = False
    lines.append(f"Reference {nonce}.")
    return "\n\n".join(lines)


def upload_one(client: httpx.Client, results: Results, t0: float, rng: random.Random) -> None:
    form = timed(client, results, "upload-form", t0, "GET", "/articles/new/")
    if form is None or form.status_code != 200:
        time.sleep(0.5)
        return
    nonce = secrets.token_hex(8)
    title = f"Load {nonce}"
    data = {
        "csrfmiddlewaretoken": TOKEN.search(form.text).group(1),
        "title": title,
        "outlet": "Load Test Wire",
        "text": article_text(rng, nonce),
    }
    response = timed(client, results, "upload", t0, "POST", "/articles/new/", data=data)
    if response is not None and response.status_code == 302:
        match = re.match(r"/articles/(\d+)/", response.headers["location"])
        with results.lock:
            results.uploads[int(match.group(1))] = title
    elif response is not None and response.status_code == 200:
        alert = re.search(r'class="form-errors" role="alert">(.*?)</div>', response.text, re.S)
        reason = re.sub(r"<[^>]+>|\s+", " ", alert.group(1)).strip() if alert else "no message"
        with results.lock:
            results.refused_uploads.append(title)
            results.refusals[reason] += 1


def uploader(base, cookies, results: Results, t0: float, deadline: float | None, seed: int) -> None:
    """Uploads until the deadline; with none, exactly one upload (the warm-up)."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT, cookies=cookies) as client:
        upload_one(client, results, t0, rng)
        while deadline is not None and time.perf_counter() < deadline:
            upload_one(client, results, t0, rng)
