"""Settings of the load test, read from the environment, and its log line."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only, by design
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
READERS = int(os.environ.get("LOAD_READERS", "50"))
UPLOADERS = int(os.environ.get("LOAD_UPLOADERS", "5"))
FAULTS = os.environ.get("FAULTS", "0") not in ("", "0", "no", "false")
PG_URL = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_CLUSTER = os.environ.get("LOAD_PG_CLUSTER", "parallaxload")
PG_PORT = int(os.environ.get("LOAD_PG_PORT", "5499"))
REQUEST_TIMEOUT = float(os.environ.get("LOAD_REQUEST_TIMEOUT", "120"))  # gunicorn's own timeout
SEARCHES = ["troops", "withdrawal", "Russia", "ISIS defeated", "Putin", "Pentagon", "Hmeimim", "base"]
OUT = REPO / "test-output" / "loadtest"
FAULT_GRACE = float(os.environ.get("LOAD_FAULT_GRACE", "5"))  # seconds after the restart
READER = ("loadreader", "load-reader-pass-1")
UPLOADER = ("loaduploader", "load-uploader-pass-1")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)
