"""Accord's speed figures, each the median of several runs, with its reference and target.

    python benchmarks/run.py            # everything (about a minute)
    python benchmarks/run.py --quick    # fewer runs, 1,000 bundles instead of 10,000

Figures: cold start to the TUI's first frame next to a minimal Textual app's; key press to
repaint while scoring (Pilot); `accord summary` of a merged file as a whole process; merging
10,000 bundles next to just parsing them (from benchmarks/merge.py).
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
from tui.app import AccordApp
app = AccordApp()
"""


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, ACCORD_HOME=str(home), PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")


def first_frame_seconds(setup: str, home: Path) -> float:
    code = FIRST_FRAME.format(setup=setup)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(start)], capture_output=True, text=True, env=_env(home), cwd=ROOT, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def median_of(runs: int, fn) -> float:
    return statistics.median(fn() for _ in range(runs))


def make_bundle(home: Path) -> Path:
    from engine.bundle import Bundle
    from engine.catalog import get_framework
    from exports.bundle_file import save_bundle

    framework = get_framework("scsn-csp")
    bundle = Bundle.new(framework, partnership="Benchmark CSP")
    path = home / "bench-bundle.toml"
    save_bundle(bundle, framework, path)
    return path


def keypress_ms(path: Path, presses: int) -> float:
    from tui.app import AccordApp

    async def run() -> list[float]:
        app = AccordApp(open_path=path)
        times = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for n in range(presses):
                start = time.perf_counter()
                await pilot.press("12345"[n % 5])
                await pilot.pause()
                times.append((time.perf_counter() - start) * 1000)
                await pilot.press("down" if n % 10 < 5 else "up")
                await pilot.pause()
        return times

    return statistics.median(asyncio.run(run()))


def merged_file(home: Path, respondents: int = 12) -> Path:
    """A merged file of `respondents` synthetic SCSN bundles, made with Accord's own merge."""
    import random

    from engine.bundle import Bundle
    from engine.catalog import get_framework
    from exports.bundle_file import save_bundle

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
    subprocess.run([sys.executable, "-m", "tui.cli", "merge", str(folder), "--out", str(out)], env=_env(home), cwd=ROOT, check=True, capture_output=True)
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
        press = keypress_ms(bundle, 25 if args.quick else 60)
        row("key press to repaint (scoring)", f"{press:.1f} ms", "Pilot press + pause, 80x24", "median < 30 ms")

        merged = merged_file(home)
        bare = median_of(runs, lambda: process_seconds([sys.executable, "-c", "pass"], home))
        summary = median_of(runs, lambda: process_seconds([sys.executable, "-m", "tui.cli", "summary", str(merged)], home))
        row("accord summary (whole process)", f"{summary:.3f} s", f"bare Python start {bare:.3f} s", "< 0.3 s")

    sizes = ["1000"] if args.quick else ["10000"]
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "merge.py"), "--sizes", *sizes, "--runs", str(min(runs, 3)), "--rows"],
        capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True,
    )
    for line in out.stdout.strip().splitlines():
        name, value, reference, target = line.split("\t")
        row(name, value, reference, target)


if __name__ == "__main__":
    main()
