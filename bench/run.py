"""``make bench``: every benchmark in its own process, then one line per figure.

Each figure is measured side by side with its reference in the same run, so ratios hold on a noisy machine.
Sizes can be reduced for a quick look: BENCH_WORDS, BENCH_INGEST_WORDS, BENCH_SIZES, BENCH_MEMORY_ARTICLES,
BENCH_WORKER_ARTICLES.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = float(os.environ.get("BENCH_STEP_TIMEOUT", "2400"))
STEPS = [
    ("1. extraction throughput", ["bench.extraction"]),
    ("2. ingest, SQLite", ["bench.ingest", "sqlite"]),
    ("2. ingest, PostgreSQL", ["bench.ingest", "postgres"]),
    ("3. event page", ["bench.event_page"]),
    ("4. memory", ["bench.memory"]),
    ("5. Celery workers", ["bench.workers"]),
]


def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    memory = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} cores {cpu}, {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> int:
    only = set(sys.argv[1:])
    lines: list[str] = []
    failed = []
    print(f"Parallax benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}", flush=True)
    for title, module in STEPS:
        if only and module[0].split(".")[-1] not in only:
            continue
        print(f"== {title}", flush=True)
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", *module],
                cwd=REPO,
                capture_output=True,
                text=True,
                env=os.environ.copy(),
                timeout=STEP_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            # A text that never finishes (a pipeline bug) must not hang the whole run.
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            proc = subprocess.CompletedProcess(exc.cmd, -1, out, f"timed out after {STEP_TIMEOUT:.0f} s")
        found = [line[len("RESULT ") :] for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
        for line in found:
            print(f"   {line}", flush=True)
        if proc.returncode != 0 or not found:
            failed.append(title)
            print(proc.stderr[-3000:], file=sys.stderr)
            found = found or [f"{title}: FAILED ({proc.stderr.strip().splitlines()[-1:] or proc.returncode})"]
        lines += found
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    print("\n== summary, one line per figure")
    for line in lines:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
