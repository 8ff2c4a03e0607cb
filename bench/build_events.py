#!/usr/bin/env python3
"""Where a build's CPU time goes: `mkdocs build` in this process, with the CPU time of each MkDocs
event (all plugins and hooks of that event together), of Markdown conversion, of the engine's
Markdown extension (the sanitiser and the code-link check) and of template rendering.

Run it in a project (for the plain build too, with `-f mkdocs-plain.yml`), with the project's
hooks/ on PYTHONPATH, e.g. in bench/work/kb-500 after `bench/run.py --sizes 500`:

    PYTHONPATH=hooks ../../../.venv/bin/python ../../build_events.py build --no-strict --site-dir /tmp/site

It prints one line, `TIMING {json}`, on stderr: seconds of CPU time (process_time, which load on a
shared machine changes far less than wall time), children's CPU time (Pagefind), wall time and
the load average. Engine minus plain, event by event, is the engine's own cost.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

started_cpu, started_wall = time.process_time(), time.perf_counter()

import jinja2  # noqa: E402
import markdown  # noqa: E402
import mkdocs.plugins  # noqa: E402

spent: dict[str, float] = {}


def timed(owner, name: str, key: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        t = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.process_time() - t

    setattr(owner, name, wrapper)


_run_event = mkdocs.plugins.PluginCollection.run_event


def run_event(self, name, item=None, **kwargs):
    t = time.process_time()
    try:
        return _run_event(self, name, item, **kwargs)
    finally:
        spent["event:" + name] = spent.get("event:" + name, 0.0) + time.process_time() - t


mkdocs.plugins.PluginCollection.run_event = run_event
timed(markdown.Markdown, "convert", "markdown.convert")
timed(jinja2.Template, "render", "jinja.render")
try:
    from kb.adapters import markdown_ext as kb_markdown
except ImportError:  # not on PYTHONPATH: the plain build does without it
    pass
else:
    timed(kb_markdown.Sanitiser, "run", "markdown_ext.Sanitiser")
    timed(kb_markdown.CodeLinks, "run", "markdown_ext.CodeLinks")


def main() -> None:
    from mkdocs.__main__ import cli

    try:
        cli(sys.argv[1:], standalone_mode=False)
    finally:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.update(
            total_cpu_self=time.process_time() - started_cpu,
            children_cpu=children.ru_utime + children.ru_stime,
            wall=time.perf_counter() - started_wall,
            load=os.getloadavg()[0],
        )
        print("TIMING " + json.dumps(spent), file=sys.stderr)


if __name__ == "__main__":
    main()
