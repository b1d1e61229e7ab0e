"""Benchmark: merging 100, 1,000 and 10,000 synthetic SCSN bundles.

    .venv/bin/python benchmarks/merge.py [--sizes 100,1000,10000] [--dir DIR]

Generates realistic bundles of the SCSN toolkit (every item answered, about one in twenty N/A,
notes on about a third of the answers, five roles, a few anonymous respondents and a few who
submitted twice) in a temporary folder, then measures, each in a fresh process:

* parse: reading and parsing the same files with `engine.textio.parse_toml` (rtoml), one after
  another in one process (no validation): what a merge would cost without its worker processes;
* merge: `engine.merge.merge_paths` plus writing the merged TOML text (validation, the
  same-respondent rule, counting; two worker processes above 200 files);
* merge + notes: the same with `--with-notes` (all notes carried, sorted).

Peak memory is the largest resident set (ru_maxrss) of the process plus that of its largest
worker process (each of the two workers peaks about the same), so "peak" below is
parent + 2 x worker, an upper bound for the whole merge.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROLES = ["police", "fire and rescue", "council", "health", "third sector"]
WORDS = (
    "board agreed the plan evidence data review partners we our priorities outcome community "
    "\"quoted\" safety actions minutes strategy young people funding report survey"
).split()


def generate(folder: Path, count: int, seed: int = 2026) -> None:
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.catalog import get_framework
    from accord_partnership.exports.bundle_file import bundle_to_toml

    framework = get_framework("scsn-csp")
    rnd = random.Random(seed)
    start = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    for n in range(count):
        anonymous = rnd.random() < 0.08
        twice = n > 10 and rnd.random() < 0.02  # the same person again, saved later
        who = rnd.randrange(n) if twice else n
        bundle = Bundle.new(
            framework,
            partnership="Moray CSP",
            respondent="" if anonymous else f"Member {who}",
            email="" if anonymous else f"member{who}@example.org",
            role=rnd.choice(ROLES),
        )
        bundle.created = start + timedelta(minutes=n)
        bundle.updated = bundle.created + timedelta(minutes=rnd.randrange(1, 90))
        for section in framework.sections:
            assert section.scale is not None
            for item in section.items:
                answer = bundle.answer(section.id, item.id)
                if section.scale.allow_na and rnd.random() < 0.05:
                    answer.na = True
                else:
                    answer.score = min(section.scale.max, max(section.scale.min, round(rnd.gauss(3.2, 1.1))))
                if rnd.random() < 0.35:
                    answer.note = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(6, 40))).capitalize() + "."
        (folder / f"scsn-csp-{n:05d}.toml").write_text(bundle_to_toml(bundle, framework), encoding="utf-8")


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def child(task: str, folder: str) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    if task == "parse":
        from accord_partnership.engine.textio import parse_toml

        files = sorted(Path(folder).glob("*.toml"))
        start = time.perf_counter()
        for path in files:
            parse_toml(path.read_bytes().decode("utf-8"), path)
        seconds = time.perf_counter() - start
    else:
        from accord_partnership.engine.merge import MergeOptions, merge_paths
        from accord_partnership.exports.merged_file import merged_to_toml

        start = time.perf_counter()
        report = merge_paths([folder], MergeOptions(with_notes=task == "merge-notes"))
        merged_to_toml(report.results, report.framework)
        seconds = time.perf_counter() - start
    own, workers = _peak_mb()
    print(json.dumps({"seconds": seconds, "own_mb": own, "worker_mb": workers}))


def measure(task: str, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, str(folder)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--dir", help="keep the generated bundles here (default: a temporary folder)")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    os.environ.setdefault("ACCORD_HOME", tempfile.mkdtemp(prefix="accord-bench-home-"))
    sizes = sorted(int(s) for s in args.sizes.split(","))
    base = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="accord-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        pool = base / "all"
        pool.mkdir(exist_ok=True)
        have = len(list(pool.glob("*.toml")))
        if have < sizes[-1]:
            start = time.perf_counter()
            shutil.rmtree(pool)
            pool.mkdir()
            generate(pool, sizes[-1])
            print(f"generated {sizes[-1]} bundles in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        files = sorted(pool.glob("*.toml"))
        size_kb = sum(p.stat().st_size for p in files[: sizes[-1]]) / 1024 / sizes[-1]
        print(f"SCSN bundles, 60 items each, about {size_kb:.1f} KB per file; {os.cpu_count()} CPUs\n")
        header = f"{'bundles':>8} {'parse s':>8} {'merge s':>8} {'x parse':>8} {'peak MB':>8} {'+notes s':>9} {'peak MB':>8}"
        print(header)
        print("-" * len(header))
        for n in sizes:
            folder = base / f"n{n}"
            if not folder.exists():
                folder.mkdir()
                for path in files[:n]:
                    os.link(path, folder / path.name)
            parse = measure("parse", folder)
            merge = measure("merge", folder)
            notes = measure("merge-notes", folder)
            peak = merge["own_mb"] + 2 * merge["worker_mb"]
            peak_notes = notes["own_mb"] + 2 * notes["worker_mb"]
            print(
                f"{n:>8} {parse['seconds']:>8.2f} {merge['seconds']:>8.2f} {merge['seconds'] / parse['seconds']:>8.2f}"
                f" {peak:>8.0f} {notes['seconds']:>9.2f} {peak_notes:>8.0f}"
            )
    finally:
        if not args.dir:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
