"""The upload form (/articles/new/): read the source, store the article, say where its claims went.

Size limits hold before anything is read into memory: a file past NARRATIVES_MAX_UPLOAD_BYTES stops
streaming at the limit (the rest of the body is drained and discarded), and a text body past Django's
DATA_UPLOAD_MAX_MEMORY_SIZE is refused with the form and a plain message rather than a bare 400 page.
Both need the request body parsed after our upload handler is installed, hence ``csrf_exempt`` on the
outer view and ``csrf_protect`` on the inner one: CSRF is still checked, once the body is parsed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ..forms import ArticleUploadForm, human_size, url_fetch_enabled
from ..models import Outlet
from ..security import storage_problem
from ..services import IngestResult, ingest_article
from .common import analyst_required, render_page

log = logging.getLogger(__name__)

TEMPLATE = "narratives/article_new.html"
OUTLET_SUGGESTIONS = 200


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops receiving a file once it passes ``max_bytes``; Django then drains and drops the rest."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.stopped = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.stopped = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file


def _parse_body(request) -> tuple[SizeLimitedUploadHandler, bool]:
    """Parse the POST body under the size limits; True when Django refused the body as too large."""
    handler = SizeLimitedUploadHandler(request, settings.NARRATIVES_MAX_UPLOAD_BYTES)
    request.upload_handlers.insert(0, handler)
    try:
        request.POST  # noqa: B018 - parse now, with the handler in place
    except RequestDataTooBig:
        return handler, True
    return handler, False


def _context(form: ArticleUploadForm, **extra) -> dict:
    return {
        "form": form,
        "outlet_names": Outlet.objects.order_by("name").values_list("name", flat=True)[:OUTLET_SUGGESTIONS],
        "url_fetch": url_fetch_enabled(),
        **extra,
    }


def _too_large(request):
    form = ArticleUploadForm()
    limit = human_size(settings.NARRATIVES_MAX_UPLOAD_BYTES)
    message = f"The upload is larger than the {limit} limit; nothing was stored."
    # htmx swaps only 2xx answers; a plain form post gets the honest status.
    status = 200 if request.htmx else 413
    return render_page(
        request, TEMPLATE, _context(form, refused=message), partial="upload-form", status=status
    )


def summary_lines(result: IngestResult) -> list[str]:
    """What the upload did, one line each: claims per event and side, notes, figures."""
    summary = result.summary
    if summary is None:
        return []
    lines = summary.describe()
    lines.extend(summary.notes)
    placed = sum(sum(c.values()) for c in summary.by_event.values())
    if summary.added == 0 and not summary.notes:
        lines.append("No attributed claims were found in this article.")
    elif placed < summary.added:
        unplaced = summary.added - placed
        lines.append(f"{unplaced} claim{'s' if unplaced != 1 else ''} not tied to a known event.")
    if summary.figures:
        lines.append(f"{summary.figures} figure{'s' if summary.figures != 1 else ''} found.")
    return lines


def _announce(request, result: IngestResult) -> None:
    article = result.article
    if not result.created:
        messages.warning(
            request,
            format_html(
                'This text is already in Parallax as <a href="{}">{}</a>. Nothing new was stored.',
                article.get_absolute_url(),
                article.display_title,
            ),
        )
        return
    if result.queued:
        messages.success(
            request,
            format_html(
                "Stored “{}”. Its claims are being extracted; this page shows them when that is done.",
                article.display_title,
            ),
        )
        return
    lines = format_html_join("", "<li>{}</li>", ((line,) for line in summary_lines(result)))
    messages.success(
        request,
        format_html('Stored “{}”.<ul class="message__lines">{}</ul>', article.display_title, lines),
    )


@csrf_exempt  # checked by _upload once the body is parsed under the limits
@analyst_required
def article_new(request):
    handler = None
    if request.method == "POST":
        handler, refused = _parse_body(request)
        if refused:
            return _too_large(request)
    return _upload(request, handler)


@csrf_protect
def _upload(request, handler: SizeLimitedUploadHandler | None):
    if request.method != "POST":
        return render_page(request, TEMPLATE, _context(ArticleUploadForm()), partial="upload-form")
    form = ArticleUploadForm(request.POST, request.FILES, file_too_big=bool(handler and handler.stopped))
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = ingest_article(
                text=data["article_text"],
                outlet_name=data["outlet"],
                title=data["title"],
                published=data["published"],
                url=data["url"],
                uploaded_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except Exception as exc:
            # The upload is one transaction, so a failure leaves no rows behind.
            log.exception("Upload failed")
            form.add_error(
                None,
                storage_problem(exc)
                or "Extraction failed on this text; nothing was stored. The error is logged.",
            )
        else:
            _announce(request, result)
            url = result.article.get_absolute_url()
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    return render_page(request, TEMPLATE, _context(form), partial="upload-form")


@csrf_exempt  # checked by _prefill once the body is parsed under the limits
@analyst_required
@require_POST
def article_prefill(request):
    """htmx: read the chosen file (or the URL, when fetching is on) and fill the blank metadata fields."""
    handler, refused = _parse_body(request)
    return _prefill(request, handler, refused)


@csrf_protect
def _prefill(request, handler: SizeLimitedUploadHandler, refused: bool):
    if refused:
        context = _context(ArticleUploadForm(), read_error="The upload is larger than the limit.")
        return render(request, f"{TEMPLATE}#upload-meta", context)
    has_file = "file" in request.FILES or handler.stopped
    posted = request.POST.copy()
    posted["text"] = ""  # only the file or the URL is read here
    if not has_file and not (url_fetch_enabled() and posted.get("url")):
        return render(request, f"{TEMPLATE}#upload-meta", _context(ArticleUploadForm(initial=posted.dict())))
    form = ArticleUploadForm(posted, request.FILES, file_too_big=handler.stopped)
    form.is_valid()
    initial, filled = form.prefill()
    document = form.cleaned_data.get("document")
    read_error = ""
    if document is None:
        errors = form.errors.get("file") or form.errors.get("url") or form.non_field_errors()
        read_error = errors[0] if errors else "The document could not be read."
    context = _context(
        ArticleUploadForm(initial=initial),
        document=document,
        filled=filled,
        filled_text=" and ".join(filter(None, [", ".join(filled[:-1]), filled[-1] if filled else ""])),
        read_error=read_error,
        words=len(document.text.split()) if document else 0,
    )
    return render(request, f"{TEMPLATE}#upload-meta", context)


@analyst_required
@require_GET
def outlet_options(request):
    """htmx: <option>s of the outlets whose name contains ?outlet= (the datalist grows as you type)."""
    query = " ".join(request.GET.get("outlet", "").split())[:200]
    outlets = Outlet.objects.order_by("name")
    if query:
        outlets = outlets.filter(name__icontains=query)
    names = outlets.values_list("name", flat=True)[:OUTLET_SUGGESTIONS]
    return render(request, f"{TEMPLATE}#outlet-options", {"outlet_names": names})
