"""One officer's assessment in progress: the bundle, its framework, its file and whether it is saved.

Every change goes through this class and is saved at once (atomic, 0600). A failed save keeps the
answers in memory, records the reason, and is retried on the next change or by the app's timer.
No Textual here: the app listens through `listeners`.

In the TUI a change is written just after the screen shows it, not before: a save waits for the
disk (two fsyncs, often 5-25 ms), which would otherwise delay every key's repaint. The app sets
`defer`; a change then marks the session `pending` and calls it, and the app awaits
`write_pending()`, which writes in a worker thread while the event loop draws. The app handles
that as a message in order, so keys after it, quitting and tests see the file written; `save()`
(used by flush, quit and signals) writes anything pending at once. One write at a time (a lock).

Two copies of Accord never overwrite each other's answers: a session holds a lock beside its file
(`BundleLock`: `.NAME.lock`, an advisory `flock` released when the process ends, however it ends),
and before every write it checks that the file is still the one it last read or wrote (size,
modification time, inode); if another program changed it, nothing is written, the red bar says so
and the answers stay in memory until saved elsewhere (`save_as`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from accord_partnership.engine.bundle import Answer, Bundle
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.model import Framework, Item, Section
from accord_partnership.exports.bundle_file import bundle_to_toml, save_bundle, write_bundle_text

Saver = Callable[..., Path]


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from another: (inode, size, mtime in ns); None if absent."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class BundleLock:
    """An exclusive advisory lock on `.NAME.lock` beside a bundle, held while it is open.

    `acquire()` raises AccordError naming the file when another process holds it. The lock is
    the kernel's (`flock`): it goes when the process ends, even on kill -9 or a dropped connection.
    Where locking is impossible (a read-only folder, a file system without locks) it is skipped:
    the unchanged-since-read check before every write still protects the answers.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(f".{path.name}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError:
            return  # cannot create a lock here: rely on the check before every write
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = ""
            with contextlib.suppress(OSError, ValueError):
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise AccordError(
                f"is open in another copy of Accord{who}; close it there first, so neither overwrites the other's answers",
                self.path.with_name(self.path.name[1:].removesuffix(".lock")),
            ) from None
        except OSError:
            os.close(fd)
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


class AssessmentSession:
    def __init__(
        self,
        bundle: Bundle,
        framework: Framework,
        path: str | Path,
        *,
        exists: bool = True,
        saver: Saver | None = None,
    ) -> None:
        self.bundle = bundle
        self.framework = framework
        self.path = Path(path)
        self.saver = saver
        #: False until the file has been created: the first write never replaces another file
        self.exists = exists
        self.dirty = False
        self.last_error: str | None = None
        self.saves = 0
        self.listeners: list[Callable[[], None]] = []
        self.lock = BundleLock(self.path)
        #: the file as this session last read or wrote it (see `_identity`)
        self.on_disk = _identity(self.path) if exists else None
        #: set by the app: called (no arguments) when a change is due to be written by `write_pending`
        self.defer: Callable[[], None] | None = None
        #: a change not written yet (with `defer`)
        self.pending = False
        self._writing = threading.Lock()

    def open(self) -> AssessmentSession:
        """Take the lock beside the file (AccordError if another Accord has it open). Returns self."""
        self.lock.acquire()
        return self

    def close(self) -> None:
        self.lock.release()

    def changed_elsewhere(self) -> bool:
        """True if the file is no longer what this session last read or wrote."""
        return self.exists and _identity(self.path) != self.on_disk

    # --- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the bundle now (a pending change too). Returns False (and keeps `dirty`) if it could not be saved."""
        self.pending = False
        self.bundle.touch()
        saver = self.saver or save_bundle
        ok = self._write(lambda exclusive: saver(self.bundle, self.framework, self.path, exclusive=exclusive))
        self._changed()
        return ok

    async def write_pending(self) -> bool:
        """Write a pending change (see `defer`) in a worker thread, so the event loop keeps drawing;
        the listeners are told afterwards, in the caller's task. True when everything is on disk."""
        if not self.pending:
            return self.last_error is None
        if self.saver is not None:  # a caller's own saver (tests): as `save()`
            return self.save()
        self.pending = False
        self.bundle.touch()
        text = bundle_to_toml(self.bundle, self.framework)  # here: the bundle may change meanwhile
        path = self.path
        ok = await asyncio.to_thread(self._write, lambda exclusive: write_bundle_text(path, text, exclusive=exclusive))
        self._changed()
        return ok

    def _write(self, write: Callable[[bool], object]) -> bool:
        """Run `write(exclusive)` unless another program changed the file; record the outcome.
        One write at a time: `write_pending` runs this in a worker thread."""
        with self._writing:
            if self.changed_elsewhere():
                self.dirty = True
                self.last_error = (
                    f"{self.path} was changed by another program since Accord read it; it is left as it is. "
                    "Your answers are kept here: quit (ctrl+q) to save them to another file"
                )
                return False
            try:
                write(not self.exists)
            except AccordError as exc:
                self.dirty = True
                self.last_error = str(exc)
            except OSError as exc:  # write_atomic turns these into AccordError; belt and braces
                self.dirty = True
                self.last_error = f"{self.path}: {exc.strerror or exc}"
            else:
                self.exists = True
                self.on_disk = _identity(self.path)
                self.dirty = False
                self.last_error = None
                self.saves += 1
            return self.last_error is None

    def _persist(self) -> bool:
        """A change: saved now, or (when the app set `defer`) marked pending and written soon."""
        if self.defer is None or self.saver is not None:
            return self.save()
        self.pending = True
        self.defer()
        return self.last_error is None

    def save_as(self, path: str | Path) -> bool:
        """Save to a new file (never replacing one) and carry on there; False if that failed too."""
        old = (self.path, self.exists, self.on_disk, self.lock)
        self.path, self.exists, self.on_disk = Path(path), False, None
        self.lock = BundleLock(self.path)
        if self.save():
            old[3].release()
            with contextlib.suppress(AccordError):
                self.lock.acquire()
            return True
        self.path, self.exists, self.on_disk, self.lock = old
        return False

    def retry(self) -> bool:
        """Save again if an earlier save failed or a change is pending; True when everything is on disk."""
        if self.dirty or self.pending:
            return self.save()
        return True

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    # --- changes -----------------------------------------------------------------------

    def answer(self, section: Section, item: Item) -> Answer | None:
        return self.bundle.get(section.id, item.id)

    def _commit(self, section: Section, item: Item) -> bool:
        answer = self.bundle.get(section.id, item.id)
        if answer is not None and answer.is_empty():
            del self.bundle.answers[(section.id, item.id)]
        self.bundle.position = (section.id, item.id)
        return self._persist()

    def set_score(self, section: Section, item: Item, score: int) -> bool:
        scale = section.scale
        if not item.rated or scale is None or not scale.contains(score):
            raise ValueError(f"{score} is not a score for {item.id}")
        answer = self.bundle.answer(section.id, item.id)
        answer.score, answer.na = score, False
        return self._commit(section, item)

    def set_na(self, section: Section, item: Item) -> bool:
        scale = section.scale
        if not item.rated or scale is None or not scale.allow_na:
            raise ValueError(f"{item.id} cannot be marked not applicable")
        answer = self.bundle.answer(section.id, item.id)
        answer.score, answer.na = None, True
        return self._commit(section, item)

    def set_choice(self, section: Section, item: Item, choice: str) -> bool:
        if item.kind != "yesno" or choice not in ("yes", "no"):
            raise ValueError(f"{item.id} is not a yes/no item")
        self.bundle.answer(section.id, item.id).choice = choice
        return self._commit(section, item)

    def clear(self, section: Section, item: Item) -> bool:
        """Forget the answer (score, N/A or yes/no) but keep the note."""
        answer = self.bundle.get(section.id, item.id)
        if answer is None:
            return True
        answer.score, answer.na, answer.choice = None, False, None
        return self._commit(section, item)

    def set_note(self, section: Section, item: Item, note: str) -> bool:
        self.bundle.answer(section.id, item.id).note = note
        return self._commit(section, item)

    def set_matrix(self, section: Section, column_id: str, text: str) -> bool:
        cells = self.bundle.matrix.setdefault(section.id, {})
        if text:
            cells[column_id] = text
        else:
            cells.pop(column_id, None)
        if not cells:
            self.bundle.matrix.pop(section.id, None)
        return self._persist()

    def set_tool_answers(self, tool_id: str, answers: dict) -> bool:
        """Answers to an interactive resource tool (kept in `bundle.tools[tool_id]`)."""
        self.framework.tool(tool_id)  # KeyError for a tool the framework does not have
        if answers:
            self.bundle.tools[tool_id] = dict(answers)
        else:
            self.bundle.tools.pop(tool_id, None)
        return self._persist()

    def matrix_cell(self, section: Section, column_id: str) -> str:
        return self.bundle.matrix.get(section.id, {}).get(column_id, "")

    def move(self, section_id: str, item_id: str) -> bool:
        """Record where the officer is, so reopening resumes at the same feature."""
        if self.bundle.position == (section_id, item_id):
            return self.last_error is None
        self.bundle.position = (section_id, item_id)
        return self._persist()
