"""Perception gaps between roles appear in the summary and reports, only for big-enough groups."""

from __future__ import annotations

from pathlib import Path

from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.exports.bundle_file import save_bundle
from accord_partnership.tui.cli import main


def _round(folder: Path, roles: list[str]) -> Path:
    fw = get_framework("scsn-csp")
    folder.mkdir()
    for n, role in enumerate(roles):
        bundle = Bundle.new(fw, partnership="Moray CSP", respondent=f"Member {n}", role=role)
        for section, item in fw.items():
            if item.rated and not section.private:
                bundle.answer(section.id, item.id).score = 4 if role == "police" else 2
        save_bundle(bundle, fw, folder / f"m{n}.toml")
    return folder


def test_summary_names_the_gap_between_roles(tmp_path, capsys):
    folder = _round(tmp_path / "round", ["police"] * 3 + ["council"] * 3)
    assert main(["summary", str(folder), "--section", "partnership-working"]) == 0
    main(["summary", str(folder)])
    out = " ".join(capsys.readouterr().out.split())
    assert "Roles see some things differently (groups of 3 or more: council (3), police (3))" in out
    assert "police 4.00 vs council 2.00 (gap 2.00)" in out


def test_a_role_below_the_group_size_is_never_a_split(tmp_path, capsys):
    folder = _round(tmp_path / "round", ["police"] * 3 + ["council"] * 2)
    assert main(["report", str(folder), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "Roles see some things differently" not in out


def test_summary_draws_plan_targets_as_the_second_polygon(tmp_path, capsys):
    folder = _round(tmp_path / "round", ["police"] * 3 + ["council"] * 3)
    plan = tmp_path / "plan.toml"
    assert main(["plan", "init", str(folder), "--out", str(plan)]) == 0
    assert main(["plan", "target", str(plan), "partnership-working", "--months", "12", "--score", "4"]) == 0
    capsys.readouterr()
    assert main(["summary", str(folder), "--plan", str(plan), "--section", "partnership-working"]) == 0
    out = capsys.readouterr().out
    assert "◆ 12m target" in out and "● Mean" in out
    assert main(["summary", str(folder), "--section", "partnership-working"]) == 0
    assert "12m target" not in capsys.readouterr().out
