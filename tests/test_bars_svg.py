"""Distribution and mean bars (exports.bars) and the SVG exporters (exports.svg)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from accord_partnership.exports.bars import clean_text, distribution_bars, ellipsize, mean_bar
from accord_partnership.exports.radar import RadarSeries
from accord_partnership.exports.svg import bars_svg, radar_svg

BLOCKS = {"█": 1.0, "▉": 7 / 8, "▊": 6 / 8, "▋": 5 / 8, "▌": 4 / 8, "▍": 3 / 8, "▎": 2 / 8, "▏": 1 / 8}
LABELS = {1: "Not at all", 2: "A little", 3: "Somewhat", 4: "Mostly", 5: "Fully"}
COUNTS = {1: 1, 2: 2, 3: 3, 4: 2, 5: 0}
HOSTILE = '<script>alert(1)</script> & "quotes" \'single\''
SVG_NS = "{http://www.w3.org/2000/svg}"


def bar_length(line: str) -> float:
    return sum(BLOCKS.get(ch, 0.0) for ch in line)


# --- distribution_bars --------------------------------------------------------------------------


def test_counts_and_percentages_include_na() -> None:
    lines = distribution_bars(COUNTS, scale_min=1, scale_max=5, n_na=2, labels=LABELS, width=60)
    assert len(lines) == 6  # five levels and N/A
    expected = [("1 Not at all", 1, 10), ("2 A little", 2, 20), ("3 Somewhat", 3, 30), ("4 Mostly", 2, 20),
                ("5 Fully", 0, 0), ("N/A", 2, 20)]
    for line, (start, count, pct) in zip(lines, expected):
        assert line.lstrip().startswith(start)
        assert re.search(rf"\b{count}\s+\(\s*{pct}%\)$", line), line


def test_bars_are_proportional_with_eighth_precision() -> None:
    lines = distribution_bars({1: 1, 2: 3}, scale_min=1, scale_max=2, width=40)
    bar_cells = 40 - len("1 ") - len(" 3  (75%)")  # key, bar, count and share
    assert bar_length(lines[0]) == pytest.approx(round(0.25 * bar_cells * 8) / 8)
    assert bar_length(lines[1]) == pytest.approx(round(0.75 * bar_cells * 8) / 8)
    assert any(ch in lines[0] + lines[1] for ch in "▏▎▍▌▋▊▉")


def test_na_line_only_when_there_are_na_answers() -> None:
    assert len(distribution_bars(COUNTS, scale_min=1, scale_max=5)) == 5
    lines = distribution_bars(COUNTS, scale_min=1, scale_max=5, n_na=1, na_label="Not sure")
    assert lines[-1].lstrip().startswith("Not sure")


@pytest.mark.parametrize("width", [12, 20, 30, 45, 60, 100])
@pytest.mark.parametrize("ascii", [False, True])
def test_width_is_respected(width: int, ascii: bool) -> None:
    labels = {k: v * 4 for k, v in LABELS.items()}
    for lines in (distribution_bars(COUNTS, scale_min=1, scale_max=5, n_na=3, labels=labels, width=width, ascii=ascii),
                  distribution_bars({1: 10**6}, scale_min=1, scale_max=5, width=width, ascii=ascii)):
        assert all(len(line) <= width for line in lines), lines


def test_ascii_mode_is_ascii_only() -> None:
    lines = distribution_bars(COUNTS, scale_min=1, scale_max=5, n_na=2, labels={1: "Pas du tout – “non”"},
                              ascii=True)
    assert all(" " <= ch <= "~" for line in lines for ch in line)
    assert "#" in lines[2] and 'Pas du tout - "non"' in lines[0]
    assert lines[2].count("#") > lines[0].count("#")


def test_small_nonzero_counts_stay_visible_and_zero_stays_empty() -> None:
    lines = distribution_bars({1: 1, 2: 999, 3: 0}, scale_min=1, scale_max=3, width=40)
    assert bar_length(lines[0]) > 0
    assert bar_length(lines[2]) == 0
    ascii_lines = distribution_bars({1: 1, 2: 999, 3: 0}, scale_min=1, scale_max=3, width=40, ascii=True)
    assert "." in ascii_lines[0] and "#" not in ascii_lines[0]


def test_empty_distribution_does_not_divide_by_zero() -> None:
    lines = distribution_bars({}, scale_min=1, scale_max=5)
    assert len(lines) == 5 and all(re.search(r" 0 +\(0%\)$", line) for line in lines)


def test_bad_counts_raise() -> None:
    with pytest.raises(ValueError, match="outside the scale"):
        distribution_bars({7: 1}, scale_min=1, scale_max=5)
    with pytest.raises(ValueError, match="negative"):
        distribution_bars({1: -1}, scale_min=1, scale_max=5)


def test_control_characters_in_labels_are_made_visible() -> None:
    lines = distribution_bars({1: 1}, scale_min=1, scale_max=2, labels={1: "Yes\x1b[2J\u202e\x9b"})
    assert all("\x1b" not in line and "\u202e" not in line and "\x9b" not in line for line in lines)
    assert "Yes^[[2J<U+202E><U+009B>" in lines[0]


# --- mean_bar and text helpers ------------------------------------------------------------------


def test_mean_bar() -> None:
    bar = mean_bar(3.4, 1, 5, 12)
    assert len(bar) == 12 and bar.endswith(" 3.4")
    assert bar_length(bar) == pytest.approx(round((3.4 - 1 + 1) / 5 * 8 * 8) / 8)  # 8 bar cells
    assert mean_bar(5, 1, 5, 12).startswith("█" * 8)
    assert mean_bar(None, 1, 5, 12) == " " * 9 + "n/a"
    assert mean_bar(float("nan"), 1, 5, 12).endswith("n/a")
    ascii_bar = mean_bar(3.4, 1, 5, 12, ascii=True)
    assert set(ascii_bar) <= set("# .0123456789") and ascii_bar.endswith("3.4") and "#" in ascii_bar
    assert len(mean_bar(3.4, 1, 5, 3)) <= 3


def test_ellipsize_is_word_aware() -> None:
    assert ellipsize("Community engagement and ownership", 18) == "Community engagem…"
    assert ellipsize("Leadership behaviour and practice", 26) == "Leadership behaviour…"
    assert ellipsize("Trust", 10) == "Trust"
    assert clean_text(" a\tb\n\x00c\u2066 ") == "a b ^@c<U+2066>"
    assert clean_text("ali\u200bce") == "ali<U+200B>ce"  # zero-width: two names that look the same do not


# --- SVG ----------------------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG_NS + "svg"
    return root


def assert_inert(svg: str) -> None:
    root = parse(svg)
    assert "<script" not in svg.lower()
    for element in root.iter():
        assert element.tag.removeprefix(SVG_NS) not in {"script", "foreignObject", "a", "image", "use", "style"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "href" not in name.lower(), name
            assert "url(" not in value and "javascript:" not in value.lower()


def all_text(svg: str) -> str:
    return "".join(parse(svg).itertext())


def test_radar_svg_is_valid_inert_and_escapes_labels() -> None:
    axes = [HOSTILE, "Trust\x1b[31m", "Vision\u202eevil\u2066x\u2069", "Induction\x00\x7f\x85"]
    svg = radar_svg(axes, [RadarSeries("Mean <b>", [3, 4, None, 2]), RadarSeries("You & me", [4, 4, 4, 4])],
                    title="Round 2 <script>alert(1)</script>")
    assert svg.startswith("<svg")
    assert_inert(svg)
    assert "&lt;script&gt;" in svg and "&amp;" in svg and "&quot;" in svg
    text = all_text(svg)
    assert "<script>alert(1)</script>" in text  # shown as text, never as markup
    for bad in ("\x1b", "\u202e", "\u2066", "\u2069", "\x00", "\x7f", "\x85"):
        assert bad not in svg
    assert "Trust^[[31m" in text and "Vision<U+202E>evil<U+2066>x<U+2069>" in text  # made visible, not hidden
    title = parse(svg).find(SVG_NS + "title")
    assert title is not None and title.text == "Round 2 <script>alert(1)</script>"


def test_radar_svg_draws_rings_spokes_and_both_series() -> None:
    axes = ["Shared vision", "Equal status and esteem", "Shared commitment", "Trust", "Induction"]
    root = parse(radar_svg(axes, [RadarSeries("Mean", [3, 4, 2, 5, 1]), RadarSeries("Target", [4] * 5)]))
    circles = root.findall(f"{SVG_NS}circle")
    assert len([c for c in circles if c.get("fill") == "none"]) == 5  # one ring per level
    assert len(root.findall(f"{SVG_NS}line")) >= 5
    polygons = root.findall(f"{SVG_NS}polygon")
    assert len(polygons) == 2
    filled = [p for p in polygons if p.get("fill") != "none"]
    dashed = [p for p in polygons if p.get("stroke-dasharray")]
    assert len(filled) == 1 and len(dashed) == 1
    assert "Mean" in all_text(radar_svg(axes, [RadarSeries("Mean", [3] * 5)]))


def test_radar_svg_gaps_are_not_bridged() -> None:
    root = parse(radar_svg(list("ABCDEF"), [RadarSeries("Mean", [3, 3, None, 3, 3, 3])]))
    assert not root.findall(f"{SVG_NS}polygon")
    polylines = root.findall(f"{SVG_NS}polyline")
    assert len(polylines) == 1 and len(polylines[0].get("points", "").split()) == 5  # D E F A B


def test_radar_svg_labels_stay_inside_the_view_box() -> None:
    axes = [f"Community engagement and ownership {i}" for i in range(11)]
    svg = radar_svg(axes, [RadarSeries("Mean", [3] * 11)], size=420)
    root = parse(svg)
    x0, _, w, _ = (float(v) for v in root.get("viewBox", "").split())
    for text in root.iter(SVG_NS + "text"):
        lines = [t for t in text.itertext()]
        x = float(text.get("x", 0))
        longest = max(len(line) for line in lines) * float(text.get("font-size", 11)) * 0.6
        anchor = text.get("text-anchor")
        left = x if anchor == "start" else x - longest if anchor == "end" else x - longest / 2
        assert x0 - 1 <= left and left + longest <= x0 + w + 1, lines


def test_bars_svg_is_valid_inert_and_escaped() -> None:
    svg = bars_svg(COUNTS, scale_min=1, scale_max=5, n_na=2, labels={1: HOSTILE, 2: "A\u202elittle"},
                   title="Q1 & <b>")
    assert_inert(svg)
    text = all_text(svg)
    assert "&lt;script&gt;" in svg and "\u202e" not in svg
    assert "3 (30%)" in text and "2 (20%)" in text and "N/A" in text
    rects = [r for r in parse(svg).iter(SVG_NS + "rect") if r.get("fill") not in ("#eeeeee",)]
    assert len(rects) == 5  # four non-zero levels and N/A


def test_bars_svg_bad_counts_raise() -> None:
    with pytest.raises(ValueError):
        bars_svg({0: 1}, scale_min=1, scale_max=5)


PARTNERSHIP_WORKING = ["Shared vision", "Equal status and esteem", "Shared commitment",
                       "Leadership behaviour and practice", "Action orientation", "Spreading of partnership working",
                       "Empowered representatives", "Community engagement and ownership", "Trust",
                       "Mutual understanding", "Induction"]
CAPTURING_PERFORMANCE = ["Sharing and analysing data across services",
                         "Create baselines against which to assess improvement", "Regular trend analysis",
                         "Long term outcomes and logic chains*", "Persuasive case studies",
                         "Improvements on the ground convincingly linked to CSP action",
                         "Establishing indicators of success"]


@pytest.mark.parametrize("size", [300, 420, 520])
@pytest.mark.parametrize("axes", [PARTNERSHIP_WORKING, CAPTURING_PERFORMANCE])
def test_radar_svg_gives_every_shortened_label_its_full_name_in_a_key(axes, size) -> None:
    root = parse(radar_svg(axes, [RadarSeries("Mean", [3] * len(axes))], size=size))
    texts = [" ".join(t.itertext()) for t in root.iter(SVG_NS + "text")]
    keys = {t for t in texts if t.startswith("[") and "\u2026" not in t and "(" not in t}  # "[8] Community engagement..."
    labels = [t for t in texts if t not in keys]
    assert keys or size == 420 and axes is PARTNERSHIP_WORKING, "a chart this crowded shortens some label"
    for key in keys:
        number, name = key.split("] ", 1)
        assert name == axes[int(number.removeprefix("[")) - 1]  # the whole name, of the axis numbered
        assert any(number + "]" in label for label in labels)  # the label carries the number
    shortened = [label for label in labels if "\u2026" in label]
    assert all(re.search(r"\[\d+\]", label) for label in shortened)  # every shortened label is keyed
    assert len(shortened) <= len(keys)
    uncut = [a for a in axes if not any(k.endswith("] " + a) for k in keys)]
    for name in uncut:  # the rest are shown whole, wrapped over lines at most
        assert any(" ".join(name.split()) in label for label in labels), name


def test_radar_svg_without_shortened_labels_has_no_key() -> None:
    root = parse(radar_svg(["Trust", "Vision", "Induction", "Roles"], [RadarSeries("Mean", [3] * 4)], size=520))
    assert not [t for t in root.iter(SVG_NS + "text") if "".join(t.itertext()).startswith("[")]


def test_radar_svg_numbers_every_spoke_when_most_names_do_not_fit() -> None:
    axes = [f"How well do we ensure that partners number {i} are equally committed to the outcomes" for i in range(12)]
    root = parse(radar_svg(axes, [RadarSeries("Mean", [3] * 12)], size=520))
    texts = [" ".join(t.itertext()) for t in root.iter(SVG_NS + "text")]
    labels = [t for t in texts if t.endswith("(3.0)")]
    assert labels == [f"[{i + 1}] (3.0)" for i in range(12)]  # short labels: nothing overlaps
    key = [t for t in texts if t.startswith("[") and t not in labels]
    assert key == [f"[{i + 1}] {name}" for i, name in enumerate(axes)]
