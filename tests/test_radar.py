"""Radar charts as terminal text (exports.radar): geometry, labels, modes, degenerate input."""

from __future__ import annotations

import pytest

from accord_partnership.exports.radar import RadarSeries, radar_to_rich, render_radar, render_radar_cells

PARTNERSHIP_WORKING = [
    "Shared vision", "Equal status and esteem", "Shared commitment", "Leadership behaviour and practice",
    "Action orientation", "Spreading of partnership working", "Empowered representatives",
    "Community engagement and ownership", "Trust", "Mutual understanding", "Induction",
]
MEAN = [3.4, 2.9, 3.8, 3.1, 4.2, 2.2, 2.7, 1.9, 3.6, 3.3, 4.5]
TARGET = [4.0, 4.0, 4.5, 4.0, 4.5, 3.5, 3.5, 3.5, 4.5, 4.0, 4.0]
PLOT_ROLES = {"axis", "ring", "series0", "series1"}


def grid(cells: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """One (char, role) per terminal column (every character the radar uses is single-width)."""
    return [[(ch, role) for text, role in line for ch in text] for line in cells]


def find(cells, char: str, role: str | None = None) -> list[tuple[int, int]]:
    return [(r, c) for r, row in enumerate(grid(cells)) for c, (ch, ro) in enumerate(row)
            if ch == char and (role is None or ro == role)]


# --- geometry -----------------------------------------------------------------------------------


def test_four_axes_at_max_put_markers_top_right_bottom_left() -> None:
    cells = render_radar_cells(["N", "E", "S", "W"], [RadarSeries("M", [5, 5, 5, 5])], width=40,
                               height=20, show_values=False)
    markers = find(cells, "●", "series0")
    chart = [m for m in markers if m[0] < len(cells) - 1]  # the legend's marker is on the last line
    # width 40 -> centre dot x=40 (column 20); 19 chart rows -> radius 31 dots, centre dot y=35 (row 8)
    assert sorted(chart) == [(1, 20), (8, 4), (8, 35), (16, 20)]
    top, left, right, bottom = sorted(chart)
    # round, not squashed: horizontal extent in columns ~ 2x the vertical extent in rows
    assert abs((right[1] - left[1]) - 2 * (bottom[0] - top[0])) <= 2
    text = render_radar(["N", "E", "S", "W"], [RadarSeries("M", [5, 5, 5, 5])], width=40, height=20,
                        show_values=False)
    assert text[0].strip() == "N" and text[17].strip() == "S"
    assert text[8].split()[0] == "W" and text[8].rstrip().endswith("E")


def test_values_at_scale_min_sit_on_the_innermost_ring() -> None:
    def chart_markers(value: float) -> list[tuple[int, int]]:
        cells = render_radar_cells(["N", "E", "S", "W"], [RadarSeries("M", [value] * 4)], width=40, height=20,
                                   show_values=False)
        return sorted(find(cells[:-1], "●", "series0"))  # the last line is the legend

    low, high = chart_markers(1), chart_markers(5)
    # innermost ring = 1/5 of the 31-dot radius, about 6 dots around the centre dot (40, 35) = cell (20, 8)
    assert low == [(7, 20), (8, 17), (8, 23), (10, 20)]
    assert high == [(1, 20), (8, 4), (8, 35), (16, 20)]
    # 1/5 of the span, and not the centre: a 1 is a small ring, a 5 the outer ring
    assert (low[2][1] - low[1][1]) * 5 == pytest.approx(high[2][1] - high[1][1], abs=2)
    assert (8, 20) not in low


def test_values_are_clamped_to_the_scale() -> None:
    a = render_radar(["A", "B", "C", "D"], [RadarSeries("M", [9, 9, 9, 9])], width=40, height=20)
    b = render_radar(["A", "B", "C", "D"], [RadarSeries("M", [5, 5, 5, 5])], width=40, height=20)
    assert a == b


GOLDEN_ASCII = r"""
               Trust 5.0
               ....*....
            ... .  o\ . ...
           . .   .|:+\   . .
          . .  . +|. +\.  . .
         .   . ++ |:. \+ .   .
         . . .+. |: :. \+. . .
         .   + .:*------*+   .
          . o+++++++++++++o :
          :. .   . . .   . .  Shared
 Induction  ... .  .  . ...   vision 3.0
       1.0     .........
* Mean   o Target   rings 1-5"""

GOLDEN_UNICODE = """
                Trust 5.0
              ⢀⠤⠔⠒⠉⢀●⠉⠑⠒⠤⢄
            ⡠⠚⠁ ⠄ ⠂⢸◆⢇⠂ ⠄ ⠙⠢⡀
          ⢀⠜⠁ ⠂  ⠐⠐⡎⠅⠈⡆   ⠂ ⠙⢄
          ⡜ ⠐  ⠈ ⠜⢀⠇⠇ ⠘⡄⠈  ⠐ ⠘⡄
         ⢰⠁ ⠂ ⠁⢀⠆ ⢸ ⠃⠠ ⠸⡀ ⠁ ⠂ ⢱
         ⢸ ⠐ ⠐⢠ ⠂ ●   ⡂ ⢱⠃⠐ ⠐ ⢸
         ⠘⡄ ⠂⡀⠁⡀⠄⡂⠈⠉⠉⠒⠒⠤⠤●⠱ ⠂ ⡜
          ⢱ ◆⠁⠒⠂⠐⠒ ⠒⠂⠐⠒ ⠒⠂⠐◆⠄⣰⠁
Induction  ⠱⡄ ⠂  ⠐  ⠄ ⠐   ⠂ ⡴⠁
      1.0   ⠈⠲⢄ ⠁ ⠂ ⠄ ⠂ ⠁⢀⠴⠊  Shared
               ⠉⠑⠒⠤⠤⠤⠤⠔⠒⠉⠁    vision 3.0
● Mean   ◆ Target   rings 1–5"""


@pytest.mark.parametrize(("ascii", "expected"), [(True, GOLDEN_ASCII), (False, GOLDEN_UNICODE)])
def test_golden_three_axes(ascii: bool, expected: str) -> None:
    lines = render_radar(["Trust", "Shared vision", "Induction"],
                         [RadarSeries("Mean", [5, 3, 1]), RadarSeries("Target", [4, 4, 4])],
                         width=40, height=14, ascii=ascii)
    assert "\n".join(lines) == expected.lstrip("\n")


def test_output_is_deterministic() -> None:
    args = (PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)])
    assert render_radar(*args) == render_radar(*args)
    assert render_radar_cells(*args, ascii=True) == render_radar_cells(*args, ascii=True)


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize("width", [78, 60])
@pytest.mark.parametrize("n", range(3, 17))
def test_labels_never_overlap_the_plot_or_exceed_the_width(n: int, width: int, ascii: bool) -> None:
    axes = [f"Community engagement and ownership of the thing number {i + 1}" for i in range(n)]
    values = [1 + (i * 7 % 5) for i in range(n)]
    cells = render_radar_cells(axes, [RadarSeries("Mean", values), RadarSeries("Target", [4] * n)],
                               width=width, height=20, ascii=ascii)
    rows = grid(cells)
    assert all(len(row) <= width for row in rows)
    assert any(role == "series0" for row in rows[:-1] for _, role in row), "a radar was drawn"
    labelled = 0
    for row in rows:
        plot = [c for c, (_, role) in enumerate(row) if role in PLOT_ROLES]
        labels = [c for c, (ch, role) in enumerate(row) if role == "label" and ch != " "]
        labelled += len(labels)
        if plot and labels:
            inside = [c for c in labels if min(plot) <= c <= max(plot)]
            assert not inside, f"label inside the plot: {''.join(ch for ch, _ in row)!r}"
    assert labelled >= n  # every axis got a name or a number


def test_long_labels_are_shortened_word_aware_or_numbered() -> None:
    lines = render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN)], width=50, height=14)
    text = "\n".join(lines)
    assert all(len(line) <= 50 for line in lines)
    # either shortened in place with an ellipsis, or a numbered legend under the chart
    assert "…" in text or "1 Shared vision" in text


def test_numbered_legend_when_names_cannot_fit() -> None:
    axes = [f"A very long feature name that cannot possibly fit number {i + 1}" for i in range(16)]
    lines = render_radar(axes, [RadarSeries("Mean", [3] * 16)], width=60, height=24)
    text = "\n".join(lines)
    assert " 1 A very long" in text and "16 A very long" in text
    assert all(len(line) <= 60 for line in lines)


def test_values_follow_the_names_unless_disabled() -> None:
    on = "\n".join(render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN)]))
    off = "\n".join(render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN)], show_values=False))
    assert "Trust 3.6" in on and "Induction 4.5" in on
    assert "3.6" not in off and "Trust" in off


def test_control_characters_in_names_do_not_reach_the_terminal() -> None:
    lines = render_radar(["Trust\x1b[31m", "Vision\u202e", "Equal\x07"], [RadarSeries("M\x1b]0;x\x07", [3, 3, 3])],
                         width=60, height=16)
    text = "\n".join(lines)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Trust^[[31m" in text and "Vision<U+202E>" in text  # made visible as plain text, not interpreted


# --- modes --------------------------------------------------------------------------------------


def test_ascii_mode_is_printable_ascii_and_distinguishes_the_series() -> None:
    lines = render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)],
                         ascii=True)
    text = "\n".join(lines)
    assert all(" " <= ch <= "~" for line in lines for ch in line)
    chart, legend = lines[:-1], lines[-1]
    assert any("*" in line for line in chart) and any("o" in line.replace("orientation", "") for line in chart)
    assert "* Mean" in legend and "o Target" in legend
    assert "Trust 3.6" in text


def test_unicode_series_are_distinguishable_without_colour() -> None:
    cells = render_radar_cells(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)])
    assert len(find(cells, "●")) >= 6 and len(find(cells, "◆")) >= 6
    legend = "".join(text for text, _ in cells[-1])
    assert "● Mean" in legend and "◆ Target" in legend
    used = {ch for line in cells for text, _ in line for ch in text}
    assert used <= {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0x2800, 0x2900)} | set("●◆…–")


@pytest.mark.parametrize("ascii", [False, True])
def test_partnership_working_fits_80x24(ascii: bool) -> None:
    lines = render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)],
                         width=78, ascii=ascii)
    assert len(lines) <= 22
    assert max(len(line) for line in lines) <= 78
    text = "\n".join(lines)
    for word in ("Shared vision", "Trust", "Induction", "Action orientation", "Mutual"):
        assert word in text  # named around the chart, not only numbered


def test_roles_are_the_documented_ones() -> None:
    cells = render_radar_cells(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)])
    roles = {role for line in cells for _, role in line}
    assert roles <= {"", "axis", "ring", "series0", "series1", "label", "legend"}
    assert {"axis", "ring", "series0", "series1", "label", "legend"} <= roles
    assert ["".join(t for t, _ in line) for line in cells] == render_radar(
        PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)])


def test_rich_text_has_the_same_plain_text() -> None:
    pytest.importorskip("rich")
    cells = render_radar_cells(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN), RadarSeries("Target", TARGET)])
    text = radar_to_rich(cells)
    assert text.plain == "\n".join(render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN),
                                                                          RadarSeries("Target", TARGET)]))
    assert any("cyan" in str(span.style) for span in text.spans)


# --- missing data and degenerate input ---------------------------------------------------------


def test_none_values_draw_no_vertex_and_no_edge_through_them() -> None:
    values = [3.0, None, 4.0, None, None, 2.0]
    cells = render_radar_cells([f"F{i}" for i in range(6)], [RadarSeries("Mean", values)], width=60, height=20)
    chart = cells[:-1]
    assert len(find(chart, "●")) == 3
    # only one series point left: a marker and nothing else of series 0
    lone = render_radar_cells([f"F{i}" for i in range(6)], [RadarSeries("Mean", [None, None, 4, None, None, None])],
                              width=60, height=20)
    series_cells = [(ch, role) for row in grid(lone[:-1]) for ch, role in row if role == "series0"]
    assert series_cells == [("●", "series0")]
    text = "\n".join(render_radar([f"F{i}" for i in range(6)], [RadarSeries("Mean", values)], width=60, height=20))
    assert "F1 –" in text  # no data: a dash, not "n/a" (which means not applicable)


def test_all_none_and_nan_do_not_crash() -> None:
    lines = render_radar(["A", "B", "C"], [RadarSeries("Mean", [None, float("nan"), None])], width=40, height=14)
    assert lines and all(len(line) <= 40 for line in lines)
    assert not find(render_radar_cells(["A", "B", "C"], [RadarSeries("Mean", [None] * 3)], width=40,
                                       height=14)[:-1], "●")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_fewer_than_three_axes_degrade_to_bars(n: int) -> None:
    axes = ["Trust", "Induction"][:n]
    lines = render_radar(axes, [RadarSeries("Mean", [3.5, 2.0][:n]), RadarSeries("You", [4.0, 1.0][:n])], width=60)
    assert lines and all(len(line) <= 60 for line in lines)
    if n:
        assert "Trust" in "\n".join(lines) and "3.5" in "\n".join(lines)


@pytest.mark.parametrize(("width", "height"), [(1, 1), (10, 3), (19, 30), (30, 6), (200, 60)])
def test_tiny_and_huge_boxes_do_not_crash(width: int, height: int) -> None:
    lines = render_radar(PARTNERSHIP_WORKING, [RadarSeries("Mean", MEAN)], width=width, height=height)
    assert lines and all(len(line) <= width for line in lines)


def test_bad_input_raises_clear_errors() -> None:
    with pytest.raises(ValueError, match="values for 3 axes"):
        render_radar(["A", "B", "C"], [RadarSeries("Mean", [1, 2])])
    with pytest.raises(ValueError, match="at most two"):
        render_radar(["A", "B", "C"], [RadarSeries(str(k), [1, 2, 3]) for k in range(3)])
    with pytest.raises(ValueError, match="scale_max"):
        render_radar(["A", "B", "C"], [], scale_min=5, scale_max=5)


def test_six_point_scale() -> None:
    lines = render_radar(PARTNERSHIP_WORKING[:6], [RadarSeries("Mean", [1, 2, 3, 4, 5, 6])], scale_max=6)
    assert "rings 1–6" in lines[-1]
    assert "Shared vision 1.0" in "\n".join(lines)


def test_ascii_mode_shows_missing_values_with_an_ascii_dash() -> None:
    text = "\n".join(render_radar(["One", "Two", "Three", "Four"], [RadarSeries("Mean", [3.0, None, 4.0, 2.0])],
                                  width=60, height=16, ascii=True))
    assert "Two -" in text
    assert all(ord(ch) < 128 for ch in text)


CAPTURING_PERFORMANCE = [
    "Sharing and analysing data across services", "Create baselines against which to assess improvement",
    "Regular trend analysis", "Long term outcomes and logic chains*", "Persuasive case studies",
    "Improvements on the ground convincingly linked to CSP action", "Establishing indicators of success",
]


@pytest.mark.parametrize("ascii", [False, True])
def test_full_names_key_every_shortened_label(ascii) -> None:
    """A printed report (`full_names=True`): a label that had to be shortened is numbered and
    given whole in a key under the legend; without the option the chart is unchanged."""
    axes, width, height = CAPTURING_PERFORMANCE, 60, 22
    series = [RadarSeries("Mean", [3.0] * len(axes))]
    plain = render_radar(axes, series, width=width, height=height, ascii=ascii)
    lines = render_radar(axes, series, width=width, height=height, ascii=ascii, full_names=True)
    assert all(len(line) <= width for line in lines)
    legend = next(i for i, line in enumerate(lines) if "rings 1" in line)
    assert legend < height  # the chart and its legend keep to the budget; the key comes on top
    chart, key = "\n".join(lines[:legend]), lines[legend + 1:]
    assert key and all(line.startswith(("[", "    ")) for line in key)
    entries = " ".join(line.strip() for line in key).split("[")[1:]  # wrapped key lines joined
    if not ascii:
        assert "\u2026" in "\n".join(plain)
        assert chart.count("\u2026") <= len(entries)  # every shortened label has its key entry
    for entry in entries:
        number, name = entry.split("] ", 1)
        assert name.strip() == axes[int(number) - 1]
        assert f"[{number}]" in chart  # the label carries its number
    assert render_radar(axes, series, width=width, height=height, ascii=ascii, full_names=False) == plain


@pytest.mark.parametrize("ascii", [False, True])
def test_full_names_with_numbered_spokes_list_every_name_whole(ascii) -> None:
    """Too many long names to place: the spokes are numbered, and the numbered legend (which
    otherwise shortens names to fit in columns) gives each name whole, wrapped."""
    axes = [f"How well do we ensure that partners number {i} are equally committed to the outcomes" for i in range(12)]
    series = [RadarSeries("Mean", [3.0] * 12)]
    plain = render_radar(axes, series, width=78, height=22, ascii=ascii)
    lines = render_radar(axes, series, width=78, height=22, ascii=ascii, full_names=True)
    legend = next(i for i, line in enumerate(lines) if "rings 1" in line)
    assert lines[:legend + 1] == plain[:legend + 1]  # the same numbered chart
    assert "\u2026" in "\n".join(plain[legend + 1:]) or ". " in "\n".join(plain[legend + 1:])  # columns shorten names
    listed = " ".join(" ".join(line.split()) for line in lines[legend + 1:])
    for i, name in enumerate(axes):
        assert f"{i + 1} {name} 3.0" in listed
