"""Merging members' bundles into partnership results: counts only, deterministic, and fast.

Each bundle file is read, validated against its framework (`engine.bundle.bundle_from_data`, the
same checks as `load_bundle`) and reduced at once to a compact record: one byte per item (the
score, N/A, yes/no or nothing), the respondent's identity key for the same-respondent rule, the
role, and (only with `with_notes`) the note texts. Bundles themselves are never kept, so memory
grows by about a hundred bytes per file. Many files are read by two worker processes, each
parsing and validating a chunk with the framework loaded once per chunk.

Records are then combined: for each named respondent (same email, else same name, ignoring case;
anonymous bundles never match) only the newest bundle by `updated` counts; the older files are
reported as replaced. The counts are summed per item and per role, and nothing that could link a
person to an answer (order, timestamps, a role of one) survives into `MergedResults`.

The same set of files in any order gives the same results: paths are sorted before reading, ties
in `updated` are broken by content, notes are sorted by text.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from accord_partnership.engine.bundle import (
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_VERSION,
    BUNDLE_KEYS,
    BUNDLE_STRING_KEYS,
    MAX_NOTE_CHARS,
    NA,
    YES_NO,
    Bundle,
    in_utc_range,
    bundle_from_data,
)
from accord_partnership.engine.errors import AccordError, BundleError
from accord_partnership.engine.ids import is_framework_id
from accord_partnership.engine.model import Framework, ItemKind
from accord_partnership.engine.results import MergedResults, Tally
from accord_partnership.engine.roster import identity_key, person_label
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP, check_min_group, parts_leave_few, safe_splits, safe_tally, too_few
from accord_partnership.engine.merged import MERGED_FORMAT
from accord_partnership.engine.textio import check_toml, parse_toml, parse_toml_unchecked, read_text

#: above this many files, two worker processes read them in parallel
PARALLEL_THRESHOLD = 200
DEFAULT_WORKERS = 2
BUNDLE_SUFFIXES = (".toml", ".csv")


# one byte per item in a record
_UNANSWERED = 0
_NA = 255
_YES = 1
_NO = 2
_NOTED = 1  # an open question answered in words


@dataclass(frozen=True)
class MergeOptions:
    include_private: bool = False
    with_notes: bool = False
    min_group: int = DEFAULT_MIN_GROUP
    skip_bad: bool = False
    framework: str | None = None  # the framework chosen (bundles of others are skipped); default: the bundles decide

    def __post_init__(self) -> None:
        check_min_group(self.min_group)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str  # the whole one-line error, `path:line: reason`


class MixedFrameworks(AccordError):
    """The bundles of one merge are for several frameworks and none was chosen. Field `found`:
    (framework id, number of bundles) for each, most bundles first (a screen can offer them)."""

    def __init__(self, found: tuple[tuple[str, int], ...]) -> None:
        self.found = found
        listed = ", ".join(f"{fid} ({n} bundle{'s' if n != 1 else ''})" for fid, n in found)
        super().__init__(f"these bundles are for {len(found)} frameworks: {listed}; choose one with --framework ID")


class NoValidBundles(AccordError):
    """Nothing could be merged. Fields: `skipped` (every file left out, by path, with its own
    `path:line: reason`) and `first` (the first unreadable file in path order, the one a merge
    without `skip_bad` would have stopped at; else the first skipped, else None: no bundles at all).
    Screens show `first.reason` beside the count; no one parses the message."""

    def __init__(self, skipped: tuple[Skipped, ...] = (), *, first: Skipped | None = None) -> None:
        self.skipped = skipped
        self.first = first or (skipped[0] if skipped else None)
        count = len(skipped)
        super().__init__(f"no valid bundles to merge ({count} bad file{'s' if count != 1 else ''})" if skipped else "no bundles to merge")


@dataclass(frozen=True)
class Replaced:
    path: str  # the older file, not counted
    by: str  # the newer file from the same respondent, counted
    why: str = ""  # what the files claim, for the coordinator to check


@dataclass
class MergeReport:
    results: MergedResults
    framework: Framework
    files: list[str] = field(default_factory=list)  # files counted
    skipped: list[Skipped] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # merged-results files found in folders
    warnings: list[str] = field(default_factory=list)  # the drop folder's register and answers disagree, ...
    records: list[Record] = field(default_factory=list, repr=False)  # the counted records (engine.releases)


class Record(NamedTuple):
    """One bundle reduced to what merging needs. `error` set means the file was bad."""

    path: str
    error: str = ""
    framework_id: str = ""
    framework_version: str = ""
    identity: str | None = None
    updated: float = 0.0
    label: str = ""  # `Name <email>` for the completed list; empty when anonymous
    role: str = ""
    partnership: str = ""
    codes: bytes = b""
    notes: tuple[tuple[int, str], ...] = ()
    matrix: tuple[tuple[str, str, str], ...] = ()
    merged_file: bool = False  # a merged-results file, not a bundle
    register: bool = False  # the drop folder's returns register (engine.returns): who returned, no answers
    receipts: tuple[tuple[str, str], ...] = ()  # (framework id, `Name <email>` or "") per receipt in the register
    returned: bool = False  # an anonymous answer set from a drop folder's answers file
    round_id: str = ""  # the drop folder's round (an answers file's `round`): the same in any copy of the folder

    def digest(self) -> str:
        """A content hash: breaks ties between two bundles of one respondent saved at the same second."""
        h = hashlib.blake2b(digest_size=12)
        for part in (self.label, self.role, self.partnership):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        h.update(self.codes)
        for index, text in self.notes:
            h.update(f"{index}\0{text}\0".encode("utf-8", "surrogatepass"))
        for sec, col, text in self.matrix:
            h.update(f"{sec}\0{col}\0{text}\0".encode("utf-8", "surrogatepass"))
        return h.hexdigest()


# --- the framework's item layout ----------------------------------------------------------------


class _Slot(NamedTuple):
    section_id: str
    item_id: str
    kind: ItemKind
    rated: bool
    low: int  # the scale's minimum and maximum (rated items)
    high: int
    allow_na: bool
    private: bool


_Layout = tuple[Framework, list[_Slot], dict[tuple[str, str], int], dict[str, dict[str, tuple[int, _Slot]]]]
_LAYOUTS: dict[int, _Layout] = {}


def layout(framework: Framework) -> tuple[list[_Slot], dict[tuple[str, str], int]]:
    """Every item of the framework in order, and its position in a record's codes."""
    _, slots, index, _ = _layout(framework)
    return slots, index


def _layout(framework: Framework) -> _Layout:
    """`layout`, plus each section's items by id with their position and slot (the fast reader's)."""
    cached = _LAYOUTS.get(id(framework))
    if cached is not None and cached[0] is framework:
        return cached
    slots = [
        _Slot(
            s.id,
            i.id,
            i.kind,
            i.rated,
            s.scale.min if s.scale else 0,
            s.scale.max if s.scale else 0,
            s.scale.allow_na if s.scale else False,
            s.private,
        )
        for s in framework.sections
        for i in s.items
    ]
    index = {(slot.section_id, slot.item_id): n for n, slot in enumerate(slots)}
    by_section: dict[str, dict[str, tuple[int, _Slot]]] = {s.id: {} for s in framework.sections}
    for n, slot in enumerate(slots):
        by_section[slot.section_id][slot.item_id] = (n, slot)
    if len(_LAYOUTS) > 32:
        _LAYOUTS.clear()
    entry = _LAYOUTS[id(framework)] = (framework, slots, index, by_section)  # holding the framework keeps its id unique
    return entry


def encode(bundle: Bundle, framework: Framework, *, with_notes: bool, include_private: bool) -> tuple[bytes, tuple[Any, ...], tuple[Any, ...]]:
    """A bundle's answers as one byte per item, plus its notes and matrix cells when kept."""
    slots, index = layout(framework)
    codes = bytearray(len(slots))
    notes: list[tuple[int, str]] = []
    for key, answer in bundle.answers.items():
        n = index[key]
        slot = slots[n]
        if answer.na:
            codes[n] = _NA
        elif answer.score is not None:
            codes[n] = answer.score - slot.low + 1
        elif answer.choice is not None:
            codes[n] = _YES if answer.choice == "yes" else _NO
        elif slot.kind == "open" and answer.note.strip():
            codes[n] = _NOTED
        if with_notes and answer.note.strip() and (include_private or not slot.private):
            notes.append((n, answer.note))
    matrix: list[tuple[str, str, str]] = []
    if with_notes:
        editable = {c.id for c in framework.matrix_columns if c.editable}
        for section_id, cells in bundle.matrix.items():
            if framework.section(section_id).private and not include_private:
                continue
            matrix.extend((section_id, column, text) for column, text in cells.items() if text.strip() and column in editable)
    notes.sort()
    matrix.sort()
    return bytes(codes), tuple(notes), tuple(matrix)


def record_from_bundle(bundle: Bundle, framework: Framework, path: str, *, with_notes: bool, include_private: bool) -> Record:
    codes, notes, matrix = encode(bundle, framework, with_notes=with_notes, include_private=include_private)
    return Record(
        path=path,
        framework_id=framework.id,
        framework_version=bundle.framework_version,
        identity=identity_key(bundle.respondent, bundle.email),
        updated=bundle.updated.timestamp(),
        label=person_label(bundle.respondent, bundle.email),
        role=" ".join(bundle.role.split()),
        partnership=" ".join(bundle.partnership.split()),
        codes=codes,
        notes=notes,
        matrix=matrix,
    )


# --- reading files -------------------------------------------------------------------------------


def collect_paths(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[str]:
    """The bundle files named or found (non-recursively, `*.toml` and `*.csv`) in the folders given,
    as `str(Path)` of each (sorted by it; strings, as `read_records` takes them: making ten
    thousand Paths costs a tenth of a second).

    Hidden files (Accord's temporary files start with a dot) are not bundles. A folder with no
    bundle files, or a path that does not exist, is an error.
    """
    excluded = {_canonical(Path(p)) for p in exclude}
    found: dict[str, str] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folder = os.path.join(_canonical(path), "")  # each file's key starts so
            given = str(path)
            prefix = "" if given == "." else os.path.join(given, "")  # what str(path / name) starts with
            count = 0
            try:
                with os.scandir(path) as entries:
                    for entry in entries:
                        name = entry.name
                        if name[0] == "." or not name.lower().endswith(BUNDLE_SUFFIXES):
                            continue
                        if not entry.is_file():  # FIFOs, devices, links to them: never bundles
                            continue
                        count += 1
                        key = folder + name
                        if key not in excluded:
                            found.setdefault(key, prefix + name)
            except PermissionError:
                raise AccordError("permission denied: cannot list this folder", path) from None
            except OSError as exc:
                raise AccordError(f"cannot list this folder: {exc.strerror or exc}", path) from None
            if not count:
                raise AccordError("no bundle files (*.toml, *.csv) in this folder", path)
        elif path.exists():
            key = _canonical(path)
            if key not in excluded:
                found.setdefault(key, str(path))
        else:
            raise AccordError("no such file or folder", path)
    return sorted(found.values())


def _canonical(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return os.path.abspath(path)


def _framework_loader() -> Callable[[str], Framework]:
    cache: dict[str, Framework] = {}

    def framework_for(ref: str) -> Framework:
        if ref not in cache:
            from accord_partnership.engine.catalog import get_framework

            cache[ref] = get_framework(ref)
        return cache[ref]

    return framework_for


def read_record(path: Path, framework_for: Callable[[str], Framework], *, with_notes: bool, include_private: bool) -> Record:
    """Read, validate and reduce one bundle file; a bad file gives a record with `error` set."""
    name = str(path)
    try:
        if path.suffix.lower() == ".csv":
            from accord_partnership.engine.bundle_csv import read_bundle_csv

            bundle, framework = read_bundle_csv(path, framework_for)
            return record_from_bundle(bundle, framework, name, with_notes=with_notes, include_private=include_private)
        text = read_text(path, BundleError)
        data = parse_toml_unchecked(text, path, BundleError)
        if data.get("format") == MERGED_FORMAT:
            return Record(name, error=f"{name}: is a merged results file, not a bundle", merged_file=True)
        # the fast path checks the data's whole shape itself (it bounds its nesting); anything else is checked first
        record = _fast_record(data, name, framework_for, with_notes=with_notes, include_private=include_private)
        if record is not None:
            return record
        check_toml(data, path, BundleError)
        try:
            # without the text: locating lines costs more than parsing, and is only needed for errors
            bundle, framework = bundle_from_data(data, path, None, framework_for)
        except BundleError:
            bundle, framework = bundle_from_data(data, path, text, framework_for)
    except AccordError as exc:
        return Record(name, error=str(exc))
    record = record_from_bundle(bundle, framework, name, with_notes=with_notes, include_private=include_private)
    return record._replace(updated=_updated(data))


def _updated(data: dict[str, Any]) -> float:
    """When the bundle was last saved; a bundle that does not say counts as the oldest."""
    for key in ("updated", "created"):
        value = data.get(key)
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).timestamp()
    return 0.0


def _fast_record(
    data: dict[str, Any], name: str, framework_for: Callable[[str], Framework], *, with_notes: bool, include_private: bool
) -> Record | None:
    """The record of a well-formed bundle, checked straight from the parsed TOML.

    Makes exactly the checks of `engine.bundle.bundle_from_data` without building a `Bundle`;
    anything unusual (an error, matrix cells, tool answers) returns None and the full reader
    decides, so errors are always reported by `bundle_from_data` with their line. `data` may be
    unchecked (`textio.parse_toml_unchecked`): every value kept or compared is a scalar of a
    checked type, so nesting and the date-times' tzinfo class do not matter here.
    """
    if data.get("format") != BUNDLE_FORMAT or data.get("format_version") != BUNDLE_FORMAT_VERSION:
        return None
    if not BUNDLE_KEYS.issuperset(data) or data.get("matrix", {}) != {} or data.get("tools", {}) != {}:
        return None
    for key in BUNDLE_STRING_KEYS:
        if key in data and type(data[key]) is not str:
            return None
    for key in ("created", "updated"):
        if key in data and (not isinstance(data[key], datetime) or not in_utc_range(data[key])):
            return None
    private = data.get("private_sections", ())  # informative only, as Accord writes it: a list of ids
    if type(private) not in (list, tuple) or any(type(s) is not str for s in private):
        return None
    ref = data.get("framework")
    if type(ref) is not str or not is_framework_id(ref):
        return None
    try:
        framework = framework_for(ref)
    except Exception:  # the full reader reports it
        return None
    if data.get("framework_version") != framework.version:
        return None
    answers = data.get("answers", {})
    if type(answers) is not dict:
        return None
    _, slots, _, by_section = _layout(framework)
    codes = bytearray(len(slots))
    notes: list[tuple[int, str]] = []
    for section_id, items in answers.items():
        known = by_section.get(section_id)
        if known is None or type(items) is not dict:
            return None
        for item_id, raw in items.items():
            found = known.get(item_id)
            if found is None or type(raw) is not dict:
                return None
            n, slot = found
            note = raw.get("note", "")
            if type(note) is not str or len(note) > MAX_NOTE_CHARS:
                return None
            used = 1 if "note" in raw else 0
            score = raw.get("score")
            if score is not None:
                used += 1
                if not slot.rated:
                    return None
                if type(score) is int:
                    if not slot.low <= score <= slot.high:
                        return None
                    codes[n] = score - slot.low + 1
                elif type(score) is str and score.strip().lower() in (NA, "na") and slot.allow_na:
                    codes[n] = _NA
                else:
                    return None
            choice = raw.get("answer")
            if choice is not None:
                used += 1
                if slot.kind != "yesno" or choice not in YES_NO:
                    return None
                codes[n] = _YES if choice == "yes" else _NO
            if used != len(raw):  # a key other than score, answer and note
                return None
            if note and note.strip():
                if slot.kind == "open":
                    codes[n] = _NOTED
                if with_notes and (include_private or not slot.private):
                    notes.append((n, note))
    notes.sort()
    return Record(
        path=name,
        framework_id=framework.id,
        framework_version=framework.version,
        identity=identity_key(data.get("respondent", ""), data.get("email", "")),
        updated=_updated(data),
        label=person_label(data.get("respondent", ""), data.get("email", "")),
        role=" ".join(data.get("role", "").split()),
        partnership=" ".join(data.get("partnership", "").split()),
        codes=bytes(codes),
        notes=tuple(notes),
    )


def read_file_records(path: Path, framework_for: Callable[[str], Framework], *, with_notes: bool, include_private: bool) -> list[Record]:
    """The records of one file: a bundle gives one; a drop folder's answers file gives one per
    answer set (all anonymous) and its returns register one record holding the receipts."""
    from accord_partnership.engine import returns

    if not returns.is_returns_file(path.name):
        return [read_record(path, framework_for, with_notes=with_notes, include_private=include_private)]
    name = str(path)
    try:
        text = read_text(path, BundleError)
        data = parse_toml(text, path, BundleError)
        if path.name == returns.RETURNS_NAME and data.get("format") == returns.RETURNS_FORMAT:
            register = returns.register_from_data(data, path)
            return [Record(name, register=True, receipts=tuple((r.framework_id, r.who) for r in register.receipts))]
        if data.get("format") != returns.ANSWERS_FORMAT:
            return [read_record(path, framework_for, with_notes=with_notes, include_private=include_private)]
        answers = returns.answers_from_data(data, path)
        bundles = returns.entry_bundles(answers, path, framework_for)
    except AccordError as exc:
        return [Record(name, error=str(exc))]
    return [
        record_from_bundle(bundle, framework, f"{name} (answer set {n})", with_notes=with_notes, include_private=include_private)._replace(
            returned=True, updated=0.0, round_id=answers.round_id
        )
        for n, (bundle, framework) in enumerate(bundles, start=1)
    ]


def _read_chunk(args: tuple[list[str], bool, bool]) -> list[Record]:
    """Worker: parse and validate a chunk of files (the framework loaded once for the chunk)."""
    paths, with_notes, include_private = args
    framework_for = _framework_loader()
    return [
        record
        for p in paths
        for record in read_file_records(Path(p), framework_for, with_notes=with_notes, include_private=include_private)
    ]


def _mp_context() -> Any:
    """Fork where the platform has it (Linux, macOS): workers start at once with everything loaded.

    This is what Python 3.11 does by default on Linux, also from a thread (the TUI merges in a
    worker thread); the workers only parse files and return plain data. Elsewhere (Windows) the
    platform's default start method is used.
    """
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def read_records(
    paths: Sequence[str | Path],
    *,
    with_notes: bool,
    include_private: bool,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Record]:
    """Records for every path, in the order given; in parallel for many files.

    `progress(n)` is told each time `n` more files have been read (for a progress bar).
    """
    workers = DEFAULT_WORKERS if workers is None else workers
    if workers <= 1 or len(paths) <= PARALLEL_THRESHOLD:
        if progress is None:
            return _read_chunk(([str(p) for p in paths], with_notes, include_private))
        framework_for = _framework_loader()
        records = []
        for p in paths:
            records.extend(read_file_records(Path(p), framework_for, with_notes=with_notes, include_private=include_private))
            progress(1)
        return records
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    names = [str(p) for p in paths]
    chunks = 32 * workers  # small (a tenth of a second each): no worker waits long for the other at the end
    size = -(-len(names) // chunks)
    jobs = [(names[i : i + size], with_notes, include_private) for i in range(0, len(names), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
            records = []
            for job, chunk in zip(jobs, pool.map(_read_chunk, jobs)):
                records.extend(chunk)
                if progress is not None:
                    progress(len(job[0]))
            return records
    except (BrokenProcessPool, OSError):  # no processes available: do it here instead
        return _read_chunk((names, with_notes, include_private))


# --- combining -----------------------------------------------------------------------------------


def merge_paths(
    paths: Iterable[str | Path],
    options: MergeOptions = MergeOptions(),
    *,
    workers: int | None = None,
    exclude: Iterable[str | Path] = (),
    progress: Callable[[int, int], None] | None = None,
) -> MergeReport:
    """Merge the bundle files named or found in the folders given.

    Raises `AccordError` for the first bad file (in path order) unless `options.skip_bad`, in which
    case every bad file is listed in `report.skipped`.
    """
    files = collect_paths(paths, exclude)
    if not files:
        raise AccordError("no bundle files to merge")
    tick = None
    if progress is not None:
        total, done = len(files), [0]

        def tick(n: int) -> None:
            done[0] += n
            progress(done[0], total)

    records = read_records(files, with_notes=options.with_notes, include_private=options.include_private, workers=workers, progress=tick)
    explicit = {_canonical(Path(p)) for p in paths if not Path(p).is_dir()}
    return combine(records, options, explicit_paths=explicit)


def merge_bundles(
    bundles: Iterable[tuple[str, Bundle]], framework: Framework, options: MergeOptions = MergeOptions()
) -> MergeReport:
    """Merge bundles already in memory (named for messages); the same rules as for files."""
    records = [
        record_from_bundle(b, framework, name, with_notes=options.with_notes, include_private=options.include_private)
        for name, b in bundles
    ]
    records.sort(key=lambda r: r.path)
    return combine(records, replace(options, framework=options.framework or framework.id))


def combine(records: list[Record], options: MergeOptions, *, explicit_paths: set[str] | None = None) -> MergeReport:
    from accord_partnership.engine.catalog import get_framework

    skipped: list[Skipped] = []
    ignored: list[str] = []
    valid: list[Record] = []
    receipts: list[tuple[str, str]] = []
    registered = any(r.register for r in records)  # the drop folder's register was read (not one file alone)
    first_bad: Skipped | None = None  # the first unreadable file in path order (what a merge without skip_bad stops at)
    for record in records:
        if record.register:
            receipts.extend(record.receipts)
            continue
        if record.merged_file and explicit_paths is not None and _canonical(Path(record.path)) not in explicit_paths:
            ignored.append(record.path)  # a merged file sitting in the drop folder: not a bundle
            continue
        if record.error:
            if not options.skip_bad:
                raise AccordError(record.error)
            skipped.append(Skipped(record.path, record.error))
            first_bad = first_bad or skipped[-1]
            continue
        valid.append(record)
    expected = options.framework or folder_framework(valid, receipts)
    good: list[Record] = []
    for record in valid:
        if record.framework_id != expected:
            reason = f"{record.path}: bundle is for framework '{record.framework_id}' but this merge is of '{expected}'"
            if not options.skip_bad and not options.framework:  # a framework chosen: the others are left out, listed
                raise AccordError(reason)
            skipped.append(Skipped(record.path, reason))
            continue
        good.append(record)
    skipped.sort(key=lambda s: s.path)
    if not good:
        raise NoValidBundles(tuple(skipped), first=first_bad)
    framework = get_framework(expected)  # type: ignore[arg-type]

    counted, replaced = _newest_per_respondent(good)

    # answer sets returned with `accord submit` are anonymous; the register says who returned them
    returned = [who for fid, who in receipts if fid == framework.id]
    pooled = sum(1 for r in counted if r.returned)
    seen = Counter(w.casefold() for w in returned if w)
    twice = sorted({w for w in returned if w and seen[w.casefold()] > 1})
    if twice:  # one person, two answer sets: counted twice, and the figures could give one away
        raise AccordError(
            f"the returns register lists {', '.join(twice)} more than once for {framework.id}: the same member's answers "
            "were returned twice from different copies, so one person would count twice. Ask them to submit again "
            "from one copy, or collect the round again"
        )
    warnings: list[str] = []
    if len(returned) > pooled:
        raise AccordError(
            f"the returns register lists {len(returned)} returns of {framework.id} but only {pooled} answer "
            f"set{'s are' if pooled != 1 else ' is'} in the folder: files were changed other than by `accord submit`"
        )
    if registered and len(returned) < pooled:
        missing = pooled - len(returned)
        warnings.append(
            f"{missing} answer set{'s have' if missing != 1 else ' has'} no receipt in the returns register "
            "(a submission interrupted, or a file changed by hand): counted as anonymous"
        )
    named = [w for w in returned if w]
    both = sorted({w.casefold() for w in named} & {r.label.casefold() for r in counted if r.identity is not None})
    if both:
        warnings.append(f"{len(both)} member{'s' if len(both) != 1 else ''} returned both a bundle file and with `accord submit`: both answer sets count")

    results = tally(counted, framework, options, receipts=named)
    return MergeReport(
        results=results,
        framework=framework,
        files=[r.path for r in counted],
        skipped=skipped,
        replaced=replaced,
        ignored=ignored,
        warnings=warnings,
        records=counted,
    )


#: a bundle saved more than this far in the future has a clock (or a claim) not to be trusted
FUTURE_SLACK_SECONDS = 24 * 3600


def _newest_per_respondent(good: list[Record]) -> tuple[list[Record], list[Replaced]]:
    """For each named respondent (same email, else name) the newest bundle counts; the others are
    listed as replaced. A time in the future is not trusted: such a file never replaces another
    (it counts as the oldest), so a file claiming to be another member's cannot push theirs out."""
    import time

    limit = time.time() + FUTURE_SLACK_SECONDS
    newest: dict[str, Record] = {}
    losers: list[tuple[Record, str]] = []
    for record in good:
        if record.identity is None:
            continue
        current = newest.get(record.identity)
        if current is None:
            newest[record.identity] = record
            continue
        if _newer(record, current, limit):
            losers.append((current, record.identity))
            newest[record.identity] = record
        else:
            losers.append((record, record.identity))
    replaced: list[Replaced] = []
    for loser, identity in losers:
        winner = newest[identity]
        who = winner.label or loser.label
        untrusted = [r for r in (loser, winner) if r.updated > limit]
        why = f"both files claim to be from {who}; the one saved later counts"
        if untrusted:
            stamp = datetime.fromtimestamp(min(untrusted[0].updated, 253402300799), timezone.utc).strftime("%Y-%m-%d")
            why = f"both files claim to be from {who}; {untrusted[0].path} says it was saved in the future ({stamp}), which is not trusted"
        replaced.append(Replaced(loser.path, winner.path, why))
    replaced.sort(key=lambda r: (r.path, r.by))
    lost = {id(loser) for loser, _ in losers}
    return [r for r in good if id(r) not in lost], replaced


def folder_framework(records: Sequence[Record], receipts: Sequence[tuple[str, str]] = ()) -> str | None:
    """The framework of a set of valid bundles: the one they are all for, else AccordError naming
    every framework found and how many bundles of each (a stray file never takes over a merge)."""
    found = Counter(r.framework_id for r in records)
    if not found:
        found = Counter(fid for fid, _ in receipts)
    if len(found) <= 1:
        return next(iter(found), None)
    raise MixedFrameworks(tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))))


def _newer(a: Record, b: Record, limit: float = float("inf")) -> bool:
    """Whether `a` replaces `b`: a later `updated` (a time after `limit` counts as the oldest);
    equal times are decided by content, then path."""
    ta = a.updated if a.updated <= limit else -1.0
    tb = b.updated if b.updated <= limit else -1.0
    if ta != tb:
        return ta > tb
    da, db = a.digest(), b.digest()
    if da != db:
        return da > db
    return a.path < b.path


def _role_groups(records: list[Record], min_group: int) -> tuple[dict[str, int], dict[str, list[Record]]]:
    """Respondents per role (roles of 2 or more) and the groups whose answers may be split out.

    A split is stored only for roles with at least `min_group` members, and only if the people
    left outside every stored split are none or at least `min_group` too: otherwise the total
    minus the splits would give away the answers of a role of one.
    """
    spellings: dict[str, list[str]] = {}
    members: dict[str, list[Record]] = {}
    for record in records:
        if not record.role:
            continue
        key = record.role.casefold()
        spellings.setdefault(key, []).append(record.role)
        members.setdefault(key, []).append(record)
    names = {key: min(Counter(s).most_common(), key=lambda kv: (-kv[1], kv[0]))[0] for key, s in spellings.items()}
    counts = {names[k]: len(v) for k, v in members.items() if len(v) >= 2}
    stored = {k: v for k, v in members.items() if not too_few(len(v), min_group)}
    while stored:
        if not parts_leave_few(len(records), sum(len(v) for v in stored.values()), min_group):
            break
        smallest = min(stored, key=lambda k: (len(stored[k]), names[k]))
        del stored[smallest]
    return dict(sorted(counts.items())), {names[k]: v for k, v in sorted(stored.items(), key=lambda kv: names[kv[0]])}


def tally(records: list[Record], framework: Framework, options: MergeOptions, *, receipts: Sequence[str] = ()) -> MergedResults:
    """Counts per item (and per stored role split) from the counted records.

    `receipts`: the named members in the drop folder's returns register, who returned anonymous
    answer sets; they are listed as completed, never next to any answer."""
    slots, _ = layout(framework)
    seen: dict[str, str] = {}
    for label in [r.label for r in records if r.identity is not None] + list(receipts):
        seen.setdefault(label.casefold(), label)
    labels = sorted(seen.values(), key=lambda s: (s.casefold(), s))
    roles, groups = _role_groups(records, options.min_group)
    results = MergedResults(
        framework_id=framework.id,
        framework_version=framework.version,
        partnerships=sorted({r.partnership for r in records if r.partnership}),
        respondents=len(records),
        completed=labels,
        anonymous=max(0, len(records) - len(labels)),
        roles=roles,
        include_private=options.include_private,
        with_notes=options.with_notes,
        min_group=options.min_group,
    )
    results.ensure_items(framework)
    included = [n for n, slot in enumerate(slots) if options.include_private or not slot.private]
    totals = _column_tallies(records, slots, included)
    splits = {role: _column_tallies(members, slots, included) for role, members in groups.items()}
    for n, total in totals.items():
        kind = "rated" if slots[n].rated else slots[n].kind
        result = results.items[(slots[n].section_id, slots[n].item_id)]
        # the small-group rule, here before anything is stored (engine.privacy)
        result.total = safe_tally(total, kind, options.min_group)
        parts = safe_splits(total, {role: by_item[n] for role, by_item in splits.items()}, kind, options.min_group)
        result.by_role = {role: t for role, t in parts.items() if not t.withheld}
    if options.with_notes:
        notes: dict[int, list[str]] = {}
        matrix: dict[str, dict[str, list[str]]] = {}
        for record in records:
            for n, text in record.notes:
                notes.setdefault(n, []).append(text)
            for sec, col, text in record.matrix:
                matrix.setdefault(sec, {}).setdefault(col, []).append(text)
        for n, texts in notes.items():
            if n in included:
                results.items[(slots[n].section_id, slots[n].item_id)].total.notes = sorted(texts)
        results.matrix = {
            sec: {col: sorted(texts) for col, texts in sorted(cols.items())} for sec, cols in sorted(matrix.items())
        }
    return results


def _column_tallies(records: list[Record], slots: list[_Slot], included: list[int]) -> dict[int, Tally]:
    out: dict[int, Tally] = {}
    if not records:
        return {n: Tally() for n in included}
    width = len(slots)
    codes = b"".join(r.codes for r in records)  # one byte per item per record (all of one framework)
    if len(codes) != width * len(records):
        raise ValueError("records of another framework layout cannot be tallied together")
    for n in included:
        slot = slots[n]
        column = codes[n::width]
        t = Tally()
        if slot.rated:
            t.n_na = column.count(_NA)
            counts = ((score, column.count(score - slot.low + 1)) for score in range(slot.low, slot.high + 1))
            t.counts = {score: c for score, c in counts if c}
        elif slot.kind == "yesno":
            t.yes = column.count(_YES)
            t.no = column.count(_NO)
        elif slot.kind == "open":
            t.noted = column.count(_NOTED)
        out[n] = t
    return out
