"""A scorecard's target is for its average (D7): the report's item tables and radars never show it
as each feature's own target (exports.report_common, one source for md, html and docx)."""

from __future__ import annotations

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.plan import ActionPlan
from accord_partnership.exports.report_common import plan_columns, section_radar
from accord_partnership.tui.workflows.rounds import report_model

FW = "scsn-csp"


def test_scorecard_target_is_the_averages_not_each_features(tmp_path, write_bundle):
    fw = get_framework(FW)
    folder = tmp_path / "round"
    folder.mkdir()
    section = fw.section("partnership-working")
    for m in range(3):
        answers = {("partnership-working", i.id): {"score": 2 + (m + k) % 3} for k, i in enumerate(section.rated_items)}
        write_bundle(FW, answers=answers, path=folder / f"m{m}.toml", respondent=f"M{m}")
    plan = ActionPlan.new(fw)
    plan.set_target("partnership-working", "", 12, 3.5)
    model = report_model(folder, plan=plan)
    view = model.section("partnership-working")
    heads, rows = plan_columns(view)
    assert heads == ["12-month target (scorecard average 3.5)"]
    assert all(cells == [""] for cells in rows)
    radar = section_radar(model, view)
    assert radar is not None and radar.plan.second_name == "12-month scorecard target"
    # a feature's own target is its own, shown on its row and drawn as the target polygon
    plan.set_target("partnership-working", "trust", 12, 4.5)
    view = report_model(folder, plan=plan).section("partnership-working")
    heads, rows = plan_columns(view)
    trust = [i.item_id for i in view.rated].index("trust")
    assert rows[trust] == ["4.5"] and all(r == [""] for n, r in enumerate(rows) if n != trust)
    assert view.target_name == "12-month target" and view.target_values[trust] == 4.5
    assert sum(v is not None for v in view.target_values) == 1
