"""The Accord app: an officer's guided self-assessment in the terminal.

`AccordApp(out_path=..., open_path=..., ascii=..., coordinate=...)` is created by `accord`
(tui.cli). The start screen lists frameworks and assessments in progress; scoring, matrix, summary,
tools and help screens are pushed on top. The coordinator's view of a folder of returned bundles
(start screen `c`, or `accord coordinate FOLDER`) leads on to the action plan and to comparing
rounds. Every change is saved at once by the `AssessmentSession`; a failed save
shows a persistent bar and is retried on the next change and every few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.message import Message

from accord_partnership.engine.catalog import bundles_dir
from accord_partnership.engine.errors import AccordError
from accord_partnership.tui.commands import AccordCommands
from accord_partnership.tui.input import KeyGate, gated, linux_driver_class, pasted
from accord_partnership.tui.settings import SettingsApp
from accord_partnership.tui.widgets.footer import HELP, QUIT
from accord_partnership.tui.widgets.status import SaveBar

if TYPE_CHECKING:  # the start screen needs none of these: they load with an assessment or a folder
    from accord_partnership.engine.model import Framework
    from accord_partnership.tui.coordinate import CoordinateRequest
    from accord_partnership.tui.session import AssessmentSession

RETRY_SECONDS = 5.0


def rescue_paths(path: Path):
    """Where to save a bundle that cannot be saved in its own place: the bundles folder, the home
    folder, then the temporary folder; each a new name, never an existing file."""
    import tempfile
    import time

    from accord_partnership.exports.bundle_file import unused_path

    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (bundles_dir(), Path.home(), Path(tempfile.gettempdir())):
        yield unused_path(folder, f"{path.stem}-rescued-{stamp}")


def ensure_bundles_dir() -> Path:
    folder = bundles_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise AccordError(f"cannot create the bundles folder: {exc.strerror or exc}", folder) from None
    return folder


#: turns of the event loop a save waits for (see `AccordApp.on_save_due`): a widget's refresh
#: reaches the screen's update in about four
SAVE_AFTER_TURNS = 6


class SaveDue(Message):
    """The session has a change to write (`AssessmentSession.defer`): written after the repaint."""


class AccordApp(SettingsApp[None]):
    TITLE = "Accord"
    SUB_TITLE = "partnership self-assessment"
    CSS_PATH = "app.tcss"
    COMMANDS = SettingsApp.COMMANDS | {AccordCommands}
    #: screens get the class `-narrow` below 70 columns: screens stack what sits side by side (60x20 stays usable)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]
    BINDINGS = [
        HELP,
        Binding("ctrl+s", "save", "Save", show=False, tooltip="save now (every change is already saved as you go)"),
        QUIT,
    ]
    #: the help's first section (tui.keys): keys that work on every screen
    HELP_TITLE = "Everywhere"
    HELP_KEYS = (
        ("ctrl+p", "command palette: new assessment, coordinator, action plan, summary, tools, matrix, ASCII borders, save, quit, theme"),
        ("escape", "back / close"),
    )

    def __init__(
        self,
        out_path: str | Path | None = None,
        open_path: str | Path | None = None,
        ascii: bool = False,
        *,
        saver=None,
        retry_seconds: float = RETRY_SECONDS,
        coordinate: CoordinateRequest | None = None,
    ) -> None:
        super().__init__()
        #: keys that arrive together act one after another, as if typed slowly (tui.input)
        self.key_gate = KeyGate(self, self.on_event)
        self.out_path = Path(out_path).expanduser() if out_path else None
        self.set_reactive(AccordApp.ascii, ascii)  # applied on mount (tui.settings)
        self.saver = saver
        self.retry_seconds = retry_seconds
        self.session: AssessmentSession | None = None
        self._save_posted = False
        self._opening: AssessmentSession | None = None
        self._coordinate: CoordinateRequest | None = None
        if coordinate is not None:
            from accord_partnership.tui.coordinate import check_coordinate

            # checked here too, so bad input is said before the terminal is taken over
            self._coordinate = check_coordinate(
                coordinate.folder, coordinate.roster, min_group=coordinate.min_group, include_private=coordinate.include_private,
                framework=coordinate.framework, release_anyway=coordinate.release_anyway,
            )
        if open_path:
            from accord_partnership.engine.bundle import load_bundle
            from accord_partnership.tui.session import AssessmentSession

            # bad input is reported before the terminal is taken over: one line, exit code 2
            bundle, framework = load_bundle(open_path)
            self._opening = AssessmentSession(bundle, framework, Path(open_path), exists=True, saver=saver).open()
        elif self.out_path is not None:
            if self.out_path.exists():
                raise AccordError("already exists; open it with `accord open PATH` to continue", self.out_path)
            if not self.out_path.parent.is_dir():
                raise AccordError("folder does not exist", self.out_path.parent)

    # --- input ----------------------------------------------------------------------

    def get_driver_class(self):
        driver_class = super().get_driver_class()
        if driver_class.__name__ == "LinuxDriver":
            return linux_driver_class()
        return driver_class

    async def on_event(self, event: events.Event) -> None:
        """Every key, paste and click passes the input gate first (see `tui.input.KeyGate`)."""
        if gated(event) and not self.key_gate.admit(event):
            return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            paste = pasted(self, event)
            if paste is None:
                return
            event = paste
        await super().on_event(event)

    # --- look ------------------------------------------------------------------------

    def action_toggle_ascii(self) -> None:
        """Switch the ASCII setting; what draws glyphs watches it (tui.settings)."""
        self.ascii = not self.ascii
        self.notify("ASCII borders on" if self.ascii else "ASCII borders off", markup=False)

    # --- lifecycle -------------------------------------------------------------------

    def on_mount(self) -> None:
        from accord_partnership.tui.screens.picker import PickerScreen

        self.apply_ascii_at_start()  # the setting given at start (a reactive: later changes apply themselves)
        self.push_screen(PickerScreen())
        if self._opening is not None:
            session, self._opening = self._opening, None
            self.start_session(session)
        elif self._coordinate is not None:
            request, self._coordinate = self._coordinate, None
            self.open_coordinator(request)
        self.set_interval(self.retry_seconds, self.retry_save)
        if not self.is_headless:
            self._install_signal_handlers()

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._on_signal, signum)

    def _on_signal(self, signum: int) -> None:
        """Dropped SSH connection or kill: save what we have and leave cleanly. If the bundle
        cannot be saved where it is, it is saved to a rescue file (`rescue_paths`)."""
        self.flush()
        session = self.session
        if session is not None and session.dirty:
            for candidate in rescue_paths(session.path):
                if session.save_as(candidate):
                    break
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        self.flush()
        if self.session is not None and not self.session.dirty:
            self.session.close()

    # --- sessions --------------------------------------------------------------------

    def start_session(self, session: AssessmentSession) -> None:
        from accord_partnership.tui.screens.scoring import ScoringScreen

        self.session = session
        session.listeners.append(self.refresh_save_state)
        session.defer = self._save_due  # a change is written just after the screen shows it
        self.push_screen(ScoringScreen(session))

    def new_assessment(self, framework: Framework, **identity: str) -> AssessmentSession:
        """Create the bundle file (never replacing another) and open it for scoring."""
        from accord_partnership.engine.bundle import Bundle
        from accord_partnership.exports.bundle_file import new_bundle_path
        from accord_partnership.tui.session import AssessmentSession

        bundle = Bundle.new(framework, **identity)
        if self.out_path is not None:
            path, self.out_path = self.out_path, None  # --out names the first new assessment only
        else:
            try:
                path = new_bundle_path(ensure_bundles_dir(), bundle)
            except AccordError as exc:
                path = bundles_dir() / "unsaved.toml"
                self.notify(str(exc), severity="error", markup=False)
        session = AssessmentSession(bundle, framework, path, exists=False, saver=self.saver)
        with contextlib.suppress(AccordError):  # a brand-new file name: nobody else has it open
            session.open()
        session.save()
        self.start_session(session)
        return session

    def open_bundle(self, path: Path) -> None:
        from accord_partnership.engine.bundle import load_bundle
        from accord_partnership.tui.session import AssessmentSession

        try:
            bundle, framework = load_bundle(path)
        except AccordError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", markup=False)
            return
        session = AssessmentSession(bundle, framework, path, exists=True, saver=self.saver)
        try:
            session.open()
        except AccordError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", markup=False)
            return
        self.start_session(session)

    def close_session(self) -> None:
        self.flush()
        if self.session is not None:
            with contextlib.suppress(ValueError):
                self.session.listeners.remove(self.refresh_save_state)
            if not self.session.dirty:
                self.session.close()
        self.session = None

    def _save_due(self) -> None:
        if not self._save_posted:
            self._save_posted = True
            self.post_message(SaveDue())

    async def on_save_due(self, message: SaveDue) -> None:
        """Write the session's pending change in a worker thread: the key's repaint is not kept
        waiting for the disk. Handled in order with the keys, so later keys, quitting and tests
        find it written. It first lets the event loop go round a few times, so the widgets' repaint
        requests reach the screen and it draws the key's change before the writing thread starts
        competing for the interpreter (about 1-2 ms per key)."""
        self._save_posted = False
        if self.session is not None:
            for _ in range(SAVE_AFTER_TURNS):
                await asyncio.sleep(0)
            await self.session.write_pending()

    def flush(self) -> None:
        """Save anything pending (open matrix cells, failed saves) now."""
        for screen in self.screen_stack:
            pending = getattr(screen, "flush_pending", None)
            if pending is not None:
                pending()
        if self.session is not None:
            self.session.retry()

    def retry_save(self) -> None:
        if self.session is not None and self.session.dirty:
            self.session.retry()

    def refresh_save_state(self) -> None:
        error = self.session.last_error if self.session else None
        for screen in self.screen_stack:
            for bar in screen.query(SaveBar):
                bar.show_error(error)

    # --- global actions --------------------------------------------------------------

    def action_help(self) -> None:
        from accord_partnership.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_save(self) -> None:
        self.flush()
        if self.session is None:
            return
        if self.session.save():
            self.notify("Saved", markup=False, timeout=2)
        else:
            self.notify("Not saved: see the red bar", severity="error", markup=False)

    async def action_quit(self) -> None:
        """Quit, saving first (an open note too). If the answers cannot be saved, ask: save them
        to another file, stay, or leave without them (exit code 1 and a line saying so)."""
        from accord_partnership.tui.screens.quit_unsaved import QuitUnsavedScreen

        self.flush()
        if isinstance(self.screen, QuitUnsavedScreen):
            return
        if self.rescue_plan():
            return
        session = self.session
        if session is None or not session.dirty:
            self.exit()
            return

        def chosen(choice: str | None) -> None:
            if choice == "lose":
                self.exit(return_code=1, message=f"accord: your latest answers were NOT saved ({session.last_error})")
            elif choice == "saved":
                self.exit(message=f"accord: your answers were saved to {session.path}")

        self.push_screen(QuitUnsavedScreen(session, next(iter(rescue_paths(session.path)))), chosen)

    def rescue_plan(self) -> bool:
        """A plan screen whose changes could not be saved asks first (the same dialog as the
        answers'); True when it is asking. Saved elsewhere: the quit goes on; left: exit code 1."""
        from accord_partnership.tui.screens.prioritise import PrioritiseScreen

        for screen in self.screen_stack:
            if isinstance(screen, PrioritiseScreen) and screen.save_error:
                screen.save()  # the file may be writable again
                if not screen.save_error:
                    continue

                def chosen(choice: str | None, screen: PrioritiseScreen = screen) -> None:
                    if choice == "lose":
                        self.exit(return_code=1, message=f"accord: your latest plan changes were NOT saved ({screen.save_error})")
                    elif choice == "saved":
                        if self.session is None or not self.session.dirty:
                            self.exit(message=f"accord: your plan was saved to {screen.plan_path}")
                        else:
                            self.call_later(self.action_quit)

                screen.rescue(chosen)
                return True
        return False

    def action_new_assessment(self) -> None:
        from accord_partnership.tui.screens.picker import PickerScreen

        self.close_session()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()
        if isinstance(self.screen, PickerScreen):
            self.screen.focus_frameworks()

    def action_coordinator(self) -> None:
        """Ask for a folder of members' bundles (and a roster), then show the coordinator's view."""
        from accord_partnership.tui.screens.open_folder import OpenFolderScreen

        if isinstance(self.screen, OpenFolderScreen):
            return

        def chosen(request: CoordinateRequest | None) -> None:
            if request is not None:
                self.open_coordinator(request)

        self.push_screen(OpenFolderScreen(), chosen)

    def open_coordinator(self, request: CoordinateRequest) -> None:
        from accord_partnership.tui.screens.coordinator import CoordinatorScreen

        self.push_screen(
            CoordinatorScreen(
                request.folder, request.roster, min_group=request.min_group, include_private=request.include_private,
                framework=request.framework, release_anyway=request.release_anyway,
            )
        )

    def action_summary(self) -> None:
        from accord_partnership.tui.screens.summary import SummaryScreen

        if self.session is None:
            self.notify("Open an assessment first", markup=False)
        elif not isinstance(self.screen, SummaryScreen):
            self.push_screen(SummaryScreen(self.session))

    def action_tools(self) -> None:
        from accord_partnership.tui.screens.tools import ToolsScreen

        framework = self.session.framework if self.session else None
        if framework is None:
            self.notify("Open an assessment first: tools belong to its framework", markup=False)
        elif not framework.tools:
            self.notify("This framework has no resource tools", markup=False)
        elif not isinstance(self.screen, ToolsScreen):
            self.push_screen(ToolsScreen(framework, session=self.session))

    def action_matrix(self) -> None:
        from accord_partnership.tui.screens.matrix import MatrixScreen

        if self.session is None or not any(s.matrix for s in self.session.framework.sections):
            self.notify("This assessment has no matrix", markup=False)
        elif not isinstance(self.screen, MatrixScreen):
            self.push_screen(MatrixScreen(self.session))
