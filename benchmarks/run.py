"""Accord's speed figures, each the median of several runs, with its reference and target.

    python benchmarks/run.py            # everything (about a minute)
    python benchmarks/run.py --quick    # fewer runs, 1,000 bundles instead of 10,000

Figures: cold start to the TUI's first frame next to a minimal Textual app's; key press to
repaint while scoring next to the same measure on a minimal Textual app (a key that updates one
line); bytes written to the terminal per key (next item, score) by the real app on a
pseudo-terminal at 80x24, as a slow SSH link carries them; `accord summary` of a merged file as a
whole process; merging 10,000 bundles next to just parsing them (from benchmarks/merge.py); a
10,000-item framework: `validate` of a built-in bundle with that framework in the user's folder
(only the framework asked for is loaded), and `summary` / `report` of its merged results (roughly
linear in items).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_FRAME = """
import sys, time
t0 = float(sys.argv[1])
{setup}
async def first_frame(pilot):
    await pilot.pause()
    print(time.time() - t0, flush=True)
    pilot.app.exit()
app.run(headless=True, auto_pilot=first_frame)
"""
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()
app = Minimal()
"""
ACCORD_APP = """
from accord_partnership.tui.app import AccordApp
app = AccordApp()
"""


def _env(home: Path) -> dict[str, str]:
    """The timed processes' environment. Python may write and use its bytecode caches, as in an
    installed copy (pip compiles at install): a PYTHONDONTWRITEBYTECODE=1 inherited from a sandbox
    or CI would have every run compile Accord's modules from source again, a cost no user has and
    one the minimal Textual app (compiled in site-packages) never pays. `median_of` warms up once."""
    env = dict(os.environ, ACCORD_HOME=str(home), PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def first_frame_seconds(setup: str, home: Path) -> float:
    code = FIRST_FRAME.format(setup=setup)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(start)], capture_output=True, text=True, env=_env(home), cwd=ROOT, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def median_of(runs: int, fn, *, warm: bool = True) -> float:
    """The median of `runs` calls of `fn`, after one untimed call (bytecode caches, disk cache)."""
    if warm:
        fn()
    return statistics.median(fn() for _ in range(runs))


def make_bundle(home: Path) -> Path:
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.catalog import get_framework
    from accord_partnership.exports.bundle_file import save_bundle

    framework = get_framework("scsn-csp")
    bundle = Bundle.new(framework, partnership="Benchmark CSP")
    path = home / "bench-bundle.toml"
    save_bundle(bundle, framework, path)
    return path


class _MinimalKeys:
    """A minimal Textual app whose keys change one line: the floor for key-to-repaint."""

    @staticmethod
    def make():
        from textual.app import App
        from textual.widgets import Footer, Static

        class Minimal(App):
            BINDINGS = [(str(n), f"show({n})", "Show") for n in range(1, 6)] + [("down", "show(0)", "Down"), ("up", "show(9)", "Up")]

            def compose(self):
                yield Static("Hello", id="line")
                yield Footer()

            def action_show(self, n: int) -> None:
                self.query_one("#line", Static).update(f"pressed {n}")

        return Minimal()


def keypress_ms(path: Path | None, presses: int) -> float:
    """Key press to repaint while scoring: from posting the key event to the next frame drawn.

    Pilot's `press()` adds its own idle-polling (about 70 ms even on an empty app), so the
    latency is taken from the app's own display calls instead: the time the next frame with
    content is handed to the terminal driver after the key event is posted.
    """
    from textual import events

    from accord_partnership.tui.app import AccordApp

    async def run() -> list[float]:
        app = AccordApp(open_path=path) if path is not None else _MinimalKeys.make()
        frames: list[float] = []
        display = app._display

        def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
            if renderable is not None:
                frames.append(time.perf_counter())
            return display(screen, renderable)

        app._display = timed_display  # type: ignore[method-assign]
        times = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for n in range(presses):
                for key in ("12345"[n % 5], "down" if n % 10 < 5 else "up"):
                    await pilot.pause()
                    seen = len(frames)
                    start = time.perf_counter()
                    event = events.Key(key, key if len(key) == 1 else None)
                    event.set_sender(app)
                    app._driver.send_message(event)
                    while len(frames) == seen and time.perf_counter() - start < 2:
                        await asyncio.sleep(0.0005)
                    times.append((frames[seen] - start) * 1000 if len(frames) > seen else 2000.0)
        return times

    return statistics.median(asyncio.run(run()))


def bytes_per_key(path: Path, home: Path, rounds: int) -> tuple[float, float]:
    """Median bytes the real app writes to an 80x24 pseudo-terminal for one key: (next item, score).

    Keys alternate j/k (next/previous item) and a digit, each sent alone and read until the app
    has been silent for 0.4 s, as `tmux pipe-pane` would record them. Each read first waits for the
    app to start answering: on a busy machine the app can take longer than the silence to start or
    to answer a key, and a key's bytes must not be counted with the next one's (or the start's).
    """
    from accord_partnership.tui.ptyrun import PtyApp

    moves, scores = [], []
    env = dict(_env(home), TERM="xterm-256color")
    with PtyApp(["open", str(path)], env=env) as app:
        app.read_reply(2.0, first=60, timeout=120)
        for n in range(rounds):
            app.send("j" if n % 8 < 4 else "k")
            moves.append(len(app.read_reply(0.4)))
            app.send("12345"[n % 5])
            scores.append(len(app.read_reply(0.4)))
        app.send("\x11")
        app.wait(20)
    return statistics.median(moves), statistics.median(scores)


def merged_file(home: Path, respondents: int = 12) -> Path:
    """A merged file of `respondents` synthetic SCSN bundles, made with Accord's own merge."""
    import random

    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.catalog import get_framework
    from accord_partnership.exports.bundle_file import save_bundle

    framework = get_framework("scsn-csp")
    folder = home / "round"
    folder.mkdir(exist_ok=True)
    rng = random.Random(7)
    for n in range(respondents):
        bundle = Bundle.new(framework, partnership="Benchmark CSP", respondent=f"Member {n}", role=rng.choice(["police", "council", "health"]))
        for section, item in framework.items():
            if item.rated:
                bundle.answer(section.id, item.id).score = rng.randint(section.scale.min, section.scale.max)
        save_bundle(bundle, framework, folder / f"m{n}.toml")
    out = home / "merged.toml"
    subprocess.run([sys.executable, "-m", "accord_partnership.tui.cli", "merge", str(folder), "--out", str(out)], env=_env(home), cwd=ROOT, check=True, capture_output=True)
    return out


def process_seconds(argv: list[str], home: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=_env(home), cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def row(name: str, value: str, reference: str, target: str) -> None:
    print(f"{name:<38} {value:>12}   {reference:<30} {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and 1,000 bundles")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    print(f"Accord benchmarks — median of {runs} runs; {os.cpu_count()} cores; Python {sys.version.split()[0]}\n")
    print(f"{'figure':<38} {'measured':>12}   {'reference':<30} target")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        minimal = median_of(runs, lambda: first_frame_seconds(MINIMAL_APP, home))
        accord = median_of(runs, lambda: first_frame_seconds(ACCORD_APP, home))
        row("cold start to first frame (TUI)", f"{accord:.3f} s", f"minimal Textual app {minimal:.3f} s", f"<= 1.5x ({accord / minimal:.2f}x)")

        bundle = make_bundle(home)
        floor = keypress_ms(None, 25 if args.quick else 60)
        press = keypress_ms(bundle, 25 if args.quick else 60)
        row("key press to repaint (scoring)", f"{press:.1f} ms", f"minimal Textual app {floor:.1f} ms", f"<= 2x ({press / floor:.2f}x)")

        move, score = bytes_per_key(bundle, home, 12 if args.quick else 30)
        row("bytes to the terminal: next item", f"{move / 1024:.1f} KB", "pty 80x24, one key (j/k)", "<= 3 KB")
        row("bytes to the terminal: score", f"{score / 1024:.1f} KB", "pty 80x24, one key (1-5)", "<= 1 KB")

        merged = merged_file(home)
        bare = median_of(runs, lambda: process_seconds([sys.executable, "-c", "pass"], home))
        summary = median_of(runs, lambda: process_seconds([sys.executable, "-m", "accord_partnership.tui.cli", "summary", str(merged)], home))
        row("accord summary (whole process)", f"{summary:.3f} s", f"bare Python start {bare:.3f} s", "< 0.3 s")

        merge_figures(home, 1_000 if args.quick else 10_000, min(runs, 3))

        big_framework_figures(home, 10_000, min(runs, 3))


def merge_figures(home: Path, count: int, runs: int) -> None:
    """Merge `count` synthetic bundles next to just parsing them (benchmarks/merge.py's measures)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("merge_bench", ROOT / "benchmarks" / "merge.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    folder = home / "merge"
    folder.mkdir()
    bench.generate(folder, count)
    parse = statistics.median(bench.measure("parse", folder)["seconds"] for _ in range(runs))
    merges = [bench.measure("merge", folder) for _ in range(runs)]
    merge = statistics.median(m["seconds"] for m in merges)
    peak = max(m["own_mb"] + 2 * m["worker_mb"] for m in merges)
    row(f"merge {count:,} bundles", f"{merge:.2f} s", f"parse only {parse:.2f} s ({merge / parse:.2f}x)", "< 3 s")
    row(f"merge {count:,} bundles, peak memory", f"{peak:.0f} MB", "parent + 2 workers (ru_maxrss)", "< 500 MB")

def big_framework_text(framework_id: str, items: int, per_section: int = 50) -> str:
    """A framework of `items` features in sections of `per_section`, five descriptors each."""
    out = [f'format = 1\nid = "{framework_id}"\ntitle = "Big {items}"\nversion = "1"\ndescription = "d"\nattribution = "a"\n',
           '[source]\npublisher = "Accord benchmarks"\nyear = 2026\ntitle = "Synthetic"\n',
           '[[scales]]\nid = "five"\nmin = 1\nmax = 5\nlabels = ["Very poor", "Poor", "Fair", "Good", "Very good"]\n']
    n = 0
    while n < items:
        section = n // per_section + 1
        out.append(f'[[sections]]\nid = "s{section}"\ntitle = "Section {section}"\nkind = "scorecard"\nscale = "five"\n')
        for _ in range(min(per_section, items - n)):
            n += 1
            levels = ", ".join(f'"Feature {n} at level {k}: a sentence of description."' for k in range(1, 6))
            out.append(f'[[sections.items]]\nid = "f{n}"\ntitle = "Feature number {n}"\nkind = "feature"\ndescriptors = [{levels}]\n')
    return "\n".join(out)


def big_framework_figures(home: Path, items: int, runs: int) -> None:
    """`validate` of a built-in bundle beside a big user framework, and summary/report of it."""
    import random

    big_home = home / "big"
    (big_home / "frameworks").mkdir(parents=True)
    (big_home / "frameworks" / "big.toml").write_text(big_framework_text("big", items))
    bundle = make_bundle(home)
    env_home = big_home
    validate_alone = median_of(runs, lambda: process_seconds([sys.executable, "-m", "accord_partnership.tui.cli", "validate", str(bundle)], home))
    validate_big = median_of(runs, lambda: process_seconds([sys.executable, "-m", "accord_partnership.tui.cli", "validate", str(bundle)], env_home))
    row(f"validate, {items:,}-item user framework", f"{validate_big:.3f} s", f"without it {validate_alone:.3f} s", "about the same")

    folder = big_home / "round"
    folder.mkdir()
    rng = random.Random(11)
    code = (
        "import sys, random\nfrom pathlib import Path\nfrom accord_partnership.engine.bundle import Bundle\n"
        "from accord_partnership.engine.catalog import get_framework\nfrom accord_partnership.exports.bundle_file import save_bundle\n"
        "fw = get_framework('big'); rng = random.Random(int(sys.argv[2]))\n"
        "for n in range(5):\n"
        "    b = Bundle.new(fw, partnership='Big', respondent=f'M{n}')\n"
        "    for s, it in fw.items():\n"
        "        b.answer(s.id, it.id).score = rng.randint(1, 5)\n"
        "    save_bundle(b, fw, Path(sys.argv[1]) / f'm{n}.toml')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(folder), str(rng.randint(0, 999))], env=_env(env_home), cwd=ROOT, check=True)
    merged = big_home / "merged.toml"
    subprocess.run([sys.executable, "-m", "accord_partnership.tui.cli", "merge", str(folder), "--out", str(merged)], env=_env(env_home), cwd=ROOT,
                   check=True, capture_output=True)
    for name, argv in (("summary", ["summary", str(merged)]), ("report md", ["report", str(merged), "--format", "md"]),
                       ("report html", ["report", str(merged), "--format", "html"])):
        seconds = median_of(1, lambda argv=argv: process_seconds([sys.executable, "-m", "accord_partnership.tui.cli", *argv], env_home), warm=False)
        row(f"{name}, {items:,} items", f"{seconds:.2f} s", "5 respondents, sections of 50", "linear in items (< 10 s)")


if __name__ == "__main__":
    main()
