"""Faults of editors' laptops and CI runners: pasted front matter, folders that cannot be read,
invisible characters, markup that stopped the build, a busy or read-only site folder, and the
`kb` command under stress. Each ends in one clear message; nothing is lost or half-written.

The tests run as root in CI, where a read-only folder stops nothing: the cases of permissions
run the command as the user `nobody` (`setpriv`), in a project under a folder every user can
read; as any other user they run the command as it is.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import BIN, build_site, checked, pipeline, run_kb, write_project
from sample_kb import FILES, TODAY, ZONE, ZONE_RU

Z, Z_RU = "kb/zones/avangard.md", "kb/zones/avangard.ru.md"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def lines_of(root: Path, today: str = TODAY) -> list[str]:
    """Every problem of a project as `kb check` prints it."""
    return [p.format() for p in checked(root, today).problems]


def check(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "kb"), "check", "--today", TODAY, *args], cwd=root, capture_output=True, text=True, timeout=120, env=env or os.environ
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]


@pytest.fixture
def shared(tmp_path_factory):
    """Factory: a project in a folder every user can enter and read (for `as_user`)."""
    made = []

    def make(files: dict, **kw) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="kb-faults-"))
        made.append(folder)
        os.chmod(folder, 0o755)
        return write_project(folder, files, **kw)

    yield make
    for folder in made:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def as_user(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command as a user that file permissions bind: `nobody` when the tests run as root."""
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: a read-only folder cannot be made")
        command = ["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=ENV)


# --- silent loss --------------------------------------------------------------------------------


def test_second_front_matter_block_is_an_error(project):
    """Facts pasted with their fences after the front matter showed as a paragraph and passed."""
    root = project({**FILES, Z: ZONE.replace("## Overview", "\n---\nstatus: closed\nclosed: 2025-01\n---\n## Overview", 1)})
    assert lines_of(root) == [
        f"{Z}:18:1: error [front-matter] a second block of fields between '---' lines starts here; its fields would show as text: "
        "move them into the front matter at the top of the file"
    ]


@pytest.mark.parametrize(
    "body", ["---\nNote: the zone is large.\nMore prose.\n---\n", "---\n\n## Overview\n", "Text.\n\n---\nstatus: closed\n---\n"]
)
def test_rules_and_prose_are_not_a_second_front_matter(project, body):
    """A rule, prose between two rules, or fields further down are not taken for pasted facts."""
    root = project({**FILES, Z: ZONE.replace("## Overview\n", body + "## Overview\n", 1)})
    assert not [line for line in lines_of(root) if "[front-matter]" in line]


def test_unreadable_collection_folder_is_named_and_counted(shared):
    """With kb/zones unreadable the check counted the rest and named nothing."""
    root = shared(FILES)
    (root / "kb/zones").chmod(0o700)
    result = as_user([str(BIN / "kb"), "check", "--today", TODAY], root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "kb/zones:1:1: error [unreadable] the folder cannot be read: Permission denied; its files were skipped" in lines
    assert lines[-1].startswith("kb check: 3 entries (skipped: kb/zones), 3 errors, 0 warnings (")


@pytest.mark.parametrize("folder", ["schemas", "vocabularies", "maps"])
def test_unreadable_folders_of_the_base_are_named(shared, folder):
    """The folders the engine reads for itself: located errors, not a traceback."""
    root = shared(FILES)
    (root / "kb" / folder).chmod(0o700)
    result = as_user([str(BIN / "kb"), "check", "--today", TODAY], root)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        f"kb/{folder}:1:1: error [unreadable] the folder cannot be read: Permission denied; its files were skipped"
        in result.stdout.splitlines()
    )
    assert f" (skipped: kb/{folder})," in result.stdout.splitlines()[-1]


def test_unreadable_entry_file_is_named_and_counted(shared):
    root = shared(FILES)
    (root / Z_RU).chmod(0o600)
    result = as_user([str(BIN / "kb"), "check", "--today", TODAY], root)
    assert result.stdout.splitlines()[:-1] == [f"{Z_RU}:1:1: error [unreadable] the file cannot be read: Permission denied"]
    assert result.stdout.splitlines()[-1].startswith(f"kb check: 4 entries (skipped: {Z_RU}), 1 error, 0 warnings (")


def test_undecodable_translation_gives_one_error(project):
    """A Russian file saved as Windows-1251: the decoding error, not also 'create the file'."""
    root = project({**FILES, Z_RU: ZONE_RU.encode("cp1251")})
    assert lines_of(root) == [f"{Z_RU}:2:8: error [not-utf8] byte 0xc0 is not valid UTF-8; save the file as UTF-8"]


# --- invisible and bidirectional characters ----------------------------------------------------

RLO = "\u202e"


def test_bidi_override_in_a_title_is_an_error_and_reaches_no_page(project):
    root = project({**FILES, Z: ZONE.replace("title: Avangard", f"title: Avan{RLO}gard", 1)})
    message = f"{Z}:2:8: error [invisible-character] title contains the invisible character \\u202e (right-to-left override); delete it"
    assert lines_of(root) == [message]
    _, pages = pipeline(root)
    assert [uri for uri, text in pages.items() if RLO in text] == []
    assert "Avangard" in pages["zones/avangard.md"]


def test_bidi_override_written_as_a_yaml_escape_is_an_error(project):
    root = project({**FILES, Z: ZONE.replace("title: Avangard", 'title: "Avangard \\u202e reversed"', 1)})
    assert lines_of(root) == [
        f"{Z}:2:8: error [invisible-character] title contains the invisible character \\u202e (right-to-left override); delete it"
    ]


def test_invisible_characters_in_facts_names_and_translations(project):
    root = project(
        {
            **FILES,
            Z: ZONE.replace("region: RU-OMS", "reg\u200bion: RU-OMS", 1).replace("title: Omsk RBC", "title: Omsk\u2066 RBC", 1),
            Z_RU: ZONE_RU.replace("title: Авангард", "title: Аван\u200fгард", 1),
        }
    )
    assert lines_of(root) == [  # each value kept without the character: the field is not lost as well
        f"{Z}:4:1: error [invisible-character] a field name contains the invisible character \\u200b (zero width space); delete it",
        f"{Z}:13:21: error [invisible-character] sources[1].title contains the invisible character \\u2066 (left-to-right isolate); delete it",
        f"{Z_RU}:2:8: error [invisible-character] title contains the invisible character \\u200f (right-to-left mark); delete it",
    ]


def test_invisible_characters_in_the_text_are_refused(project):
    root = project({**FILES, Z: ZONE.replace("An industrial zone", f"An {RLO}industrial zone with `co\u200bde`", 1)})
    assert lines_of(root) == [
        f"{Z}:19:4: error [invisible-character] the text contains the invisible character \\u202e (right-to-left override); delete it",
        f"{Z}:19:29: error [invisible-character] the text contains the invisible character \\u200b (zero width space); delete it",
    ]


def test_bidi_file_name_is_shown_escaped_in_text_and_github_format(project):
    """A refused name cannot pass for a valid one in the message: the override is written out."""
    root = project({**FILES, f"kb/zones/avan{RLO}gard.md": ZONE})
    text = check(root)
    assert text.stdout.splitlines()[0] == (
        "kb/zones/avan\\u202egard.md:1:1: error [bad-id] file name 'avan\\u202egard' must be an id: "
        "lowercase Latin letters, digits and single hyphens (e.g. 'main-site')"
    )
    github = check(root, "--format", "github")
    assert github.stdout.splitlines() == [
        "::error file=kb/zones/avan\\u202egard.md,line=1,col=1,title=kb check::[bad-id] file name 'avan\\u202egard' must be an id: "
        "lowercase Latin letters, digits and single hyphens (e.g. 'main-site')"
    ]
    assert RLO not in text.stdout + github.stdout


def test_line_separator_does_not_shift_line_numbers(project):
    """YAML ends a line at U+2028; editors and GitHub do not. The error after it is on the editor's line."""
    root = project(
        {**FILES, Z: ZONE.replace("title: Avangard", "title: Avangard\u2028", 1).replace("status: operating", "status: operatin", 1)}
    )
    assert lines_of(root) == [
        f"{Z}:2:16: error [invisible-character] front matter contains the invisible character \\u2028 (line separator); delete it",
        f"{Z}:5:1: error [not-allowed] status must be one of the values of vocabulary 'zone-statuses': "
        "operating, being-created, planned, closed (got 'operatin'); did you mean 'operating'?",
    ]


# --- markup that stopped the build --------------------------------------------------------------


def test_marked_section_is_reported_and_survived_by_the_build(project, tmp_path):
    """`<![` without a name raised in Python's HTML parser, which MkDocs runs over every page."""
    root = project(
        {
            **FILES,
            Z: ZONE.replace("An industrial zone", "Bracket soup: <![>\n\nAn industrial zone", 1),
            "docs/soup.md": "# Soup\n\nBracket soup: <![> and <![if x]>.\n",
        },
        with_docs=True,
    )
    message = f"{Z}:19:15: error [bad-markup] '<![' opens no section the build can read and would stop it; write '&lt;![' to show it"
    assert lines_of(root) == [message]
    result = build_site(root, tmp_path / "site")
    no_traceback(result)
    assert f"ERROR   -  kb: {message}" in result.stderr
    assert result.returncode == 1 and "Aborted with 1 errors in strict mode!" in result.stdout + result.stderr
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--no-strict", "--site-dir", str(tmp_path / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=ENV,
    )
    no_traceback(result)
    assert result.returncode == 0
    assert "<p>Bracket soup: &lt;![&gt;</p>" in (tmp_path / "site/zones/avangard/index.html").read_text(encoding="utf-8")
    assert "<p>Bracket soup: &lt;![&gt; and &lt;![if x]&gt;.</p>" in (tmp_path / "site/soup/index.html").read_text(encoding="utf-8")


# --- the site folder ----------------------------------------------------------------------------


def test_site_folder_that_is_a_file(project, tmp_path):
    root = project(FILES, with_docs=True)
    site = tmp_path / "site"
    site.write_text("notes\n")
    result = build_site(root, site)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        f"ERROR   -  kb: the site folder {site} is a file, not a folder; move it away or build into another folder "
        "with --site-dir; nothing was deleted"
    ) in result.stderr
    assert site.read_text() == "notes\n"


def test_read_only_site_folder(shared):
    """MkDocs emptied the writable sub-folders, then failed on the read-only folder with a traceback."""
    root = shared(FILES, with_docs=True)
    site = root / "site"
    (site / "zones").mkdir(parents=True)
    (site / "index.html").write_text("old\n")
    (site / "zones/index.html").write_text("old\n")
    (site / "zones").chmod(0o777)  # writable by anyone: only the site folder itself is read-only
    result = as_user([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], root)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        f"ERROR   -  kb: {site} cannot be written to (it is read-only); make it writable or build into another folder "
        "with --site-dir; nothing was deleted"
    ) in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html", "zones", "zones/index.html"]


def test_second_build_into_the_same_site_is_refused(project, tmp_path):
    """While a build holds the site folder's lock, another is refused before it deletes anything."""
    root = project(FILES, with_docs=True)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("being written\n")
    with open(site / ".kb-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running build holds
        result = build_site(root, site)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        f"ERROR   -  kb: another build is writing to {site} now; nothing was deleted; wait for it to finish, "
        "or build into another folder with --site-dir"
    ) in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".kb-build.lock", "index.html"]
    assert (site / "index.html").read_text() == "being written\n"


def test_fifo_under_docs_is_reported_not_waited_for(project, tmp_path):
    root = project(FILES, with_docs=True)
    os.mkfifo(root / "docs/pipe.md")
    result = build_site(root, tmp_path / "site")  # the fixture's timeout fails the test if it hangs
    no_traceback(result)
    assert "ERROR   -  kb: docs/pipe.md: is not a regular file (a pipe or a device); only files belong in docs/" in result.stderr
    assert result.returncode == 1 and "Aborted with 1 errors in strict mode!" in result.stdout + result.stderr


def test_fifo_in_data_folders_is_located(project):
    root = project(FILES)
    os.mkfifo(root / "kb/maps/pipe.geojson")
    os.mkfifo(root / "kb/schemas/pipe.yml")
    assert lines_of(root) == [
        "kb/maps/pipe.geojson:1:1: error [unreadable] the file cannot be read: it is not a regular file",
        "kb/schemas/pipe.yml:1:1: error [unreadable] the file cannot be read: it is not a regular file",
    ]


# --- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt1", "lpt9"])
def test_kb_new_refuses_names_windows_reserves(project, name):
    root = project(FILES)
    result = run_kb(root, "new", "zones", name)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kb: '{name}' cannot be an id: Windows reserves the name {name.upper()}, and a clone there could not check the file out\n"
    )
    assert sorted(p.name for p in (root / "kb/zones").iterdir()) == ["avangard.md", "avangard.ru.md"]


@pytest.mark.parametrize("name", ["CON", "Nul", "aUx", "COM1", "Lpt1"])
def test_kb_new_refuses_reserved_names_in_any_case(project, name):
    result = run_kb(project(FILES), "new", "zones", name)
    assert result.returncode == 2
    assert result.stderr == (f"kb: '{name}' is not a valid id: use lowercase Latin letters, digits and single hyphens, e.g. 'main-site'\n")


def test_kb_check_reports_files_named_as_windows_reserves(project):
    root = project({**FILES, "kb/zones/nul.md": ZONE, "kb/zones/nul.ru.md": ZONE_RU})
    assert lines_of(root) == [
        "kb/zones/nul.md:1:1: error [bad-id] file name 'nul' cannot be an id: Windows reserves the name NUL, and a clone there could not check the file out",
        "kb/zones/nul.ru.md:1:1: error [bad-id] file name 'nul' cannot be an id: Windows reserves the name NUL, and a clone there could not check the file out",
    ]


def test_kb_new_with_a_300_letter_id(project):
    root = project(FILES)
    result = run_kb(root, "new", "zones", "a" * 300)
    assert (result.returncode, result.stderr) == (
        2,
        "kb: an id must be at most 100 characters (this one has 300): it is a file name and part of an address\n",
    )


def test_kb_new_into_a_read_only_folder(shared):
    root = shared(FILES)
    result = as_user([str(BIN / "kb"), "new", "zones", "new-zone"], root)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "kb: kb/zones cannot be written to: Permission denied; nothing was written\n"
    assert sorted(p.name for p in (root / "kb/zones").iterdir()) == ["avangard.md", "avangard.ru.md"]


def test_kb_check_with_a_300_letter_path(project):
    result = run_kb(project(FILES), "check", "a" * 300)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"kb: {'a' * 59}…: File name too long\n"


def test_kb_check_from_a_deleted_folder(project):
    root = project(FILES)
    (root / "gone").mkdir()
    result = subprocess.run(
        ["sh", "-c", 'rmdir "$PWD" && exec "$0" check', str(BIN / "kb")], cwd=root / "gone", capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "kb: the current folder no longer exists; change to the project's folder and run kb again\n"


def _many_problems() -> dict:
    return {**FILES, **{f"kb/zones/z{i}.ru.md": "---\ntitle: x\n---\n" for i in range(1000)}}  # 110 KB of problems


def test_kb_check_into_head_ends_quietly(project):
    """`kb check | head -n 1` ended in a BrokenPipeError traceback."""
    root = project(_many_problems())
    result = subprocess.run(["sh", "-c", '"$0" check | head -n 1', str(BIN / "kb")], cwd=root, capture_output=True, text=True, timeout=120)
    assert (
        result.stdout
        == "kb/zones/z0.ru.md:1:1: error [missing-translation] this translation has no main file; create kb/zones/z0.md with the facts\n"
    )
    assert result.stderr == ""


def test_output_that_cannot_hold_cyrillic_is_escaped_not_lost(project):
    root = project({**FILES, Z_RU: ZONE_RU.replace("## Обзор", "## Обзорр", 1), "kb/zones/z1.ru.md": "---\ntitle: Зона\n---\n"})
    full = check(root)
    for encoding in ("ascii", "latin-1"):
        result = check(root, env={**os.environ, "PYTHONIOENCODING": encoding})
        no_traceback(result)
        assert result.stdout.splitlines()[:-1] == [
            line.encode(encoding, "backslashreplace").decode(encoding) for line in full.stdout.splitlines()[:-1]
        ]
    assert result.stdout.splitlines()[:2] == [
        f"{Z_RU}:4:1: error [missing-section] the text must have a section '## \\u041e\\u0431\\u0437\\u043e\\u0440'",
        "kb/zones/z1.ru.md:1:1: error [missing-translation] this translation has no main file; create kb/zones/z1.md with the facts",
    ]


def test_settings_replaced_by_a_folder_are_named(project, tmp_path):
    """Inside another checkout, kb check went up to the parent's base and passed."""
    outer = tmp_path / "outer"
    write_project(outer, FILES)
    inner = write_project(outer / "inner", FILES)
    (inner / "kb/kb.yml").unlink()
    (inner / "kb/kb.yml").mkdir()
    result = run_kb(inner / "kb/zones", "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "kb/kb.yml:1:1: error [unreadable] the file cannot be read: it is a folder"
    assert result.stdout.splitlines()[1].startswith("kb check: 0 entries, 1 error, 0 warnings (")
