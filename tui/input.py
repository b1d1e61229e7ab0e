"""Terminal input for Accord: the same keys give the same result however they arrive.

A terminal hands the app whatever bytes one `read()` returns: one key when someone types slowly,
many when text is pasted, a link is slow, tmux `send-keys` sends several keys in one call or an
autotype tool is used. Textual dispatches the keys of one read before the first has been handled:
`App.on_event` forwards each key into the queue of the widget focused *at the moment the app reads
it*, while priority bindings (ctrl+s, escape) and app-level actions run at once. So a save, a focus
move (tab) or a screen change could overtake the characters typed before it (see
/work/shared/notes/stack.md, "Key input in Textual").

Two pieces fix that once, for the whole app:

- `KeyGate`: the app's input gate. A key (or paste, or mouse button) is dispatched only when
  everything the keys before it started has finished: no widget, screen or the app itself has an
  unhandled message or a pending `call_next` callback. Otherwise the key is held, in order, and a
  *settle round* starts: a callback is queued behind every node's pending messages (the technique
  of Textual's own `Pilot._wait_for_screen`); when all have run and everything is quiet, the next
  held key is dispatched exactly as if it had just been read. Keys typed slowly find the app quiet
  and pass straight through, so the gate costs nothing then. A round limit and a time limit make
  sure input can never stall behind a widget that never goes quiet (an animation, say).
- `AccordXTermParser`: escape followed at once by another key (`ESC 3`, `ESC j`) is read as escape,
  then that key. Textual maps some of these pairs to characters (`ESC 3` -> `£`, `ESC 5` -> `∞`,
  macOS Option-key conventions) and the rest to `alt+key`; Accord binds no alt keys, and on a slow
  link "escape, then 3" arrives as exactly those two bytes, so this reading is the one that matches
  slow typing. A `£` typed as a character (one byte sequence, no ESC) is still a `£`.

`AccordLinuxDriver` makes the real terminal driver use that parser. Tests feed raw terminal bytes
through the same parser in one go with `feed_terminal_bytes`.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import events, messages
from textual._xterm_parser import XTermParser

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

ESC = "\x1b"
#: characters that start a longer escape sequence (CSI, SS3): ESC before them is not a key of its own
_SEQUENCE_INTRODUCERS = frozenset("[O")
#: a settle round is repeated while something is still busy, but never beyond these limits
MAX_SETTLE_ROUNDS = 200
MAX_HOLD_SECONDS = 2.0
ROUND_SECONDS = 0.5
ROUND_POLL_SECONDS = 0.02
#: the input events the gate keeps in order
_INPUT_EVENTS = (events.Key, events.Paste, events.MouseEvent)


class AccordXTermParser(XTermParser):
    """Textual's terminal parser, except that ESC followed by one key is escape, then that key."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if len(sequence) == 2 and sequence[0] == ESC and sequence[1] not in _SEQUENCE_INTRODUCERS and sequence[1] != ESC:
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
            return
        if alt and len(sequence) == 1:
            # an unrecognised sequence re-read key by key after a timeout: ESC then the key
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence)
            return
        yield from super()._sequence_to_key_events(sequence)


def terminal_events(data: str) -> list:
    """The events a terminal read of `data` gives (keys, paste, mouse), parsed as the app parses them.

    The parser's escape timeout is not waited for: a lone trailing ESC is flushed as escape.
    """
    parser = AccordXTermParser()
    found = list(parser.feed(data))
    found.extend(parser.feed(""))  # end of input: flush a pending ESC
    return found


def _busy(node: MessagePump) -> bool:
    """Whether `node` still has work queued: messages not yet handled, `call_next` callbacks, or it
    is still being composed and mounted (a screen just pushed: its widgets and focus are not there yet).

    Textual's queues do not count the message being handled; that is safe here because a handler
    that does not await runs to its end without letting the check run, and the settle rounds wait
    for every node's handlers before the check.
    """
    if not node._is_mounted or node._pending_message is not None:
        # `_pending_message`: the next message, already taken off the queue by the pump's look-ahead
        return True
    if node._next_callbacks:
        return True
    # a `Prompt` only asks an idle pump to run its idle work (checked above): not work of its own
    queued: Any = node._message_queue.values  # Textual's private queue: its type is not declared
    return any(not isinstance(message, messages.Prompt) for message in queued)


def _input_queued(node: MessagePump) -> bool:
    """Whether `node` still has an input event (key, paste, mouse button) handed to it and not yet
    handled: earlier input that is still being worked through, not a widget that never goes quiet."""
    if isinstance(node._pending_message, _INPUT_EVENTS):
        return True
    queued: Any = node._message_queue.values  # Textual's private queue: its type is not declared
    return any(isinstance(message, _INPUT_EVENTS) for message in queued)


class KeyGate:
    """Holds input events until every earlier key has been handled, then replays them in order.

    Used by `AccordApp.on_event`: `admit(event)` says whether the event may be dispatched now;
    when it returns False the gate has kept the event and will call `dispatch(event)` (in the app's
    own task, as a callback) once the app is quiet. `dispatch` must handle the event exactly as
    `App.on_event` would for a freshly read one.
    """

    def __init__(self, app: App, dispatch) -> None:
        self.app = app
        self.dispatch = dispatch
        self.held: deque = deque()
        self._settling = False
        self._rounds = 0
        self._since = 0.0
        self._quiet_rounds = 0
        self._round_id = 0
        #: the event being replayed by the gate itself (admitted without a check)
        self._releasing: object | None = None

    # --- what is busy ----------------------------------------------------------------

    def _nodes(self) -> list[MessagePump]:
        """Every screen on the stack (a dismissed dialog's result runs on the one below) and every
        widget of the screen in front (the others receive no input)."""
        app = self.app
        try:
            stack = list(app.screen_stack)
        except Exception:  # no screens yet / shutting down
            return []
        if not stack:
            return []
        nodes: list[MessagePump] = list(stack[:-1])
        nodes.extend(stack[-1].walk_children(with_self=True))
        return [node for node in nodes if not (node._closing or node._closed)]

    def quiet(self) -> bool:
        """True when nothing started by earlier input is still queued anywhere in the app.

        Must be called from the app's own task (in `on_event` or a callback of the app).
        """
        app = self.app
        if _busy(app):
            return False
        return not any(_busy(node) for node in self._nodes())

    def _input_pending(self) -> bool:
        """True while an input event already dispatched is still queued somewhere in the app."""
        return any(_input_queued(node) for node in (self.app, *self._nodes()))

    def quiet_from_outside(self) -> bool:
        """`quiet()` asked from another task (a test): the app's own queue must be drained too."""
        return not any(_busy(node) for node in (self.app, *self._nodes()))

    # --- the gate --------------------------------------------------------------------

    def admit(self, event: events.Event) -> bool:
        """True if `event` may be dispatched now; otherwise it is held (in order) and False."""
        if event is self._releasing:
            return True
        if not self.held and (isinstance(event, events.MouseMove) or self.quiet()):
            return True
        if not self.held:
            self._rounds = 0
            self._since = time.monotonic()
        self.held.append(event)
        self._settle()
        return False

    def _settle(self) -> None:
        """Queue a callback behind every node's pending messages; when all have run, check again.

        A node removed meanwhile (a dialog that closed) never runs its callback: a cheap poll
        notices that only closed nodes are left, and `ROUND_SECONDS` ends a round whatever
        happens, so input never stalls.
        """
        if self._settling:
            return
        self._settling = True
        self._rounds += 1
        self._round_id += 1
        round_id = self._round_id
        loop = asyncio.get_running_loop()
        nodes = [self.app, *self._nodes()]
        done: set[int] = set()
        started = loop.time()

        def end_round() -> None:
            if self._round_id == round_id and self._settling:
                self._round_id += 1  # anything later from this round is ignored
                self.app.call_later(self._check)

        def one_done(key: int) -> None:
            done.add(key)
            if len(done) == len(nodes):
                end_round()

        def poll() -> None:
            if self._round_id != round_id:
                return
            if loop.time() - started > ROUND_SECONDS or all(
                id(node) in done or node._closing or node._closed for node in nodes
            ):
                end_round()
            else:
                loop.call_later(ROUND_POLL_SECONDS, poll)

        for node in nodes:
            if not node.call_later(one_done, id(node)):
                done.add(id(node))
        if len(done) == len(nodes):
            end_round()
        else:
            loop.call_later(ROUND_POLL_SECONDS, poll)

    async def _check(self) -> None:
        """Runs in the app's task: release the next held event when the app is quiet."""
        self._settling = False
        if not self.held:
            return
        if self._input_pending():
            # earlier keys are still queued in a widget (a long paste into a field that does work on
            # every character): that is progress, not a stall, so the limits count from when it ends
            self._rounds = 0
            self._since = time.monotonic()
        overdue = self._rounds >= MAX_SETTLE_ROUNDS or time.monotonic() - self._since > MAX_HOLD_SECONDS
        if not overdue:
            # quiet at the end of two rounds in a row: a handler that was awaiting something when
            # the first round ended has finished before the second one can end
            self._quiet_rounds = self._quiet_rounds + 1 if self.quiet() else 0
            if self._quiet_rounds < 2:
                self._settle()
                return
        self._quiet_rounds = 0
        event = self.held.popleft()
        self._rounds = 0
        self._since = time.monotonic()
        await self._release(event)
        # characters typed into a text field go to that field's own queue, in order, and a
        # printable key never moves focus: the rest of a typed run needs no settle rounds
        while self.held and _typing_into_field(self.app, event) and _typing_into_field(self.app, self.held[0]):
            event = _next_typed(self.app, self.held)
            await self._release(event)
        if self.held:
            self._settle()

    async def _release(self, event: events.Event) -> None:
        self._releasing = event
        try:
            await self.dispatch(event)
        finally:
            self._releasing = None

    def clear(self) -> None:
        self.held.clear()


def _typing_into_field(app: App, event: object) -> bool:
    """A printable key (or paste) while an editable text field has focus, and no binding on it."""
    if not isinstance(event, (events.Key, events.Paste)):
        return False
    if isinstance(event, events.Key) and not event.is_printable:
        return False
    from textual.widgets import Input, TextArea

    focused = app.focused
    if isinstance(focused, TextArea):
        return not focused.read_only
    return isinstance(focused, Input)


def _next_typed(app: App, held: deque) -> events.Event:
    """Take the next held event of a typed run. Consecutive printable keys typed into a plain text
    field come out as one `Paste` of their characters, so the field (and whatever watches it, such
    as the action form's SMART check) does its work once per run, not once per character: a
    2,000-character burst over a slow link then appears at once rather than over many seconds.

    The result is the one typing them one by one gives: only keys with no priority binding are
    joined (a priority binding acts on its key even in a field), and an `Input` with a `restrict`,
    `type` or `max_length` rule takes its keys one by one: it checks each key alone (after the
    keys before it, still queued, have been inserted), keeping the characters that fit.
    """
    from textual.widgets import Input, TextArea

    first = held.popleft()
    focused = app.focused
    if not (isinstance(first, events.Key) and first.is_printable and first.character):
        return first
    if isinstance(focused, Input):
        if focused.restrict is not None or focused.type != "text" or focused.max_length:
            return first
    elif not isinstance(focused, TextArea):
        return first
    try:
        priority = {key for key, active in app.screen.active_bindings.items() if active.binding.priority}
    except Exception:  # no screen (shutting down): one key at a time
        return first
    if first.key in priority:
        return first
    chars = [first.character]
    while held:
        key = held[0]
        if not (isinstance(key, events.Key) and key.is_printable and key.character and key.key not in priority):
            break
        chars.append(key.character)
        held.popleft()
    if len(chars) == 1:
        return first
    return _paste(app, "".join(chars))


def _paste(app: App, text: str) -> events.Paste:
    """A paste of `text` made by the app itself (handed on as if the terminal had sent it)."""
    paste = events.Paste(text)
    paste.set_sender(app)
    return paste


def pasted(app: App, paste: events.Paste) -> events.Paste | None:
    """A terminal's paste, as the focused widget should get it (None: nothing to hand on).

    - a one-line text field (`Input`) takes only a paste's first line, so the lines of a text
      copied from a document or an email are joined with spaces: nothing pasted is lost;
    - a multi-line editor (`TextArea`) takes the paste as it is;
    - where no text field has the focus (the scoring screen, say) pasted text is not read as keys
      (an email pasted there would score and move at random): the app says where text can go.
    """
    from textual.widgets import Input, TextArea

    focused = app.focused
    if isinstance(focused, TextArea):
        return paste
    if isinstance(focused, Input):
        lines = [line.strip() for line in paste.text.splitlines() if line.strip()]
        if len(lines) <= 1:
            return paste
        return _paste(app, " ".join(lines))
    if paste.text.strip():
        app.notify("Pasted text goes into a text field (on an item: press e for its note, then paste).", markup=False)
    return None


def gated(event: events.Event) -> bool:
    """Input events that keep their order through the gate (keys, pastes, mouse)."""
    return isinstance(event, (events.Key, events.Paste, events.MouseEvent)) and not event.is_forwarded


def linux_driver_class():
    """Textual's Linux driver, reading keys with `AccordXTermParser`; in ASCII mode (`app.ascii`)
    every write is passed through `tui.terminal.to_ascii`, so only ASCII reaches the terminal."""
    from textual.drivers import linux_driver

    from accord_partnership.tui.terminal import to_ascii

    class AccordLinuxDriver(linux_driver.LinuxDriver):
        def run_input_thread(self) -> None:
            # the input thread builds its parser from the module's name `XTermParser`
            linux_driver.XTermParser = AccordXTermParser  # type: ignore[misc]  # a module attribute the driver reads
            super().run_input_thread()

        def write(self, data: str) -> None:
            if not data.isascii() and getattr(self._app, "ascii", False):
                data = to_ascii(data)
            super().write(data)

    return AccordLinuxDriver
