"""A built page as the search index reads it: which part Pagefind indexes, what weighs most,
and what it leaves out. Applied to the final HTML of every page readers search."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

_ARTICLE = '<article class="md-content__inner md-typeset">'
_H1 = re.compile(r"<h1(?=[ >])")


def mark_for_search(html: str) -> str:
    """The page's article marked as the part the search index holds, and its title weighed most.
    (Citation marks and heading anchors are left out by the index's own settings, once:
    kb.publish.output.)"""
    html = html.replace(_ARTICLE, _ARTICLE[:-1] + " data-pagefind-body>", 1)
    # A match in the title says most about what a page is; Pagefind's default weight for <h1>
    # let long pages that merely mention a name outrank the entry named so.
    return _H1.sub('<h1 data-pagefind-weight="10"', html, count=1)


def attribute_json(data: Any) -> Markup:
    """JSON for an HTML attribute in single quotes: letters as they are and double quotes bare
    (Jinja's `tojson | forceescape` wrote each Cyrillic letter as six bytes and each quote as five)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;"))
