"""Bulk import: ``manage.py import_articles PATH... [--outlet NAME] [--workers N]``.

PATH is a .txt, .md, .html, .pdf or .docx file, a folder of them, or a JSON-lines file of
``{title, outlet, published, url, text}``. Texts already stored (same normalised content hash) are skipped,
so an interrupted import is finished by running it again.
"""

from __future__ import annotations

import shutil
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from narratives.celery import runs_eagerly
from narratives.intake.batch import count_records, expand_paths, read_records
from narratives.models import Article, Claim, Figure
from narratives.services.importer import Importer, ImportReport


def bar_width() -> int:
    """The terminal's width, or 100 where it reports none (pipes, bare pseudo-terminals)."""
    return shutil.get_terminal_size((100, 24)).columns


class Command(BaseCommand):
    help = "Import articles from files, folders or JSON lines; extract their claims; skip known texts."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--outlet", default="", help="Outlet for records that do not name one.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="spaCy processes (nlp.pipe n_process). With a Celery broker, the workers extract instead.",
        )
        parser.add_argument("--batch-size", type=int, default=100, help="Articles per database transaction.")
        parser.add_argument("--nlp-batch-size", type=int, default=16, help="Texts per nlp.pipe batch.")
        parser.add_argument(
            "--no-wait", action="store_true", help="With a broker: queue the articles and return at once."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **opts):
        from tqdm import tqdm

        files = expand_paths(opts["paths"])
        missing = [str(p) for p in files if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        total = count_records(files)
        queue = not runs_eagerly()
        show = not opts["no_progress"] and opts["verbosity"] >= 1
        bar = tqdm(
            total=total,
            unit="article",
            desc="queueing" if queue else "importing",
            disable=not show,
            file=self.stderr._out,
            ncols=bar_width(),
        )

        def progress(n: int, report: ImportReport) -> None:
            bar.update(n)
            bar.set_postfix(new=report.imported + report.queued, dup=report.duplicates, failed=report.failed)

        importer = Importer(
            default_outlet=opts["outlet"],
            workers=opts["workers"],
            batch_size=opts["batch_size"],
            nlp_batch_size=opts["nlp_batch_size"],
            queue=queue,
            progress=progress,
        )
        started = time.perf_counter()
        report = importer.run(read_records(files, max_bytes=settings.NARRATIVES_MAX_UPLOAD_BYTES))
        bar.close()
        if queue and not opts["no_wait"] and not report.interrupted and report.article_ids:
            self._wait_for_workers(report, show)
            report.seconds = time.perf_counter() - started
        self._print_summary(report, queue)
        if report.interrupted:
            raise CommandError("Interrupted. Run the same command again to finish: stored texts are skipped.")
        if report.failed:
            raise CommandError(f"{report.failed} of the inputs failed; each is listed above with its reason.")

    def _wait_for_workers(self, report: ImportReport, show: bool) -> None:
        """Follow the queued articles until every one is done or failed (Ctrl-C stops watching, not work)."""
        from tqdm import tqdm

        ids = report.article_ids
        open_states = (Article.Status.PENDING, Article.Status.PROCESSING)
        with tqdm(
            total=len(ids),
            unit="article",
            desc="extracting",
            disable=not show,
            file=self.stderr._out,
            ncols=bar_width(),
        ) as bar:
            try:
                while True:
                    remaining = sum(
                        Article.objects.filter(pk__in=ids[i : i + 5000], status__in=open_states).count()
                        for i in range(0, len(ids), 5000)
                    )
                    bar.update(len(ids) - remaining - bar.n)
                    if remaining == 0:
                        break
                    time.sleep(1)
            except KeyboardInterrupt:
                self.stdout.write("Stopped watching; the workers carry on.")
                return
        for i in range(0, len(ids), 5000):
            rows = Article.objects.filter(pk__in=ids[i : i + 5000])
            for source_id, error in rows.filter(status=Article.Status.FAILED).values_list("pk", "error"):
                report.failures.append((f"article {source_id}", error))
            report.imported += rows.filter(status=Article.Status.DONE).count()
            report.claims += Claim.objects.filter(
                article__in=rows, article__status=Article.Status.DONE
            ).count()
            report.figures += Figure.objects.filter(
                article__in=rows, article__status=Article.Status.DONE
            ).count()
        report.queued = 0

    def _print_summary(self, report: ImportReport, queue: bool) -> None:
        rate = report.imported / report.seconds if report.seconds else 0.0
        words = report.words / report.seconds if report.seconds else 0.0
        lines = []
        if report.queued:
            lines.append(f"Queued {report.queued} articles for the Celery workers.")
        lines.append(
            f"Imported {report.imported} articles ({report.claims} claims, {report.figures} figures) in "
            f"{report.seconds:.1f} s: {rate:.1f} articles/s, {words:.0f} words/s."
        )
        lines.append(f"Skipped {report.duplicates} duplicates (already stored, or repeated in the input).")
        lines.append(f"Failed {report.failed}" + (":" if report.failures else "."))
        for source, reason in report.failures:  # every one: the analyst fixes them by name
            lines.append(f"  {source}: {reason}")
        style = self.style.WARNING if report.failed or report.interrupted else self.style.SUCCESS
        self.stdout.write(style("\n".join(lines)))
