"""A built page as the search index reads it: which part Pagefind indexes, what weighs most,
and what it leaves out. Applied to the final HTML of every page readers search."""

from __future__ import annotations

import re

_ARTICLE = '<article class="md-content__inner md-typeset">'
_H1 = re.compile(r"<h1(?=[ >])")


def mark_for_search(html: str) -> str:
    """The page's article marked as the part the search index holds, its title weighed most,
    and citation marks and heading anchors left out of the index."""
    html = html.replace(_ARTICLE, _ARTICLE[:-1] + " data-pagefind-body>", 1)
    # A match in the title says most about what a page is; Pagefind's default weight for <h1>
    # let long pages that merely mention a name outrank the entry named so.
    html = _H1.sub('<h1 data-pagefind-weight="10"', html, count=1)
    # Citation marks are not words: indexed, «зоны²³» would be the word «зоны23» in excerpts.
    html = html.replace('<sup class="kb-cite">', '<sup class="kb-cite" data-pagefind-ignore>')
    return html.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
