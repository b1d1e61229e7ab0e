"""Crash safety: kill the app (SIGKILL) at random moments while scoring, at least 50 times.

Each time the bundle on disk must parse and hold every answer that was saved before the kill
(the one save in flight at the kill may or may not have landed: at most one item differs).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from accord_partnership.engine.bundle import Bundle, load_bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.exports.bundle_file import save_bundle

ROOT = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).with_name("crash_driver.py")
RUNS = 50


def _disk_state(path: Path) -> dict[str, object]:
    bundle, _ = load_bundle(path)
    return {
        f"{s}/{i}": "n/a" if a.na else a.score if a.score is not None else a.choice
        for (s, i), a in bundle.answers.items()
    }


def _one_run(tmp: Path, seed: int, home: Path) -> tuple[dict[str, object], dict[str, object], int]:
    framework = get_framework("scsn-csp")
    path = tmp / f"bundle-{seed}.toml"
    save_bundle(Bundle.new(framework, partnership="Crash test"), framework, path, exclusive=True)
    env = dict(os.environ, ACCORD_HOME=str(home), PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    rng = random.Random(seed)
    # wait for the first save, then kill somewhere in the middle of the scoring
    deadline = time.monotonic() + 20
    while not lines and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 0.8))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=5)
    saved = json.loads(lines[-1]) if lines else {}
    return saved, _disk_state(path), len(lines)


def test_sigkill_at_random_moments_never_loses_a_saved_answer(tmp_path):
    home = tmp_path / "home"
    results = []
    lock = threading.Lock()

    def worker(seeds: list[int]) -> None:
        for seed in seeds:
            outcome = _one_run(tmp_path, seed, home)
            with lock:
                results.append((seed, *outcome))

    # two workers: this machine has two cores
    seeds = list(range(RUNS))
    threads = [threading.Thread(target=worker, args=(seeds[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(results) == RUNS
    total_saves = 0
    for seed, saved, disk, saves in results:
        total_saves += saves
        differing = {k for k in set(saved) | set(disk) if saved.get(k) != disk.get(k)}
        assert len(differing) <= 1, (seed, differing)
        assert set(saved) - set(disk) <= differing, seed  # nothing saved has gone missing
    assert total_saves >= RUNS  # the kills really happened mid-session, after saves
    unfinished = sum(1 for _seed, _saved, disk, _saves in results if len(disk) < 48)
    assert unfinished >= RUNS // 2  # most kills landed before the scoring was complete
