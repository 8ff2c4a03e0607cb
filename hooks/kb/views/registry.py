"""Every kind of view, registered once: its name, how it is drawn and the files it writes beside
its pages. What its settings are, and which name collections or fields, its schema file says
(`views/schemas/<kind>.schema.yml`, read by `kb.read.views`)."""

from __future__ import annotations

from kb.pages.entry_pages import ViewKind
from kb.views.changes import recent
from kb.views.checklist import checklist, checklist_data
from kb.views.overview import map_data, map_view, matrix, table, timeline
from kb.views.tools import benchmarks, compare, compare_data, finder, finder_data
from kb.views.workbooks import workbooks, workbooks_data

VIEWS: dict[str, ViewKind] = {
    "matrix": ViewKind(render=matrix),
    "map": ViewKind(render=map_view, data=map_data),
    "timeline": ViewKind(render=timeline),
    "table": ViewKind(render=table),
    "finder": ViewKind(render=finder, data=finder_data),
    "compare": ViewKind(render=compare, data=compare_data),
    "benchmarks": ViewKind(render=benchmarks),
    "changes": ViewKind(render=recent),
    "checklist": ViewKind(render=checklist, data=checklist_data),
    "workbooks": ViewKind(render=workbooks, data=workbooks_data),
}
