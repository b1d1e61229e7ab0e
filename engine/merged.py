"""Reading merged results back, and one entry point for "results from whatever the user gave us".

`load_merged(path)` reads a merged file (docs/merged-format.md) with the same care as a bundle:
every problem is one `BundleError` naming the file and line. `load_results(path)` accepts a merged
file, a single bundle (TOML or Accord CSV; its owner's own results) or a folder of bundles (merged
on the fly) and always returns `(MergedResults, Framework)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.errors import AccordError, BundleError
from accord_partnership.engine.model import Framework
from accord_partnership.engine.results import MergedResults, Tally
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP, check_min_group, count_kind, safe_splits, safe_tally, too_few
from accord_partnership.engine.textio import FileChecks, load_toml

if TYPE_CHECKING:
    from typing import Unpack

    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.rounds import RoundOptions

#: the `format` of a merged results file (written by exports.merged_file); reading one needs no merge code
MERGED_FORMAT = "accord-merged"
MERGED_FORMAT_VERSION = 1

_TOP = {
    "format",
    "format_version",
    "framework",
    "framework_version",
    "partnerships",
    "respondents",
    "anonymous",
    "completed",
    "roles",
    "include_private",
    "with_notes",
    "min_group",
    "items",
    "matrix",
}
_TALLY = {"counts", "n_na", "yes", "no", "answered", "notes", "withheld"}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def load_merged(path: str | Path) -> tuple[MergedResults, Framework]:
    """Read and validate a merged results file."""
    path = Path(path)
    data, text = load_toml(path, BundleError)
    return merged_from_data(data, path, text)


def merged_from_data(data: dict[str, Any], path: Path, text: str | None = None) -> tuple[MergedResults, Framework]:
    checks = FileChecks(path, text, BundleError)
    fail = checks.fail
    checks.header(data, fmt=MERGED_FORMAT, version=MERGED_FORMAT_VERSION, keys=_TOP, what="Accord merged results", kind="merged")
    for key in ("framework", "framework_version"):
        if not isinstance(data.get(key), str):
            raise fail(f"'{key}' must be a string", key if key in data else "format")
    for key in ("respondents", "anonymous", "min_group"):
        if not _is_int(data.get(key)) or data[key] < 0:
            raise fail(f"'{key}' must be a whole number, 0 or more", key if key in data else "format")
    for key in ("include_private", "with_notes"):
        if not isinstance(data.get(key, False), bool):
            raise fail(f"'{key}' must be true or false", key)
    for key in ("partnerships", "completed"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"'{key}' must be a list of strings", key)

    framework = checks.framework(data, "results")
    respondents, anonymous = data["respondents"], data["anonymous"]
    completed = data.get("completed", [])
    try:
        check_min_group(data["min_group"])
    except ValueError:
        raise fail("'min_group' cannot be below 2", "min_group") from None
    if anonymous > respondents:
        raise fail("more anonymous respondents than respondents", "anonymous")
    if len(completed) + anonymous != respondents:
        raise fail(
            f"'completed' lists {len(completed)} people and {anonymous} are anonymous, but respondents = {respondents}", "completed"
        )
    if len({c.casefold() for c in completed}) != len(completed):
        raise fail("'completed' lists someone twice", "completed")
    roles = data.get("roles", {})
    if not isinstance(roles, dict):
        raise fail("'roles' must be a table of role = count", "roles")
    for role, count in roles.items():
        if not _is_int(count) or count < 2:
            raise fail(f"role '{role}': count must be a whole number of at least 2 (smaller roles are not listed)", "roles")
    if sum(roles.values()) > respondents:
        raise fail("the roles add up to more than the respondents", "roles")

    results = MergedResults(
        framework_id=framework.id,
        framework_version=framework.version,
        partnerships=list(data.get("partnerships", [])),
        respondents=respondents,
        completed=list(completed),
        anonymous=anonymous,
        roles=dict(roles),
        include_private=data.get("include_private", False),
        with_notes=data.get("with_notes", False),
        min_group=data["min_group"],
    )
    results.ensure_items(framework)

    items = data.get("items", {})
    if not isinstance(items, dict):
        raise fail("'items' must be a table", "items")
    for section_id, section_items in items.items():
        section = checks.section(framework, section_id, "items", section_id)
        if section.private and not results.include_private:
            raise fail(f"section '{section_id}' is private but include_private is false", "items", section_id)
        if not isinstance(section_items, dict):
            raise fail(f"items of section '{section_id}' must be tables", "items", section_id)
        for item_id, raw in section_items.items():
            where = ("items", section_id, item_id)
            item = checks.item(section, item_id, *where)
            if not isinstance(raw, dict):
                raise fail(f"'{section_id}.{item_id}' must be a table", *where)
            points = section.scale.points if (section.scale and item.rated) else ()
            result = results.item(section_id, item_id)
            by_role = raw.get("by_role", {})
            for key in raw:
                if key not in _TALLY and key != "by_role":
                    raise fail(f"unknown key '{key}' in '{section_id}.{item_id}'", *where, key)
            result.total = _tally(raw, item.kind, points, respondents, results.with_notes, fail, where)
            if not isinstance(by_role, dict):
                raise fail(f"'by_role' of '{section_id}.{item_id}' must be a table", *where, "by_role")
            for role, role_raw in by_role.items():
                role_where = (*where, "by_role", role)
                if role not in roles:
                    raise fail(f"split for role '{role}', which is not in 'roles'", *role_where)
                if too_few(roles[role], results.min_group):
                    raise fail(f"split for role '{role}' with {roles[role]} members, below min_group {results.min_group}", *role_where)
                if not isinstance(role_raw, dict):
                    raise fail(f"split '{role}' of '{section_id}.{item_id}' must be a table", *role_where)
                for key in role_raw:
                    if key not in _TALLY - {"notes"}:
                        raise fail(f"unknown key '{key}' in split '{role}' of '{section_id}.{item_id}'", *role_where, key)
                result.by_role[role] = _tally(role_raw, item.kind, points, roles[role], False, fail, role_where)
            # a file written by hand or by an older Accord gets the small-group rule too
            kind = count_kind(item)
            result.total = safe_tally(result.total, kind, results.min_group)
            result.by_role = {
                r: t for r, t in safe_splits(result.total, result.by_role, kind, results.min_group).items() if not t.withheld
            }

    matrix = data.get("matrix", {})
    if not isinstance(matrix, dict):
        raise fail("'matrix' must be a table", "matrix")
    if matrix and not results.with_notes:
        raise fail("matrix texts are only kept with with_notes = true", "matrix")
    columns = {c.id for c in framework.matrix_columns}
    for section_id, cells in matrix.items():
        try:
            framework.section(section_id)
        except KeyError:
            raise fail(f"unknown matrix row '{section_id}'", "matrix", section_id) from None
        if not isinstance(cells, dict):
            raise fail(f"matrix row '{section_id}' must be a table", "matrix", section_id)
        for column, texts in cells.items():
            if column not in columns:
                raise fail(f"unknown matrix column '{column}'", "matrix", section_id, column)
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise fail(f"matrix cells '{section_id}.{column}' must be a list of strings", "matrix", section_id, column)
            results.matrix.setdefault(section_id, {})[column] = list(texts)
    return results, framework


def _tally(raw: dict[str, Any], kind: str, points: tuple[int, ...], most: int, notes_ok: bool, fail: Any, where: tuple[Any, ...]) -> Tally:
    tally = Tally()
    name = ".".join(str(w) for w in where[1:])
    if "counts" in raw:
        counts = raw["counts"]
        if not points:
            raise fail(f"'{name}' is not a rated item and has no counts", *where, "counts")
        if not isinstance(counts, list) or len(counts) != len(points) or not all(_is_int(c) and c >= 0 for c in counts):
            raise fail(f"counts of '{name}' must be {len(points)} whole numbers, one per scale point {points[0]}-{points[-1]}", *where, "counts")
        tally.counts = {p: c for p, c in zip(points, counts) if c}
    for key in ("n_na", "yes", "no", "answered"):
        if key in raw:
            value = raw[key]
            if not _is_int(value) or value < 0:
                raise fail(f"'{key}' of '{name}' must be a whole number, 0 or more", *where, key)
            if key == "n_na" and not points:
                raise fail(f"'{name}' is not a rated item and has no n_na", *where, key)
            if key in ("yes", "no") and kind != "yesno":
                raise fail(f"'{name}' is not a yes/no item", *where, key)
            if key == "answered" and kind != "open":
                raise fail(f"'{name}' is not an open question", *where, key)
            setattr(tally, "noted" if key == "answered" else key, value)
    if "withheld" in raw:
        if raw["withheld"] is not True:
            raise fail(f"'withheld' of '{name}' can only be true", *where, "withheld")
        if any(k in raw for k in ("counts", "n_na", "yes", "no")):
            raise fail(f"'{name}' is withheld (too few answers) and cannot have counts", *where, "withheld")
        tally.withheld = True
    if "notes" in raw:
        notes = raw["notes"]
        if not notes_ok:
            raise fail(f"notes of '{name}' are only kept with with_notes = true", *where, "notes")
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise fail(f"notes of '{name}' must be a list of strings", *where, "notes")
        tally.notes = list(notes)
    if tally.n + tally.n_na > most or tally.yes + tally.no > most or tally.noted > most:
        raise fail(f"'{name}' counts more answers than there are respondents ({most})", *where)
    return tally


def results_from_bundle(bundle: Bundle, framework: Framework, *, include_private: bool = True, with_notes: bool = True) -> MergedResults:
    """One respondent's own answers as results (their private sections and notes included by default)."""
    from accord_partnership.engine.roster import person_label

    results = MergedResults(
        framework_id=framework.id,
        framework_version=framework.version,
        partnerships=[bundle.partnership] if bundle.partnership.strip() else [],
        respondents=1,
        completed=[person_label(bundle.respondent, bundle.email)] if (bundle.respondent.strip() or bundle.email.strip()) else [],
        anonymous=0 if (bundle.respondent.strip() or bundle.email.strip()) else 1,
        include_private=include_private,
        with_notes=with_notes,
        own=True,
    )
    results.ensure_items(framework)
    for section in framework.sections:
        if section.private and not include_private:
            continue
        for item in section.items:
            answer = bundle.answers.get((section.id, item.id))
            if answer is not None:
                results.item(section.id, item.id).total.add(answer, item, keep_note=with_notes)
        if with_notes and section.id in bundle.matrix:
            results.matrix[section.id] = {c: [t] for c, t in sorted(bundle.matrix[section.id].items()) if t.strip()}
    return results


def _peek_format(path: Path) -> str:
    """The `format` of a TOML file without parsing it all (the first lines say it)."""
    from accord_partnership.engine.textio import read_text

    text = read_text(path, BundleError)
    for line in text.splitlines()[:40]:
        stripped = line.strip()
        if stripped.startswith("format") and "=" in stripped:
            name, _, value = stripped.partition("=")
            if name.strip() == "format":
                return value.split("#", 1)[0].strip().strip('"').strip("'")
    return ""


def load_results(path: str | Path, **options: Unpack[RoundOptions]) -> tuple[MergedResults, Framework]:
    """(results, framework) of `engine.rounds.load_round` (a merged file, one bundle, a folder of
    bundles; the same options): the same rules, for callers that need no more than the pair."""
    from accord_partnership.engine.rounds import load_round

    found = load_round(path, **options)
    return found.results, found.framework


def load_result_file(path: Path, include_private: bool | None, with_notes: bool | None) -> tuple[MergedResults, Framework]:
    """Results of one file: a merged file, or one bundle (TOML or Accord CSV), which is its owner's
    own results (private sections and notes kept unless `False`). `engine.rounds.load_round`."""
    if not path.exists():
        raise AccordError("no such file or folder", path)
    own = {"include_private": True if include_private is None else include_private, "with_notes": True if with_notes is None else with_notes}
    if path.suffix.lower() == ".csv":
        from accord_partnership.engine.bundle_csv import read_bundle_csv

        bundle, framework = read_bundle_csv(path)
        return results_from_bundle(bundle, framework, **own), framework
    if _peek_format(path) == MERGED_FORMAT:
        results, framework = load_merged(path)
        if with_notes is False and results.with_notes:
            results.with_notes = False
            results.matrix = {}
            for result in results.items.values():
                result.total.notes = []
        if include_private is False and results.include_private:
            results.include_private = False
            private = {s.id for s in framework.sections if s.private}
            results.items = {k: v for k, v in results.items.items() if k[0] not in private}
        return results, framework
    from accord_partnership.engine.bundle import load_bundle

    bundle, framework = load_bundle(path)
    return results_from_bundle(bundle, framework, **own), framework
