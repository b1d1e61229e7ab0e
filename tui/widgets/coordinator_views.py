"""The coordinator's six views of a folder of returned bundles, one widget each.

Attributes down, messages up: `CoordinatorScreen` reads the folder and sets `data` (a
`CoordinatorData`) on every view, and `section` on the views that show one section at a time;
each view draws itself when they change, and the charts redraw when the app's `ascii` setting
changes. The bar of views posts `ViewsBar.Chosen` when one is clicked; the screen switches.

- `CompletionView`: who has returned a bundle (and, with a roster, who has not), bad files
  skipped, replaced and ignored; never a score next to a name.
- `ItemsTableView`: one section's items as counts, means, spreads and flags.
- `RadarView`: the section's means as a spider chart, then the overall pattern.
- `FindingsView`: the toolkit's guidance for the results (analysis.weakest etc.).
- `DisagreementView`: items by spread (sd), with consensus and the two-camps flag.
- `RolesView`: perception gaps between roles large enough to report.

All user and framework text is shown as `rich.text.Text` (never parsed as markup).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive, var
from textual.widgets import DataTable, Static

from accord_partnership.engine.analysis import MAX_LISTED, FindingKind
from accord_partnership.engine.numbers import fmt, fmt_mean
from accord_partnership.exports.textsafe import one_line, safe_line, visible
from accord_partnership.tui.settings import ascii_mode, on_ascii_change

if TYPE_CHECKING:
    from accord_partnership.engine.analysis import Analysis, Gap
    from accord_partnership.engine.merge import MergeReport
    from accord_partnership.engine.roster import Completion
    from accord_partnership.engine.stats import ItemStats, ResultsStats

#: (view id, key, label) in the order the bar shows them
VIEW_KEYS = (
    ("completion", "c", "Completion"),
    ("table", "t", "Table"),
    ("radar", "s", "Spider"),
    ("findings", "f", "Findings"),
    ("disagreement", "d", "Disagreement"),
    ("roles", "o", "By role"),
)
VIEWS = tuple(view for view, _, _ in VIEW_KEYS)

#: the table's flag word for each kind of finding about one item (engine.analysis.FindingKind)
_FLAG_WORDS: dict[FindingKind, str] = {
    "low": "low",
    "disagreement": "wide range",
    "polarised": "two camps",
    "strong": "strong",
    "answered-no": "answered no",
}


def short_message(folder: Path, message: str) -> str:
    """A message with `folder`'s path left out of the file names in it (the title shows it)."""
    prefix = str(folder).rstrip(os.sep)
    if message.startswith(prefix + ": "):  # about the folder itself
        message = message[len(prefix) + 2 :]
    return one_line(message.replace(prefix + os.sep, ""))


@dataclass(eq=False)
class CoordinatorData:
    """What the views show: one read of the folder (engine.merge report, engine.analysis
    analysis, role splits and gaps, engine.roster completion), compared by identity."""

    folder: Path
    report: MergeReport
    analysis: Analysis
    splits: tuple[dict[str, ResultsStats], list[Gap]]  # role splits, and the gaps between roles
    completion: Completion
    min_group: int
    notes: list[str] = field(default_factory=list)

    def short(self, message: str) -> str:
        return short_message(self.folder, message)


class DataView:
    """Mixin for the views: `data` is set by the screen (attributes down); the view redraws."""

    data: var[CoordinatorData | None] = var(None)

    def watch_data(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        raise NotImplementedError


class SectionView(DataView):
    """Mixin for the views that show one section at a time (`section`: its index in the stats)
    and draw glyphs or charts: they redraw when the app's `ascii` setting changes too."""

    section: var[int] = var(0)

    def on_mount(self) -> None:
        on_ascii_change(self, self.redraw)  # type: ignore[arg-type]

    def watch_section(self) -> None:
        self.redraw()


class ViewsBar(Static):
    """The views and their keys, the current one lit; a click on one posts `Chosen`. A narrow
    terminal gets the views on two lines, never a view's name broken across them."""

    current: reactive[str] = reactive("completion")

    class Chosen(Message):
        def __init__(self, view: str) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def render(self) -> Content:
        return self._bar(self.current, self.size.width)

    @staticmethod
    def _bar(current: str, width: int = 0) -> Content:
        lines: list[list[str]] = [[]]
        used = 0
        for view, key, label in VIEW_KEYS:  # fixed text only: the markup is ours
            style = "reverse bold" if view == current else "dim"
            cells = len(key) + len(label) + 3 + (1 if lines[-1] else 0)
            if width and lines[-1] and used + cells > width:
                lines.append([])
                used, cells = 0, cells - 1
            lines[-1].append(f"[{style} @click=choose('{view}')] {key} {label} [/]")
            used += cells
        return Content.from_markup("\n".join(" ".join(line) for line in lines))

    def action_choose(self, view: str) -> None:
        self.post_message(self.Chosen(view))


class CompletionView(DataView, VerticalScroll):
    """Who has completed (never how), who has not, and the files skipped, replaced or ignored."""

    #: why the folder could not be read (the screen's status line shows it; the lists make way)
    failure: var[str] = var("")

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="completion-text")

    def watch_failure(self, failure: str) -> None:
        if failure:
            self.query_one("#completion-text", Static).update(
                Text(visible(
                    "Nothing to show: the red line above says why.\n\nPress r to read the folder again once that is put right, "
                    "or escape to choose another folder."
                ))
            )

    def redraw(self) -> None:
        data = self.data
        if data is None or not self.is_mounted:
            return
        report, done = data.report, data.completion
        text = Text()
        text.append(one_line(done.summary()) + "\n", style="bold")
        text.append("Scores are never shown next to names: this list says who has completed, not how anyone answered.\n", style="dim")
        text.append(f"\nCompleted ({len(done.completed)} named, {done.anonymous} anonymous)\n", style="bold")
        for label in done.completed:
            text.append("  ")
            text.append(one_line(label))
            text.append("\n")
        if done.expected:
            text.append(f"\nNot yet returned ({len(done.missing)} of {done.expected} on the roster)\n", style="bold")
            for line in done.missing or ["nobody: everyone on the roster has completed"]:
                text.append("  " + one_line(line) + "\n")
            if done.unlisted:
                text.append("\nCompleted but not on the roster\n", style="bold")
                for label in done.unlisted:
                    text.append("  " + one_line(label) + "\n")
        if report.skipped:
            text.append(f"\nSkipped ({len(report.skipped)} bad file{'s' if len(report.skipped) != 1 else ''})\n", style="bold")
            for skipped in report.skipped:
                text.append("  " + data.short(skipped.reason) + "\n")
        if report.replaced:
            text.append("\nReplaced by a newer bundle from the same respondent\n", style="bold")
            for replaced in report.replaced:
                text.append("  " + one_line(f"{Path(replaced.path).name} → {Path(replaced.by).name}") + "\n")
                if replaced.why:
                    text.append("    " + data.short(replaced.why) + "\n", style="dim")
        if report.warnings:
            text.append("\nTo check\n", style="bold")
            for warning in report.warnings:
                text.append("  " + one_line(warning) + "\n")
        if report.ignored:
            text.append("\nIgnored (merged results, not bundles)\n", style="bold")
            for path in report.ignored:
                text.append("  " + one_line(path) + "\n")
        text.rstrip()
        self.query_one("#completion-text", Static).update(text)


def _bar(mean: float | None, low: int, high: int, *, ascii: bool, width: int = 10) -> str:
    full, empty = ("#", ".") if ascii else ("█", "░")
    if mean is None or high <= low:
        return " " * width
    filled = max(0, min(width, round(width * (mean - low + 1) / (high - low + 1))))
    return full * filled + empty * (width - filled)


def _flags(analysis: Analysis, section_id: str, item: ItemStats) -> Text:
    kinds: list[str] = []
    for finding in analysis.for_section(section_id):
        if finding.item_id == item.item_id and finding.kind in _FLAG_WORDS and _FLAG_WORDS[finding.kind] not in kinds:
            kinds.append(_FLAG_WORDS[finding.kind])
    text = Text(", ".join(kinds))
    if item.withheld:
        if kinds:
            text.append(", ")
        text.append(f"withheld: {item.withheld}", style="italic")
    return text


def _text_room(table: DataTable, headers: tuple[str, ...], rows: list[list[Text]], texts: int) -> int:
    """Cells left for each of a table's first `texts` columns (titles) once the other columns
    (their widest cell or header) and the cell padding fit the table's width: so a narrow
    terminal cuts the titles, never a figure or a flag at the right edge (at least 12 each)."""
    width = table.size.width or (table.screen.size.width if table.is_attached else 80)
    others = sum(
        max([len(headers[i]), *(r[i].cell_len for r in rows)]) for i in range(texts, len(headers))
    )
    padding = 2 * table.cell_padding * len(headers)
    scrollbar = table.styles.scrollbar_size_vertical
    return max(12, (width - others - padding - scrollbar) // texts)


class ItemsTableView(SectionView, Vertical):
    """The section's items: n, N/A, mean, sd, a bar and the findings' flags."""

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="coord-section")
        yield DataTable(id="items-table", cursor_type="row", zebra_stripes=True)

    def redraw(self) -> None:
        data = self.data
        if data is None or not self.is_mounted:
            return
        stats = data.analysis.stats
        table = self.query_one("#items-table", DataTable)
        table.clear(columns=True)
        if not stats.sections:
            self.query_one("#coord-section", Static).update(Text("No sections to show."))
            return
        section_stats = stats.sections[self.section]
        section = data.report.framework.section(section_stats.section_id)
        heading = Text()
        heading.append(one_line(section.title))
        heading.append(
            f"  ({self.section + 1} of {len(stats.sections)}; mean {fmt(section_stats.mean, 2)}; [ and ] switch section)",
            style="dim",
        )
        self.query_one("#coord-section", Static).update(heading)
        headers = ("Item", "n", "N/A", "Mean", "sd", "", "Flags")
        table.add_columns(*headers)
        scale = section.scale
        ascii = ascii_mode(self)
        rows: list[list[Text]] = []
        for item in section_stats.items:
            if item.kind == "yesno":
                asked = "–" if item.withheld else str(item.respondents - item.unanswered)
                mean = Text(f"{item.yes} yes / {item.no} no" if not item.withheld else "–")
                row = [Text(item.title), Text(asked), Text("–"), mean, Text("–"), Text(""), _flags(data.analysis, section.id, item)]
            elif item.kind == "open":
                row = [Text(item.title), Text(str(item.respondents - item.unanswered)), Text("–"), Text("–"), Text("–"), Text(""), Text("open question")]
            else:
                bar = _bar(item.mean, scale.min, scale.max, ascii=ascii) if scale else ""
                row = [
                    Text(item.title),
                    Text("–" if item.withheld else str(item.n)),
                    Text("–" if item.withheld else str(item.n_na)),
                    Text(fmt(item.mean, 2)),
                    Text(fmt(item.sd, 2)),
                    Text(bar),
                    _flags(data.analysis, section.id, item),
                ]
            rows.append(row)
        room = min(48, _text_room(table, headers, rows, 1))
        for item, row in zip(section_stats.items, rows, strict=True):
            table.add_row(safe_line(row[0].plain, room), *row[1:], key=f"{section.id}/{item.item_id}")


class RadarView(SectionView, VerticalScroll):
    """The section's mean per item as a spider chart, then the overall pattern (one axis per section)."""

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="radar-text")

    def chart_width(self) -> int:
        """The cells a chart line may take: the view's width less its scrollbar's gutter and the
        text's padding (a chart drawn wider wraps, labels torn from their values); 40 to 100."""
        inside = self.scrollable_content_region.width or self.screen.size.width - 2
        return max(40, min(inside - 2, 100))

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        from accord_partnership.exports.radar import RadarSeries, radar_to_rich, render_radar_cells
        from accord_partnership.exports.report_common import withheld_note

        data = self.data
        if data is None or not self.is_mounted or not data.analysis.stats.sections:
            return
        analysis, ascii = data.analysis, ascii_mode(self)
        section_stats = analysis.stats.sections[self.section]
        section = data.report.framework.section(section_stats.section_id)
        width = self.chart_width()
        out = Text()
        items = [i for i in section_stats.items if i.mean is not None or section.scale]
        scale = section.scale
        rated = [i for i in items if i.kind not in ("yesno", "open")]
        out.append(one_line(section.title) + "\n", style="bold")
        if scale is None or len(rated) < 3:
            out.append("Fewer than three rated items: see the table (t).\n\n", style="dim")
        else:
            cells = render_radar_cells(
                [visible(i.title) for i in rated], [RadarSeries("Mean", [i.mean for i in rated])],
                scale_min=scale.min, scale_max=scale.max, width=width, height=20, ascii=ascii,
                threshold=analysis.threshold,
            )
            out.append_text(radar_to_rich(cells))
            out.append("\n")
            note = withheld_note(items, data.min_group)
            if note:
                out.append(one_line(note, 300) + "\n", style="dim")
            out.append("\n")
        pattern = analysis.overall
        if pattern is not None and len(pattern.titles) >= 3 and sum(v is not None for v in pattern.values) >= 3:
            out.append("Overall pattern: average per section\n", style="bold")
            cells = render_radar_cells(
                [visible(t) for t in pattern.titles], [RadarSeries("Average", list(pattern.values))],
                scale_min=pattern.scale_min, scale_max=pattern.scale_max, width=width, height=20, ascii=ascii,
                threshold=analysis.threshold,
            )
            out.append_text(radar_to_rich(cells))
            if pattern.rescaled:
                out.append(f"\nThe sections use different scales; their averages are rescaled to "
                           f"{pattern.scale_min}–{pattern.scale_max} for this chart.\n", style="dim")
        self.query_one("#radar-text", Static).update(out)


class FindingsView(SectionView, VerticalScroll):
    """Lowest section, items below the acceptable score, strongest, then the section's findings."""

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="findings-text")

    def redraw(self) -> None:
        data = self.data
        if data is None or not self.is_mounted:
            return
        analysis, fw = data.analysis, data.report.framework
        stats = analysis.stats
        text = Text()
        if analysis.lowest_section is not None:
            text.append(f"Lowest: {one_line(analysis.lowest_section.title)} (mean {fmt(analysis.lowest_section.mean, 2)})\n", style="bold")
        if analysis.weakest:
            text.append(f"Below {fmt(analysis.threshold)}: ", style="bold")
            shown = analysis.weakest[:MAX_LISTED]
            text.append(", ".join(f"{one_line(i.title)} {fmt_mean(i.mean, analysis.threshold)}" for i in shown))
            if len(analysis.weakest) > len(shown):
                text.append(f" and {len(analysis.weakest) - len(shown)} more (table: t)")
            text.append("\n")
        if analysis.strongest:
            text.append("Strongest: ", style="bold")
            text.append(", ".join(f"{one_line(i.title)} {fmt_mean(i.mean, analysis.threshold)}" for i in analysis.strongest))
            text.append("\n")
        if stats.sections:
            section_id = stats.sections[self.section].section_id
            text.append(f"\n{one_line(fw.section(section_id).title)}\n", style="bold underline")
            findings = analysis.for_section(section_id)
            if not findings:
                text.append("  No findings for this section.\n", style="dim")
            for finding in findings:
                text.append(f"  {finding.kind}: ", style="bold")
                text.append(one_line(finding.detail) + "\n")
                if finding.message:
                    for paragraph in visible(finding.message).split("\n"):
                        if paragraph.strip():
                            text.append("    " + paragraph.strip() + "\n", style="italic")
                if finding.tools:
                    names = ", ".join(one_line(fw.tool(t).title) for t in finding.tools if t in {x.id for x in fw.tools})
                    text.append(f"    See: {names}\n", style="dim")
        if analysis.tools:
            text.append("\nResource tools for these results\n", style="bold")
            for tool in analysis.tools:
                text.append(f"  Tool {tool.number}: {one_line(tool.title)}\n")
        if analysis.questions is not None:
            bullet = "-" if ascii_mode(self) else "•"
            text.append(f"\n{one_line(analysis.questions.title)}\n", style="bold")
            for question in analysis.questions.items:
                text.append(f"  {bullet} {one_line(question)}\n")
        text.rstrip()
        self.query_one("#findings-text", Static).update(text)


class DisagreementView(DataView, Vertical):
    """Items by spread (standard deviation), largest first, with consensus and two camps."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Where members disagree: items by spread (standard deviation), largest first."), id="spread-title")
        yield DataTable(id="spread-table", cursor_type="row", zebra_stripes=True)

    def redraw(self) -> None:
        data = self.data
        if data is None or not self.is_mounted:
            return
        analysis = data.analysis
        table = self.query_one("#spread-table", DataTable)
        table.clear(columns=True)
        headers = ("Section", "Item", "n", "sd", "Range", "Consensus", "Two camps")
        table.add_columns(*headers)
        fw = data.report.framework
        rows = [
            [
                Text(fw.section(item.section_id).title),
                Text(item.title),
                Text(str(item.n)),
                Text(fmt(item.sd, 2)),
                Text(f"{item.min}–{item.max}"),
                Text(fmt(item.consensus, 2)),
                Text("yes" if item.polarised else ""),
            ]
            for item in analysis.disagreements
        ]
        room = _text_room(table, headers, rows, 2)
        for item, row in zip(analysis.disagreements, rows, strict=True):
            table.add_row(
                safe_line(row[0].plain, min(24, room)), safe_line(row[1].plain, min(40, room)), *row[2:],
                key=f"{item.section_id}/{item.item_id}",
            )
        withheld = sum(1 for i in analysis.stats.all_items() if i.withheld and i.kind != "yesno")
        title = "Where members disagree: items by spread (standard deviation), largest first."
        if withheld:
            title += f" {withheld} item{'s' if withheld != 1 else ''} with fewer than {data.min_group} answers not shown."
        if not analysis.disagreements:
            title += " No item has a spread to show."
        self.query_one("#spread-title", Static).update(Text(title))


class RolesView(DataView, VerticalScroll):
    """Respondents per role, the splits shown, and the perception gaps between them."""

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="roles-text")

    def redraw(self) -> None:
        from accord_partnership.engine.analysis import ROLE_GAP, gap_sentence
        from accord_partnership.engine.privacy import split_min_group

        data = self.data
        if data is None or not self.is_mounted:
            return
        splits, gaps = data.splits
        results = data.report.results
        text = Text()
        text.append("Results by role or sector\n", style="bold")
        if results.roles:
            text.append("Respondents per role: " + ", ".join(f"{one_line(r)} {n}" for r, n in sorted(results.roles.items())) + "\n")
        if not splits:
            text.append(
                f"No role has a split to show: each split needs at least {split_min_group(data.min_group, results.min_group)} members "
                "(and enough people outside the splits), so that no one's answers can be picked out.\n",
                style="dim",
            )
        else:
            text.append("Splits shown: " + ", ".join(one_line(r) for r in splits) + "\n")
        if gaps:
            text.append(f"\nPerception gaps of {fmt(ROLE_GAP)} or more (difference of group means, largest first)\n", style="bold")
            for gap in gaps:
                text.append("  " + one_line(gap_sentence(gap)) + "\n")
        elif len(splits) >= 2:
            text.append(f"\nNo gap of {fmt(ROLE_GAP)} or more between the roles.\n", style="dim")
        text.rstrip()
        self.query_one("#roles-text", Static).update(text)
