"""Run `accord` in a pseudo-terminal and talk to it as a terminal does (tests and benchmarks).

`PtyApp(args, env=..., size=(80, 24))` starts `python -m accord_partnership.tui.cli ARGS` on a new pty of that size;
`send(data)` writes bytes in one write (one terminal read for the app, like `tmux send-keys`);
`read_quiet(quiet)` collects what the app wrote until it has been silent for `quiet` seconds;
`read_reply(quiet)` first waits for the app to start writing (a busy machine may take seconds to
start the app or answer a key), then reads until it is silent: one key's whole answer.
Everything written is kept in `output` (bytes), so callers can count bytes per key or check
that only ASCII was written. No Textual here: this is the terminal's side.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


class PtyApp:
    def __init__(self, args: list[str], *, env: dict[str, str] | None = None, size: tuple[int, int] = (80, 24)) -> None:
        cols, rows = size
        env = dict(os.environ if env is None else env)
        env.setdefault("TERM", "xterm-256color")
        pid, fd = pty.fork()
        if pid == 0:  # the child: the app, on the pty
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(sys.executable, [sys.executable, "-m", "accord_partnership.tui.cli", *args], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self.returncode: int | None = None

    def send(self, data: bytes | str) -> None:
        """Write `data` to the terminal in one write."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        os.write(self.fd, data)

    def read_quiet(self, quiet: float = 0.5, timeout: float = 30.0, *, first: float = 0.0) -> bytes:
        """What the app writes until it is silent for `quiet` seconds (or `timeout` passes).

        `first`: wait up to that long for the first byte before silence counts (see `read_reply`)."""
        got = bytearray()
        start = last = time.monotonic()
        while True:
            now = time.monotonic()
            waiting = not got and now - start < first
            if (now - last >= quiet and not waiting) or now - start >= timeout:
                break
            ready, _, _ = select.select([self.fd], [], [], min(quiet, 0.05))
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the app has exited
                break
            if not chunk:
                break
            got.extend(chunk)
            last = time.monotonic()
        self.output.extend(got)
        return bytes(got)

    def read_reply(self, quiet: float = 0.4, first: float = 20.0, timeout: float = 60.0) -> bytes:
        """Everything the app writes in answer to what was just sent: waits up to `first` seconds for
        it to start writing, then reads until it has been silent for `quiet` seconds."""
        return self.read_quiet(quiet, timeout, first=first)

    def wait(self, timeout: float = 20.0) -> int | None:
        """Wait for the app to exit (reading what it writes meanwhile); its exit code, or None."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.returncode = os.waitstatus_to_exitcode(status)
                return self.returncode
            self.read_quiet(0.05, 0.2)
        return None

    def close(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            if self.wait(10) is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                self.wait(5)
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
