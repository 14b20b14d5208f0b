"""Pages. Each view parses its input with a form, asks a QuerySet method or a service, and renders.

With htmx, a view answers with the inline partial of its page that the request swaps in. The views are
grouped by what the analyst works on; this package re-exports them for urls.py.
"""

from .actors import actor_detail
from .articles import article_detail
from .events import event_detail, home, outlet_detail
from .export import event_export
from .panels import event_panels
from .search import search
from .upload import article_new

__all__ = [
    "actor_detail",
    "article_detail",
    "article_new",
    "event_detail",
    "event_export",
    "event_panels",
    "home",
    "outlet_detail",
    "search",
]
