"""YAML with positions: the bytes of a data or entry file, decoded and parsed into plain values
that keep the line and column of every value.

The bottom of reading. PyYAML composes a node tree (in C where libyaml is there), which we walk
ourselves so that duplicate keys are caught, and tags, anchors and oversized input are refused
with a located problem instead of a traceback or a silent loss.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml

from kb.core.rules import INVISIBLE, MESSAGES, Message, Problem, Where, invisible_message, report
from kb.read.validate import field_name

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

Marks = dict[Where, tuple[int, int]]

MAX_FILE_BYTES = 256 * 1024  # an entry is prose plus facts; anything bigger is a mistake or an attack
MAX_NODES = 5000  # values in one front matter
MAX_DEPTH = 12  # nesting of mappings and lists in one front matter

_TAG = "tag:yaml.org,2002:"
_SEPARATOR = re.compile("[\u2028\u2029\x85]")
_constructor = yaml.constructor.SafeConstructor()


class ReadError(Exception):
    """A problem that stops one file from being read further."""

    def __init__(self, rule: str, message: Message, line: int = 1, col: int = 1):
        super().__init__(message)
        self.rule, self.message, self.line, self.col = rule, message, line, col


def load_yaml(text: str) -> Any:
    """The data of a YAML text the engine itself ships (its schemas and words), by the fast loader."""
    return yaml.load(text, Loader=_Loader)


def parse_yaml(text: str, line_offset: int = 0, what: str = "the.front-matter") -> tuple[Any, Marks, list[tuple[str, Message, int, int]]]:
    """Parse YAML text into plain values with the position of every value.

    Returns (value, marks, issues); issues are (rule, message, line, col) for problems that did
    not stop the parse (duplicate keys, refused tags). Raises ReadError when nothing usable
    can be read. Dates stay text ("2024-03-09") so they round-trip into JSON unchanged.
    """
    what = Message(what)  # how messages name the text: "the.front-matter" or "the.file"
    tab = re.search(r"^( *)\t", text, re.MULTILINE)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1 + line_offset
        raise ReadError("tab", Message("tab", what=what), line, len(tab.group(1)) + 1)
    issues: list[tuple[str, Message, int, int]] = []
    if _SEPARATOR.search(text):  # YAML ends a line at each; editors and GitHub do not
        for m in _SEPARATOR.finditer(text):
            line = text.count("\n", 0, m.start()) + 1 + line_offset
            issues.append(("invisible-character", invisible_message(what, m.group(0)), line, m.start() - text.rfind("\n", 0, m.start())))
        text = _SEPARATOR.sub(" ", text)  # so that every later position is the line an editor shows
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
        reason = (exc.problem or exc.context or "invalid YAML").strip()
        reason = next((Message(key) for key, text in MESSAGES.items() if key.startswith("yaml.") and text == reason), reason)
        raise ReadError("yaml-syntax", Message("yaml-syntax", what=what, reason=reason), line, col) from None
    except yaml.YAMLError as exc:  # reader errors such as control characters
        raise ReadError("yaml-syntax", Message("yaml-syntax", what=what, reason=str(exc).splitlines()[0]), 1 + line_offset, 1) from None
    marks: Marks = {}
    if node is None:
        return None, marks, issues
    walker = _Walker(marks, issues, line_offset)
    return walker.walk(node, ()), marks, issues


class _Walker:
    """Builds plain Python values from YAML nodes, recording positions and refusing the unsafe."""

    def __init__(self, marks: dict, issues: list, line_offset: int):
        self.marks, self.issues, self.offset = marks, issues, line_offset
        self.count = 0
        self.seen: set[int] = set()

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def walk(self, node: yaml.Node, path: Where) -> Any:
        line, col = self._pos(node)
        self.count += 1
        if self.count > MAX_NODES:
            raise ReadError("too-complex", Message("too-complex.values", n=MAX_NODES), line, col)
        if len(path) > MAX_DEPTH:
            raise ReadError("too-complex", Message("too-complex", n=MAX_DEPTH), line, col)
        if id(node) in self.seen:  # the composer shares one node for every use of an anchor
            raise ReadError("yaml-alias", Message("yaml-alias"), line, col)
        self.seen.add(id(node))
        self.marks.setdefault(path, (line, col))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                return self._refuse(node, line, col)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                kline, kcol = self._pos(key_node)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                    self.issues.append(("yaml-syntax", Message("yaml-syntax.keys"), kline, kcol))
                    continue
                key = self._text(key_node, kline, kcol, f"the field name after {field_name(path)}" if path else "a field name")
                if key in out:
                    first = self.marks.get(path + (key,), (kline, kcol))[0]
                    self.issues.append(("duplicate-key", Message("duplicate-key", key=key, line=first), kline, kcol))
                    continue
                self.marks[path + (key,)] = (kline, kcol)
                out[key] = self.walk(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self._refuse(node, line, col)
            return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, line, col, path)

    def _scalar(self, node: yaml.ScalarNode, line: int, col: int, path: Where) -> Any:
        tag = node.tag
        if tag in (_TAG + "str", _TAG + "timestamp"):
            return self._text(node, line, col, field_name(path))
        if tag == _TAG + "null":
            return None
        # An explicit tag on the wrong text (!!int abc, !!bool maybe) and integers too long for
        # Python to convert (over 4300 digits) make the constructors raise: report, keep None.
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "…"
        try:
            if tag == _TAG + "bool":
                return _constructor.construct_yaml_bool(node)
            if tag == _TAG + "int":
                return _constructor.construct_yaml_int(node)
            if tag == _TAG + "float":
                value = _constructor.construct_yaml_float(node)
                if value != value or value in (float("inf"), float("-inf")):
                    self.issues.append(("wrong-type", Message("wrong-type.number", value=Message("quoted", text=shown)), line, col))
                    return None
                return value
        except (ValueError, KeyError):
            form = "wrong-type.boolean" if tag == _TAG + "bool" else "wrong-type.number"
            self.issues.append(("wrong-type", Message(form, value=Message("quoted", text=shown)), line, col))
            return None
        return self._refuse(node, line, col)

    def _text(self, node: yaml.ScalarNode, line: int, col: int, what: str) -> str:
        """A scalar's text; an invisible or bidirectional control character in it is reported and
        removed, so that it reaches no page even in a preview."""
        text = str(node.value)
        found = INVISIBLE.search(text)
        if found is None:
            return text
        self.issues.append(("invisible-character", invisible_message(what, found.group(0)), line, col))
        return INVISIBLE.sub("", text)

    def _refuse(self, node: yaml.Node, line: int, col: int) -> None:
        self.issues.append(("yaml-tag", Message("yaml-tag", tag=node.tag), line, col))
        return None


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split a file into (front matter, body, body's first line). Raises ReadError if absent."""
    if not text.startswith("---\n"):
        raise ReadError("front-matter", Message("front-matter"))
    end = re.search(r"^---[ \t]*$", text[4:], re.MULTILINE)
    if not end:
        raise ReadError("front-matter", Message("front-matter.not-closed"))
    front = text[4 : 4 + end.start()]
    rest = text[4 + end.end() :]
    body_line = front.count("\n") + 3
    if rest.startswith("\n"):
        rest = rest[1:]
    return front, rest, body_line


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file, at most one more than MAX_FILE_BYTES (enough to tell it is too
    large). A symbolic link, a FIFO or a device is refused before it is opened: opening a FIFO
    would wait forever for a writer."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise ReadError("symlink", Message("symlink", folder="kb"))
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("unreadable", Message("unreadable.folder"))
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("unreadable", Message("unreadable.not-regular"))
    if info.st_size > MAX_FILE_BYTES:
        raise ReadError("file-too-large", Message("file-too-large", size=info.st_size // 1024, limit=MAX_FILE_BYTES // 1024))
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def decode(raw: bytes) -> str:
    """Decode a file as UTF-8 without a byte-order mark and with LF line ends, or raise ReadError."""
    if len(raw) > MAX_FILE_BYTES:
        raise ReadError("file-too-large", Message("file-too-large", size=len(raw) // 1024, limit=MAX_FILE_BYTES // 1024))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ReadError("bom", Message("bom"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError("not-utf8", Message("not-utf8", byte=f"{raw[exc.start]:02x}"), line, col) from None
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise ReadError("line-ends", Message("line-ends"), line, 1)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ReadError("not-utf8", Message("not-utf8.nul"), line, 1)
    if not text.strip():
        raise ReadError("front-matter", Message("front-matter.empty"))
    return text


def read_yaml_file(root: Path, rel: str) -> tuple[Any, Marks, list[Problem]]:
    """Read a plain YAML data file (settings, schema, vocabulary) with positions."""
    try:
        value, marks, issues = parse_yaml(decode(read_bytes(root / rel)), what="the.file")
    except ReadError as err:
        return None, {}, [report(err.rule, rel, err.line, err.col, err.message)]
    except OSError as err:
        return None, {}, [report("unreadable", rel, 1, 1, Message("unreadable", reason=err.strerror))]
    return value, marks, [report(rule, rel, line, col, msg) for rule, msg, line, col in issues]
