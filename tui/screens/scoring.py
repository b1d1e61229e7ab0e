"""Scoring: one section at a time, the current item's levels laid out to compare, keys to answer.

Left: the section's items with what was answered. Right: the item (question, prompts, tags), its
levels (score, label, descriptor) or yes/no, and the evidence note. Every answer and every move
is saved at once by the session.
"""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from accord_partnership.engine import navigation as nav
from accord_partnership.engine.model import OWN_MARK, Item, Section, own_mark
from accord_partnership.exports.textsafe import safe, safe_line
from accord_partnership.tui.settings import glyphs_of, on_ascii_change
from accord_partnership.tui.session import AssessmentSession
from accord_partnership.tui.widgets.item_list import ItemList, ItemPrompt
from accord_partnership.tui.widgets.levels import DetailPane, LevelRow
from accord_partnership.tui.widgets.status import SaveBar
from accord_partnership.tui.widgets.text import Glyphs, bar
from accord_partnership.tui.widgets.footer import AccordFooter

KIND_NAMES = {
    "feature": "Feature",
    "statement": "Statement",
    "theme": "Theme",
    "question": "Question",
    "criterion": "Criterion",
    "yesno": "Yes/no question",
    "open": "Open question",
}


#: What the scoring screen says at the head of a private section (the Chair's Leadership scorecard).
PRIVATE_NOTE = ("Private: for the Chair only. Left out of the partnership's results, and not counted in your "
                "progress unless you answer it.")


def _update(widget: Static, text: Text, *, one_line: bool = False) -> None:
    """Update a Static only when its text changes: every update repaints the widget. `one_line`:
    the widget is one line high, so a text of the same width needs no layout of the screen."""
    key = (text.plain, str(text.style), tuple(text.spans))
    old = getattr(widget, "_accord_text", None)
    if old == key:
        return
    widget._accord_text = key  # type: ignore[attr-defined]
    same_size = one_line and old is not None and "\n" not in text.plain and text.cell_len == widget._accord_width  # type: ignore[attr-defined]
    widget._accord_width = text.cell_len  # type: ignore[attr-defined]
    widget.update(text, layout=not same_size)


#: what a digit does (the help's row for 1-9, tui.keys)
LEVEL_HELP = ("choose a level on the section's scale (its own range, e.g. 1-5 or 1-6); on a scale past 9, "
              "a second digit straight after the first makes a two-digit score (1 then 0: 10)")


class ScoringScreen(Screen):
    BINDINGS = [
        Binding("1", "score(1)", "Score", key_display="1-5", tooltip=LEVEL_HELP),
        *[Binding(str(n), f"score({n})", show=False, tooltip=LEVEL_HELP) for n in range(2, 10)],
        Binding("0", "zero", "N/A", show=False,
                tooltip="not applicable (N/A); level 0 on a scale that has a 0 (N/A is then on n only)"),
        Binding("n", "no", "No", tooltip="N/A for rated items; No for yes/no questions"),  # the footer shows the one that works
        Binding("n", "n_key", "N/A", key_display="n", tooltip="N/A for rated items; No for yes/no questions"),
        Binding("y", "yes", "Yes", tooltip="Yes for yes/no questions"),  # shown where it answers (check_action)
        Binding("e", "note", "Note", tooltip="write or edit the evidence note (open questions: your answer)"),
        Binding("backspace,delete", "clear", "Clear answer", show=False, tooltip="clear the answer (the note is kept)"),
        Binding("down,j", "move(1)", "Next", show=False, tooltip="next item"),
        Binding("up,k", "move(-1)", "Previous", show=False, tooltip="previous item"),
        Binding("home", "edge(0)", show=False, tooltip="first item of the section"),
        Binding("end", "edge(-1)", show=False, tooltip="last item of the section"),
        Binding("u", "next_unanswered", "Next unanswered", show=False, tooltip="next unanswered item"),
        Binding("tab", "section(1)", "Next section", show=False, tooltip="next section"),
        Binding("shift+tab", "section(-1)", "Previous section", show=False, tooltip="previous section"),
        Binding("right_square_bracket", "section(1)", "Section", key_display="]", tooltip="next section"),
        Binding("left_square_bracket", "section(-1)", "Previous section", show=False, tooltip="previous section"),
        Binding("pagedown,space", "scroll_detail(1)", show=False, tooltip="scroll the levels down"),
        Binding("pageup", "scroll_detail(-1)", show=False, tooltip="scroll the levels up"),
        Binding("g", "guidance", "Guide", tooltip="section introduction and the toolkit's guidance"),
        Binding("t", "tools", "Tools", tooltip="resource tools linked to the section"),
        Binding("m", "app.matrix", "Matrix", show=False, tooltip="the stage matrix (matrix frameworks)"),
        Binding("s", "app.summary", "Summary", tooltip="my summary"),
        Binding("escape", "leave", "Start", show=False, tooltip="back to the start screen (answers are saved)"),
        # the same keys where the item takes no such answer: say why (see check_action); system:
        # not keys of their own, so the help leaves them out (tui.keys)
        *[Binding(key, f"why('{key}')", show=False, system=True) for key in "1234567890nyt"],
    ]
    HELP_TITLE = "Scoring"
    HELP_KEYS = (("mouse", "click a level to choose it, an item to go to it"),)

    def __init__(self, session: AssessmentSession) -> None:
        super().__init__()
        self.session = session
        self.framework = session.framework
        position = nav.resume_position(self.framework, session.bundle)
        if position is None:
            raise ValueError("framework has no items")
        self.section: Section = self.framework.section(position[0])
        self.item: Item = self.section.item(position[1])
        #: the item list's prompts as shown: index -> (what it shows (`_prompt_key`), prompt)
        self._shown_prompts: dict[int, tuple[tuple, ItemPrompt]] = {}
        #: (section, item, glyphs) -> the item's head (`_head_text`)
        self._heads: dict[tuple, Text] = {}
        #: what the footer's keys were last worked out for (see `_show_item`)
        self._keys_shown: tuple | None = None
        #: the last digit that scored, for a two-digit score on a scale past 9: (item, the key's
        #: number in `_keys_seen`, digit); any other key between the two digits ends it
        self._digit: tuple[Item, int, int] | None = None
        #: keys that reached this screen (`on_key`), to tell "straight after" without a clock
        self._keys_seen = 0

    @property
    def score_keys(self) -> str:
        """Which digits score on the current section's scale: "1-5", "1-6", "0-4", "1-10"."""
        scale = self.section.scale
        return f"{scale.min}-{scale.max}" if scale is not None else "1-5"

    def key_display_for(self, binding: Binding) -> str | None:
        """The scoring key as the current section's scale has it ("1-5", "1-6"; tui.settings.KeyDisplays)."""
        return self.score_keys if binding.action == "score(1)" else None

    def on_key(self, event: object) -> None:
        """Count every key, in order (bindings act after this): a digit acts with the one before
        it only when nothing came between (works the same for keys arriving in one burst)."""
        self._keys_seen += 1

    @property
    def g(self) -> Glyphs:
        return glyphs_of(self)

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="section-title", markup=False)
            yield Static("", id="progress", markup=False)
        with Horizontal(id="body"):
            yield ItemList(id="items")
            yield DetailPane(id="detail")  # head, levels, flag and note, drawn as lines
        yield SaveBar()
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_content()
        on_ascii_change(self, self.refresh_content)
        self.query_one(SaveBar).show_error(self.session.last_error)

    def on_screen_resume(self) -> None:
        self.refresh_content()
        self.query_one(SaveBar).show_error(self.session.last_error)

    def on_resize(self) -> None:
        self._update_progress()  # the section's kind shown or left out for the new width

    def refresh_content(self) -> None:
        """Rebuild everything for the current section and item."""
        self._keys_shown = None
        self._fill_items()
        self._show_item()

    # --- the item list and progress ------------------------------------------------------

    def _answer_short(self, section: Section, item: Item) -> str:
        answer = self.session.answer(section, item)
        if answer is None:
            return ""
        if answer.na:
            return "N/A"
        if answer.score is not None:
            return str(answer.score)
        if answer.choice is not None:
            return answer.choice.capitalize()
        if item.kind == "open" and answer.note.strip():
            return self.g.note
        return ""

    def _item_prompt(self, item: Item) -> ItemPrompt:
        """Marker and short answer in a narrow column, the title wrapped beside them."""
        g = self.g
        answered = nav.is_answered(self.session.bundle, self.section, item)
        current = item.id == self.item.id
        mark = g.current if current else (g.answered if answered else g.unanswered)
        short = self._answer_short(self.section, item)
        title = safe_line(own_mark(item, "title"), 48)
        answer = self.session.answer(self.section, item)
        if answer is not None and answer.note and item.kind != "open":
            title.append(f" {g.note}")
        return ItemPrompt(f"{mark}{short:>3}", title)

    def _fill_items(self) -> None:
        """The section's items, drawn afresh (another section, or the glyphs changed)."""
        self._shown_prompts = {index: (self._prompt_key(item), self._item_prompt(item)) for index, item in enumerate(self.section.items)}
        self.query_one("#items", ItemList).show([prompt for _, prompt in self._shown_prompts.values()], self._item_index(), reset=True)

    def _item_index(self) -> int:
        return [item.id for item in self.section.items].index(self.item.id)

    def _update_item_prompts(self) -> None:
        """Rebuild the prompts that changed; the list repaints only their lines. Only two can have:
        the item the list marked as current (a move) and the current one (a move, an answer);
        anything else (a screen on top, `--ascii`) refills the list (`refresh_content`)."""
        shown = self._shown_prompts
        current = self._item_index()
        items = self.query_one("#items", ItemList)
        for index in {items.current, current}:
            if index is not None and index in shown:
                item = self.section.items[index]
                key = self._prompt_key(item)
                if shown[index][0] != key:
                    shown[index] = (key, self._item_prompt(item))
        items.show([prompt for _, prompt in shown.values()], current)

    def _prompt_key(self, item: Item) -> tuple:
        """What an item's prompt shows, to tell whether it must be redrawn."""
        answer = self.session.answer(self.section, item)
        return (
            item.id == self.item.id,
            nav.is_answered(self.session.bundle, self.section, item),
            self._answer_short(self.section, item),
            bool(answer and answer.note and item.kind != "open"),
            self.g,
        )

    def _update_progress(self) -> None:
        framework, bundle, g = self.framework, self.session.bundle, self.g
        index = nav.section_index(framework, self.section.id) + 1
        title = Text(f"{index}/{len(framework.sections)} ", style="bold")
        if self.section.private:  # the Chair's scorecard: say so first, before the title can be cut
            title.append("Private: ", style="bold reverse")
        title.append_text(safe_line(self.section.title, style="bold"))
        done, total = bundle.progress(framework, self.section)
        all_done, all_total = bundle.progress(framework)
        percent = bundle.percent_complete(framework)
        progress = Text(f"section {done}/{total}  all {all_done}/{all_total} ")
        progress.append(bar(all_done, all_total, 8, g), style="bold")
        progress.append(f" {percent:>3}%")
        if self.section.kind and not self.section.private:
            kind = Text(f" {g.sep} ", style="dim")
            kind.append_text(safe_line(self.section.kind, style="dim"))
            room = (self.size.width or self.app.size.width) - progress.cell_len - 4  # the two paddings
            if title.cell_len + kind.cell_len <= room:  # else the kind is left out, not cut to "."
                title.append_text(kind)
        _update(self.query_one("#section-title", Static), title)
        _update(self.query_one("#progress", Static), progress, one_line=True)

    # --- the item ----------------------------------------------------------------------

    def _head_text(self) -> Text:
        """The item's kind and number, tags, title, text, prompts, examples, footnote (cached per item)."""
        key = (self.section.id, self.item.id, self.g)
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = self._make_head_text()
        return head

    def _make_head_text(self) -> Text:
        item, section, g = self.item, self.section, self.g
        number = self._item_index() + 1
        text = Text()
        if section.private:
            text.append_text(safe(PRIVATE_NOTE, "bold"))
            text.append("\n")
        text.append(f"{KIND_NAMES.get(item.kind, item.kind)} {number} of {len(section.items)}", style="dim")
        if item.tags:
            text.append("  ")
            for tag in item.tags:
                text.append_text(safe_line(f"[{own_mark(item, 'tags', tag)}]", style="bold reverse"))
                text.append(" ")
        text.append("\n")
        main = item.text or item.title
        if item.text and item.title and " ".join(item.text.split()) != " ".join(item.title.split()):
            text.append_text(safe(own_mark(item, "title"), "bold"))
            text.append("\n")
            text.append_text(safe(item.text))
        else:
            text.append_text(safe(main, "bold"))
        for prompt in item.prompts:
            text.append(f"\n {g.bullet} ")
            text.append_text(safe(prompt))
        if item.examples:
            text.append("\nExamples of best practice:", style="italic")
            for example in item.examples:
                text.append(f"\n {g.bullet} ")
                text.append_text(safe(example))
        if item.footnote:
            text.append("\n")
            text.append_text(safe(item.footnote, "dim"))
        if item.own or (item.rated and section.scale is not None and section.scale.own):
            text.append("\n")
            text.append_text(safe(f"{OWN_MARK} Accord's wording, not the source's", "dim"))
        return text

    def _rows(self) -> tuple[LevelRow, ...]:
        item, section = self.item, self.section
        answer = self.session.answer(section, item)
        rows: list[LevelRow] = []
        if item.kind == "yesno":
            choice = answer.choice if answer else None
            rows.append(LevelRow("yes", "y", "Yes", "", chosen=choice == "yes"))
            rows.append(LevelRow("no", "n", "No", "", chosen=choice == "no"))
        elif item.rated and section.scale is not None:
            scale = section.scale
            for score in scale.points:
                label = scale.label(score)
                if label == str(score):
                    label = ""
                label = own_mark(scale, "labels", label)
                descriptor = item.descriptor(score)
                chosen = answer is not None and answer.score == score
                rows.append(LevelRow(str(score), str(score), label, descriptor, chosen=chosen))
            if scale.allow_na:
                label = "N/A: not applicable" if scale.na_label == "N/A" else scale.na_label
                key = "n" if scale.contains(0) else "0"  # `0` scores level 0 where there is one
                rows.append(LevelRow("na", key, label, "", chosen=bool(answer and answer.na)))
        return tuple(rows)

    @property
    def levels(self) -> tuple[LevelRow, ...]:
        """The current item's levels as shown (`chosen` marks the answer)."""
        return self.query_one("#detail", DetailPane).levels

    def _flag_text(self) -> Text | None:
        item, g = self.item, self.g
        answer = self.session.answer(self.section, item)
        if item.kind == "yesno" and answer is not None and answer.choice == "no":
            text = Text.assemble((f"{g.warn} Answered no: ", "bold"))
            text.append_text(safe(item.no_means or "investigate the reasons."))
            return text
        return None

    def _note_text(self) -> Text:
        item = self.item
        answer = self.session.answer(self.section, item)
        note = answer.note if answer else ""
        if item.kind == "open":
            text = Text.assemble(("Your answer (e to write):", "bold"))
        else:
            text = Text.assemble(("Evidence note (e to edit):", "bold"))
        text.append("\n")
        if note:
            text.append_text(safe(note))
        else:
            text.append("none yet", style="dim italic")
        if self.section.matrix:
            text.append("\n\n")
            text.append("Stage matrix: challenge, what we currently do, what action we can take: press m", style="dim")
        return text

    def _show_item(self, *, progress: bool = True) -> None:
        """Show the current item, from its first line. Only the lines that differ from what is on
        screen are repainted: a move writes a few KB to the terminal, not the screen. `progress`:
        False for a move within the section (nothing answered: the same progress)."""
        self._show_detail(top=True)
        if progress:
            self._update_progress()
        self._update_item_prompts()
        keys = (self.item.kind, self.item.rated, self.section.scale)  # what `check_action` reads
        if keys != self._keys_shown:
            self._keys_shown = keys
            self.refresh_bindings()  # the footer shows the keys that work on this item

    def _show_detail(self, top: bool = False) -> None:
        self.query_one("#detail", DetailPane).show(self._head_text(), self._rows(), self._flag_text(), self._note_text(), self.g, top=top)

    def _refresh_answer_parts(self) -> None:
        self._show_detail()
        self._update_progress()
        self._update_item_prompts()

    # --- moving ------------------------------------------------------------------------

    def go(self, section_id: str, item_id: str) -> None:
        new_section = section_id != self.section.id
        self.section = self.framework.section(section_id)
        self.item = self.section.item(item_id)
        self.session.move(section_id, item_id)
        with self.app.batch_update():  # one frame for the whole move
            if new_section:
                self._fill_items()
            self._show_item(progress=new_section)

    def action_move(self, step: int) -> None:
        index = self._item_index() + step
        if 0 <= index < len(self.section.items):
            self.go(self.section.id, self.section.items[index].id)
        elif step > 0 and self.section is not self.framework.sections[-1]:
            self.action_section(1, to_start=True)
        elif step < 0 and self.section is not self.framework.sections[0]:
            previous = nav.neighbour_section(self.framework, self.section.id, -1)
            self.go(previous.id, previous.items[-1].id)

    def action_edge(self, index: int) -> None:
        self.go(self.section.id, self.section.items[index].id)

    def action_section(self, step: int, to_start: bool = False) -> None:
        section = nav.neighbour_section(self.framework, self.section.id, step)
        position: tuple[str, str] | None
        if to_start:
            position = (section.id, section.items[0].id)
        else:
            position = nav.section_start(self.framework, self.session.bundle, section)
        if position:
            self.go(*position)

    def action_next_unanswered(self) -> None:
        position = nav.next_unanswered(self.framework, self.session.bundle, (self.section.id, self.item.id))
        if position is None:
            self.notify("Everything is answered. Press s for your summary.", markup=False)
        else:
            self.go(*position)

    def on_item_list_chosen(self, event: ItemList.Chosen) -> None:
        item = self.section.items[event.index]
        if item.id != self.item.id:
            self.go(self.section.id, item.id)

    def action_scroll_detail(self, direction: int) -> None:
        detail = self.query_one("#detail", DetailPane)
        if direction > 0:
            detail.scroll_page_down(animate=False)
        else:
            detail.scroll_page_up(animate=False)

    # --- answering ---------------------------------------------------------------------

    def _answered(self) -> None:
        self._refresh_answer_parts()

    def choose(self, value: str) -> None:
        section, item = self.section, self.item
        if value in ("yes", "no"):
            self.session.set_choice(section, item, value)
        elif value == "na":
            self.session.set_na(section, item)
        else:
            self.session.set_score(section, item, int(value))
        self._answered()
        self.query_one("#detail", DetailPane).scroll_to_level(value)  # a key can choose a level scrolled off

    def _can_score(self, score: int) -> bool:
        """Whether digit `score` can act: a level, or (on a scale past 9) one digit of a level."""
        section, item = self.section, self.item
        scale = section.scale
        return item.rated and scale is not None and (scale.contains(score) or scale.max > 9)

    def _can_na(self) -> bool:
        section, item = self.section, self.item
        return item.rated and section.scale is not None and section.scale.allow_na

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys work only where they answer something: elsewhere they are left out of the footer
        and their `why` binding says what to press instead."""
        if action == "score":
            return self._can_score(int(str(parameters[0])))
        if action == "zero":
            scale = self.section.scale
            return self._can_na() or (self.item.rated and scale is not None and (scale.contains(0) or scale.max > 9))
        if action == "no":
            return self.item.kind == "yesno"
        if action == "n_key":
            return self.item.kind == "yesno" or self._can_na()
        if action == "yes":
            return self.item.kind == "yesno"
        if action == "tools":
            return bool(self.framework.tools)
        return True

    def action_why(self, key: str) -> None:
        """A key that does nothing on this item: say why, and what to press instead."""
        item, scale = self.item, self.section.scale
        if key == "t":
            message = "This framework has no resource tools"
        elif item.kind == "open":
            message = "Open question: press e to write your answer"
        elif item.kind == "yesno":
            message = "Yes/no question: press y for yes or n for no"
        elif scale is not None and key in "0n":
            message = f"No N/A on this scale: choose {scale.min}-{scale.max}"
        elif scale is not None and key.isdigit():
            message = f"This scale runs {scale.min}-{scale.max}"
        elif key == "y":
            message = "y answers yes/no questions; here choose a level" + (f" {scale.min}-{scale.max}" if scale else "")
        else:
            message = "This item takes no answer of that kind"
        self.notify(message, markup=False, timeout=3)

    def action_score(self, score: int) -> None:
        """Digit `score`: that level; on a scale past 9, straight after a digit on the same item,
        the two digits' level if there is one (1 then 0: 10)."""
        scale, digit, self._digit = self.section.scale, self._digit, None
        if scale is None or not self.item.rated:
            return
        if digit is not None and digit[0] is self.item and digit[1] == self._keys_seen - 1 and scale.contains(digit[2] * 10 + score):
            self.choose(str(digit[2] * 10 + score))
            return
        if scale.max > 9:
            self._digit = (self.item, self._keys_seen, score)
        if scale.contains(score):
            self.choose(str(score))
        elif not (scale.max > 9 and scale.min <= score * 10 + 9 and score * 10 <= scale.max):  # nor a first digit
            self.action_why(str(score))

    def action_zero(self) -> None:
        """`0`: level 0 on a scale that has one, the second digit of 10, 20... on a scale past 9,
        else N/A."""
        scale = self.section.scale
        if scale is not None and (scale.contains(0) or scale.max > 9):
            if scale.contains(0) or (self._digit is not None and self._digit[1] == self._keys_seen - 1):
                self.action_score(0)
                return
        self._digit = None
        if self._can_na():
            self.choose("na")
        else:
            self.action_why("0")

    def action_n_key(self) -> None:
        if self.item.kind == "yesno":
            self.choose("no")
        elif self._can_na():
            self.choose("na")

    def action_no(self) -> None:
        if self.item.kind == "yesno":
            self.choose("no")

    def action_yes(self) -> None:
        if self.item.kind == "yesno":
            self.choose("yes")

    def action_clear(self) -> None:
        self.session.clear(self.section, self.item)
        self._answered()

    def on_level_row_chosen(self, event: LevelRow.Chosen) -> None:
        self._digit = None
        self.choose(event.value)

    def action_note(self) -> None:
        from accord_partnership.tui.screens.note_editor import NoteEditor

        section, item = self.section, self.item
        answer = self.session.answer(section, item)

        def done(note: str | None) -> None:
            if note is not None:
                self.session.set_note(section, item, note)
                if section is self.section and item is self.item:
                    self._answered()

        def keep(note: str) -> None:  # the app is being left with the editor open
            self.session.set_note(section, item, note)

        editor = NoteEditor(item.title, answer.note if answer else "", open_item=item.kind == "open", keep=keep)
        self.app.push_screen(editor, done)

    # --- elsewhere ---------------------------------------------------------------------

    def action_guidance(self) -> None:
        from accord_partnership.tui.screens.guidance import GuidanceScreen

        self.app.push_screen(GuidanceScreen(self.framework, self.section))

    def action_tools(self) -> None:
        from accord_partnership.tui.screens.tools import ToolsScreen

        linked = self.section.tools
        self.app.push_screen(ToolsScreen(self.framework, linked=linked, start=linked[0] if linked else None, session=self.session))

    def action_leave(self) -> None:
        self.app.close_session()  # type: ignore[attr-defined]
        self.app.pop_screen()
