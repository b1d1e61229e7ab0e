"""The HTML report's templates (exports/templates, exports.report_html): every slot escaped,
the stylesheet and templates shipped as package data, Jinja2 off the TUI's start path."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import tomllib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import accord_partnership.exports.report_html as report_html_module
from tests.test_report import MERGED, parse
from tests.test_report_compare import plan_path, rounds  # noqa: F401 (fixtures)
from accord_partnership.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "exports" / "templates"
SCRIPT = "<script>alert(1)</script>"
#: markup, both quotes, an attribute injection, a bidi override and an escape sequence
HOSTILE = f' {SCRIPT}"\'><b onmouseover="x">\u202eevil\x1b[31m'
#: model fields that are identifiers or structure, not text shown to a reader
KEEP = {"item_id", "section_id", "id", "rule_id", "kind", "framework", "results", "analysis", "section", "scale"}
#: the elements a report may hold (HTML and the inline SVG charts)
ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "footer", "section", "h1", "h2", "h3", "h4",
           "h5", "p", "ul", "li", "br", "strong", "div", "figure", "figcaption", "table", "thead", "tbody", "tr",
           "th", "td", "svg", "desc", "circle", "line", "polygon", "polyline", "path", "text", "tspan", "rect"}


def _taint(value: Any, seen: set[int]) -> Any:
    """`value` with HOSTILE appended to every non-empty string shown to a reader (in place where
    mutable); empty strings stay empty (they say "none": nothing withheld, no note)."""
    if isinstance(value, str):
        return value + HOSTILE if value else value
    if id(value) in seen:
        return value
    seen.add(id(value))
    if isinstance(value, list):
        value[:] = [_taint(v, seen) for v in value]
    elif isinstance(value, tuple):
        return tuple(_taint(v, seen) for v in value)
    elif isinstance(value, dict):
        for key in value:
            value[key] = _taint(value[key], seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name in KEEP:
                continue
            old = getattr(value, f.name)
            new = _taint(old, seen)
            if new is not old:
                try:
                    setattr(value, f.name, new)
                except AttributeError:  # frozen: the framework's own objects
                    pass
    return value


class _Slots(HTMLParser):
    """Records, per element name, the text directly inside it; and every tag and attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
        if tag not in ("br", "meta"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.text.setdefault(self.stack[-1], []).append(data)


def _hostile_report(monkeypatch, capsys, tmp_path: Path, *argv: str) -> str:
    """`accord report ... --format html` with HOSTILE appended to every text of the model, the
    template's words and the details, as if every name, title and note in the files were hostile."""
    real_render = report_html_module.report_html
    real_template = report_html_module.report_template

    def tainted_template(framework):
        t = real_template(framework)
        return dataclasses.replace(t, **{f.name: _taint(getattr(t, f.name), set()) for f in dataclasses.fields(t)})

    def tainted_render(model, *, date="", details=None):
        seen: set[int] = set()
        _taint(model, seen)
        details = dataclasses.replace(details, **{f.name: getattr(details, f.name) + HOSTILE
                                                  for f in dataclasses.fields(details)})
        return real_render(model, date=date + HOSTILE, details=details)

    monkeypatch.setattr(report_html_module, "report_template", tainted_template)
    monkeypatch.setattr(report_html_module, "report_html", tainted_render)
    out = tmp_path / "report.html"
    code = main(["report", *argv, "--format", "html", "--out", str(out), "--force", "--date", "2026-11-25"])
    assert code == 0, capsys.readouterr().err
    return out.read_text(encoding="utf-8")


def _assert_inert(text: str) -> _Slots:
    checker = parse(text)
    assert not checker.errors and not checker.stack, checker.errors[:3]
    slots = _Slots()
    slots.feed(text)
    assert slots.tags <= ALLOWED, slots.tags - ALLOWED  # no <script>, no <b>: the markup stayed text
    assert not [a for a in slots.attrs if a.startswith("on")]
    assert "\u202e" not in text and "\x1b" not in text  # made visible, never emitted
    assert "<U+202E>evil^[[31m" in unescape(text)
    assert "<script" not in text.lower() and "<b " not in text
    return slots


def test_hostile_text_is_escaped_in_every_slot_of_a_comparison_with_a_plan(monkeypatch, capsys, tmp_path, rounds, plan_path):
    base, follow = rounds
    text = _hostile_report(monkeypatch, capsys, tmp_path, str(follow), "--baseline", str(base), "--paired",
                           "--plan", str(plan_path), "--min-group", "2")
    slots = _assert_inert(text)
    shown = {tag for tag, data in slots.text.items() if SCRIPT in "".join(data)}
    # every kind of slot: page title, headings of each level, table headers and cells, list items,
    # paragraphs, captions, labels in bold, commentary, guidance, and the charts' text and descriptions
    assert {"title", "h1", "h2", "h3", "h4", "h5", "th", "td", "li", "p", "figcaption", "strong", "div", "tspan",
            "desc"} <= shown, shown
    assert "<U+202E>evil" in "".join(slots.text["td"])


@pytest.mark.parametrize("source", ["scsn-merged-with-notes", "audit-commission-lsp", "sport-england-csp"])
def test_hostile_text_is_escaped_in_notes_answers_and_single_reports(monkeypatch, capsys, tmp_path, write_bundle, source):
    path = MERGED
    if source != "scsn-merged-with-notes":  # one member's own scores: open answers, yes/no, descriptors
        from accord_partnership.engine.catalog import get_framework

        answers = {}
        for section in get_framework(source).sections:
            for item in section.items:
                answers[(section.id, item.id)] = (
                    {"note": "Board minutes\nline two" + HOSTILE} if item.kind == "open" else
                    {"choice": "yes"} if item.kind == "yesno" else {"score": 3, "note": "mine" + HOSTILE})
        path = write_bundle(source, respondent="X", answers=answers)
    text = _hostile_report(monkeypatch, capsys, tmp_path, str(path))
    slots = _assert_inert(text)
    assert SCRIPT in "".join(slots.text["li"]) and SCRIPT in "".join(slots.text["td"])


def test_multi_line_notes_keep_their_lines_and_escape_each():
    from accord_partnership.exports.report_html import _note_lines

    out = _note_lines("first <b>\r\nsecond \u202e & third\n")
    assert str(out) == "first &lt;b&gt;<br>second <U+202E> &amp; third".replace("<U+202E>", "&lt;U+202E&gt;")


def test_templates_never_switch_escaping_off():
    for path in TEMPLATES.glob("*.j2"):
        source = path.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", ""), path
        assert "autoescape" not in source, path
        assert "Markup" not in source, path


def test_templates_and_stylesheet_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["accord_partnership.exports"]
    shipped = {p for pattern in patterns if pattern.startswith("templates/") for p in (ROOT / "exports").glob(pattern)}
    assert shipped == set(TEMPLATES.iterdir()) - {TEMPLATES / "__pycache__"}
    assert any(p.suffix == ".css" for p in shipped)
    assert any("jinja2" in d.lower() for d in config["project"]["dependencies"])


def test_the_stylesheet_is_inlined_from_its_file(capsys, tmp_path):
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(MERGED), "--out", str(out), "--date", "2026-11-25"]) == 0
    text = out.read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", text, flags=re.S)
    assert style is not None and style.group(1) == css
    assert "@page" in css and "@media print" in css


def test_jinja2_is_loaded_only_when_a_report_is_written():
    code = ("import accord_partnership.tui.app, accord_partnership.tui.cli, accord_partnership.exports.report_html\nimport sys\n"
            "print('jinja2' in sys.modules, 'markupsafe' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_print_breaks_a_page_only_before_the_main_report(capsys, tmp_path):
    """A4 print: the scorecards and the action sheet flow on (a forced break per scorecard, or
    before the action sheet, left pages nearly empty);
    each heading stays with what follows it and a scorecard's heading with its radar."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S).split("}")
    forced = [rule.split("{")[0].strip() for rule in rules if "break-before: page" in rule]
    assert forced == ["section.part"]
    out = tmp_path / "r.html"
    assert main(["report", str(MERGED), "--out", str(out), "--date", "2026-11-25"]) == 0
    text = out.read_text(encoding="utf-8")
    assert re.findall(r'<section class="part" id="([^"]+)"', text) == ["main"]
    assert re.search(r"h2, h3, h4, h5 \{ break-after: avoid", css)
    assert re.search(r"\.opening[^{]*\{ break-inside: avoid", css)
    openings = re.findall(r'<div class="opening"><h3>[^<]*</h3>\s*<figure><svg', text)
    assert len(openings) == 8  # seven scorecards and the overall pattern: each heading with its radar
    # the answers' bar charts, three to a line where the scale's levels are bare numbers (SCSN's)
    assert text.count('<div class="bars three">') == 7 and '<div class="bars">' not in text
    assert re.search(r"\.bars figure \{ display: inline-block", css)  # lines of charts, so a page can break between them
