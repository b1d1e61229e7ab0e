"""The SCSN Community Safety Partnership Self-Assessment Toolkit: structure, verbatim content, reassembly.

Only `test_focus_impact_fragments_match_seed` reads the plain-text source extraction, kept with the
tests in `tests/data/seeds` (a copy of the project's `shared/seeds`), so it runs everywhere.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from accord_partnership.engine.loader import load_framework
from accord_partnership.engine.model import RULE_CONDITIONS, Framework

ROOT = Path(__file__).parents[1]
FRAMEWORK = ROOT / "frameworks" / "scsn-csp.toml"
SEEDS = Path(__file__).parent / "data" / "seeds"  # the source extractions (shared/seeds), kept with the tests so CI checks them
SCSN_SEED = "001_6709f6080defb8cd.txt"

SECTIONS = [
    ("focus-impact", 9),
    ("partnership-working", 11),
    ("strategic-coherence", 4),
    ("planning-delivery", 4),
    ("review-reflect-refine", 4),
    ("capturing-performance", 7),
    ("personal-role", 9),
    ("leadership", 12),
]

TOOLS = {
    "tool-1": ("Exploring Added Value", "reference", ("focus-impact",)),
    "tool-2": ("Ten Steps to SMART Objectives", "steps", ("focus-impact",)),
    "tool-3": ("Five Degrees of Partnership", "degrees", ("focus-impact",)),
    "tool-4": ("The Top Ten Partnership Killers (and Solutions)", "killers", ("partnership-working",)),
    "tool-5": ("Partnership Life Cycle", "lifecycle", ("partnership-working",)),
    "tool-6": ("Partnership Governance Checklist", "checklist", ("partnership-working",)),
    "tool-7": ("Which Projects Should the Partnership Pursue?", "project-matrix", ("planning-delivery",)),
}

# (section, item, level) -> descriptor, copied from the seed extraction.
VERBATIM = [
    ("focus-impact", "evidence", 1, "We don't draw on specific evidence to understand issues and patterns"),
    ("focus-impact", "agreeing-focus-for-action", 5,
     "We use evidence systematically to pinpoint areas where CSP can made distinctive and significant contribution"),
    ("focus-impact", "realistic", 3,
     "Our plans are not realistic given the time and funding we have but there is scope to be more imaginative in making things happen"),
    ("partnership-working", "shared-vision", 5,
     "Strongly shared aspirational vision which provides clear guidance for behaviour and practice"),
    ("partnership-working", "equal-status-and-esteem", 1, "There are one or two dominant partners – others feel marginal"),
    ("partnership-working", "induction", 5, "We provide a thorough and careful induction for all new members"),
    ("strategic-coherence", "fit-within-cpp", 3, "CSP fits within CCP structures and has some status"),
    ("strategic-coherence", "persuasive-performance", 2,
     "CSP able to describe very little of its significance and achievements persuasively"),
    ("planning-delivery", "action-planning", 4,
     "Focus on detailed action planning and monitoring which is reflected in practice"),
    ("planning-delivery", "co-design", 5,
     "We always make sure that responses and solutions are designed with communities and have well –developed techniques to do this"),
    ("review-reflect-refine", "review", 5,
     "CSP evaluates each initiatives and reviews progress against programme and plan regularly and systematically"),
    ("review-reflect-refine", "learn", 1,
     "CSP rarely draws on lessons from the past in developing new initiatives and its programme of work"),
    ("capturing-performance", "sharing-and-analysing-data-across-services", 2,
     "The CSP partners have tried but not succeeded in sharing data to help them to understand need and capture impact"),
    ("capturing-performance", "long-term-outcomes-and-logic-chains", 5,
     "CSP creates clear connections between each of its activities and its desired long term outcome"),
    ("personal-role", "part-of-job-description", 1, "My role on the CSP is not part of my job description"),
    ("personal-role", "priorities-and-objectives", 5,
     "I can describe clearly and convincingly the priorities and objectives of the CSP"),
    # Identifying, assessing and action on risk: each cell split over two seed lines, joined.
    ("planning-delivery", "identifying-assessing-and-action-on-risk", 1,
     "We don't spend much time identifying risk or acting on this"),
    ("planning-delivery", "identifying-assessing-and-action-on-risk", 5,
     "Strong focus on identifying and always take action to mitigate risks"),
]

LEADERSHIP_VERBATIM = {
    "clear-vision": "I have a clear vision of what we need to achieve as a CSP and am able to describe this",
    "describe-difference": (
        "I am very demanding on the CSP to make sure we can describe the difference we are making to citizens "
        "clearly and persuasively"
    ),
}

# The scrambled part of the Focus and Impact table (seed lines ~474-621): for each row, the seed's line
# fragments that make up each level's descriptor, in reading order. Every fragment of the region is used once.
FRAGMENTS: dict[str, list[list[str]]] = {
    "baseline-and-targets": [
        ["We don't really know", "where we are starting", "or what our targets are"],
        ["We have an idea of", "where we are starting", "and what our targets are"],
        ["We have an idea of where", "we are starting and what", "our targets are and are", "refining these"],
        ["We have established", "clear baselines and", "targets against which to", "assess progress"],
        ["We have established clear", "baselines and targets", "against which to assess", "progress"],
    ],
    "joining-up": [
        ["We haven't yet", "succeeded in joining up", "activities for greater", "impact"],
        ["We have had some", "partial success in joining", "up activities for greater", "impact"],
        ["We are actively", "strengthening our ability to", "join up for greater impact"],
        ["We try to focus on", "common priorities and", "joining up action and resources for greater", "impact"],
        ["Strong emphasis on", "common priorities and", "joining up action and", "resources for greater impact"],
    ],
    "impact": [
        ["We don't really know", "what difference we are", "making"],
        ["We have a partial view", "of the difference we are", "making"],
        ["We have identified ways of", "describing our impact but", "we could do a lot more"],
        ["We are able to assess", "our impact using a range", "of indicators"],
        ["We can describe our impact", "clearly and persuasively", "using a range of quantitative and qualitative indicators"],
    ],
    "sustainability": [
        ["We don't really consider", "the sustainability of", "what we are doing"],
        ["We occasionally think", "about the sustainability", "of what we are doing"],
        ["We don't really think about", "the sustainability of what we", "are doing"],
        ["Focus on sustainability", "of the impact through", "local ownership and changes in practice"],
        ["Strong focus on", "sustainability of impact through local ownership and", "changes in practice"],
    ],
}

LEVEL_1 = {
    "baseline-and-targets": "We don't really know where we are starting or what our targets are",
    "joining-up": "We haven't yet succeeded in joining up activities for greater impact",
    "impact": "We don't really know what difference we are making",
    "sustainability": "We don't really consider the sustainability of what we are doing",
}
LEVEL_5 = {
    "baseline-and-targets": "We have established clear baselines and targets against which to assess progress",
    "joining-up": "Strong emphasis on common priorities and joining up action and resources for greater impact",
    "impact": "We can describe our impact clearly and persuasively using a range of quantitative and qualitative indicators",
    "sustainability": "Strong focus on sustainability of impact through local ownership and changes in practice",
}


def norm(text: str) -> str:
    """Collapse whitespace so line breaks and doubled spaces do not matter."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def scsn() -> Framework:
    return load_framework(FRAMEWORK)


# --- structure -------------------------------------------------------------------------------------


def test_loads_with_metadata(scsn: Framework) -> None:
    assert scsn.id == "scsn-csp"
    assert scsn.title == "Community Safety Partnership Self-Assessment Toolkit"
    assert scsn.version == "2012.1"
    assert scsn.source.publisher == "Scottish Community Safety Network (SCSN)"
    assert scsn.source.year == 2012
    assert scsn.source.title == "Community Safety Partnership Self-Assessment Toolkit Guidance Notes"
    assert scsn.source.url == "www.safercommunitiesscotland.org"
    assert scsn.description and scsn.attribution and scsn.notes


def test_sections_and_item_counts(scsn: Framework) -> None:
    assert [(s.id, len(s.items)) for s in scsn.sections] == SECTIONS
    assert [len(s.items) for s in scsn.sections] == [9, 11, 4, 4, 4, 7, 9, 12]


def test_scales(scsn: Framework) -> None:
    for section in scsn.sections:
        assert section.scale is not None
        if section.id == "leadership":
            assert section.private
            assert section.scale.id == "likert"
            assert not section.scale.allow_na
            assert section.scale.labels == (
                "Strongly disagree", "Disagree", "Neither disagree nor agree", "Agree", "Strongly agree"
            )
            assert all(item.kind == "statement" for item in section.items)
        else:
            assert not section.private
            assert section.kind == "scorecard"
            assert section.scale.id == "scorecard"
            assert (section.scale.min, section.scale.max) == (1, 5)
            assert section.scale.allow_na
            for item in section.items:
                assert item.kind == "feature"
                assert len(item.levels) == 5
                assert all(level.descriptor.strip() for level in item.levels)


def test_every_section_has_an_intro(scsn: Framework) -> None:
    for section in scsn.sections:
        assert section.intro.strip(), section.id


def test_section_tools(scsn: Framework) -> None:
    assert scsn.section("focus-impact").tools == ("tool-1", "tool-2", "tool-3")
    assert scsn.section("partnership-working").tools == ("tool-4", "tool-5", "tool-6")
    assert scsn.section("planning-delivery").tools == ("tool-7",)


def test_tools(scsn: Framework) -> None:
    assert [t.id for t in scsn.tools] == list(TOOLS)
    for number, tool in enumerate(scsn.tools, start=1):
        title, kind, relates_to = TOOLS[tool.id]
        assert tool.number == number
        assert (tool.title, tool.kind, tool.relates_to) == (title, kind, relates_to)
        assert tool.entries, tool.id
        assert tool.source, tool.id


def test_tool_entries(scsn: Framework) -> None:
    assert [e.title for e in scsn.tool("tool-1").entries] == [
        "Greater Impact", "More Resources", "New and Better Ways", "Spread Risks", "Reduce/ Share Costs"
    ]
    assert [e.title for e in scsn.tool("tool-2").entries] == [str(n) for n in range(1, 11)]
    degrees = scsn.tool("tool-3").entries
    assert [e.title for e in degrees] == ["Co-existence", "Co-operation", "Co-ordination", "Collaboration", "Co-ownership"]
    assert degrees[0].quote == "You stay on your turf and I'll stay on mine."
    assert all(e.quote and e.text and '"' not in e.quote for e in degrees)
    killers = scsn.tool("tool-4").entries
    assert len(killers) == 10 and all(e.problem and e.solution for e in killers)
    stages = scsn.tool("tool-5").entries
    assert [e.title for e in stages] == ["Forming", "Frustration", "Functioning", "Flying", "Failing"]
    assert all(e.items and e.actions for e in stages)
    assert stages[-1].actions == ("go back to Stage 1?",)
    assert "crossover" in scsn.tool("tool-5").after
    checklist = scsn.tool("tool-6").entries
    assert [e.title for e in checklist] == [
        "Rationale for the partnership", "Added value from the partnership", "Governance arrangements",
        "Performance management", "Financial management", "Risk management", "Termination arrangements",
        "Serving the public",
    ]
    assert sum(len(e.items) for e in checklist) == 29
    matrix = {e.title: (e.risk, e.contribution) for e in scsn.tool("tool-7").entries}
    assert matrix == {
        "Stars": ("low", "high"),
        "Good gambles": ("high", "high"),
        "Question marks": ("low", "low"),
        "Carthorses": ("high", "low"),
    }
    assert "formatting error in the matrix" in scsn.tool("tool-7").after


def test_guidance(scsn: Framework) -> None:
    ids = {g.id for g in scsn.guidance}
    assert {
        "process", "coordinator-instructions", "member-instructions", "questions-to-ask", "analysing",
        "creating-actions", "follow-up", "purpose", "mean-chart", "action-sheet",
    } <= ids
    by_id = {g.id: g for g in scsn.guidance}
    assert len(by_id["questions-to-ask"].items) == 5
    assert len(by_id["creating-actions"].items) == 7
    assert len(by_id["follow-up"].items) == 2
    assert len(by_id["purpose"].items) == 3
    assert "below 3.0" in by_id["follow-up"].text
    assert "info@scsn.org.uk" in by_id["coordinator-instructions"].text
    for guidance in scsn.guidance:
        assert "questionpro" not in guidance.text
        assert "in fo@" not in guidance.text
    for area in ["Focus and Impact", "Partnership working", "Strategic coherence", "Planning and Delivery",
                 "Review, Reflect and Refine", "Capturing performance", "Personal roles"]:
        assert f"- {area}\n" in by_id["process"].text + "\n"


def test_rules(scsn: Framework) -> None:
    tool_ids = {t.id for t in scsn.tools}
    section_ids = {s.id for s in scsn.sections}
    rules = {r.id: r for r in scsn.rules}
    for rule in scsn.rules:
        assert rule.when in RULE_CONDITIONS
        assert set(rule.tools) <= tool_ids, rule.id
        assert rule.section == "" or rule.section in section_ids
    expected = {
        "low-feature": ("item_mean_below", "", 3.0, ()),
        "focus-impact-solid": ("section_mean_at_least", "focus-impact", 4.0, ()),
        "wide-range": ("item_range_at_least", "", 3.0, ()),
        "lowest-scorecard": ("lowest_section", "", None, ()),
        "partnership-weak-link": ("any_item_below", "partnership-working", 3.0, ()),
        "planning-uneven": ("item_means_spread_at_least", "planning-delivery", 1.0, ()),
        "capturing-root-cause": ("any_item_below", "capturing-performance", 3.0, ()),
        "focus-impact-tool-1": ("items_below_count", "focus-impact", 3.0, ("tool-1",)),
        "focus-impact-smart": ("any_item_below", "focus-impact", 3.0, ("tool-2",)),
        "focus-impact-spectrum": ("always", "focus-impact", None, ("tool-3",)),
        "partnership-vision": ("any_item_below", "partnership-working", 3.0, ("tool-4",)),
        "partnership-lifecycle": ("section_mean_below", "partnership-working", 3.0, ("tool-5",)),
        "partnership-governance": ("section_mean_below", "partnership-working", 3.0, ("tool-6",)),
        "planning-projects": ("any_item_below", "planning-delivery", 3.0, ("tool-7",)),
        "review-follow-through": ("any_item_below", "review-reflect-refine", 3.0, ()),
    }
    assert set(rules) == set(expected)
    for rule_id, (when, section, threshold, tools) in expected.items():
        rule = rules[rule_id]
        assert (rule.when, rule.section, rule.tools) == (when, section, tools), rule_id
        if threshold is not None:
            assert rule.threshold == threshold, rule_id
    assert rules["focus-impact-tool-1"].count == 2
    assert rules["low-feature"].message.startswith("Low scores on this score sheet (for example, below 3.0)")
    assert "Tool 5" in rules["partnership-lifecycle"].message


# --- verbatim content ------------------------------------------------------------------------------


@pytest.mark.parametrize(("section", "item", "level", "text"), VERBATIM)
def test_descriptors_verbatim(scsn: Framework, section: str, item: str, level: int, text: str) -> None:
    assert norm(scsn.section(section).item(item).descriptor(level)) == norm(text)


def test_every_section_checked_verbatim() -> None:
    counts = Counter(section for section, *_ in VERBATIM)
    for section, _ in SECTIONS[:-1]:
        assert counts[section] >= 2, section


def test_leadership_statements_verbatim(scsn: Framework) -> None:
    leadership = scsn.section("leadership")
    for item_id, text in LEADERSHIP_VERBATIM.items():
        assert norm(leadership.item(item_id).title) == norm(text)


def test_footnotes(scsn: Framework) -> None:
    focus = scsn.section("focus-impact")
    assert focus.item("objectives").footnote == "SMART - Specific, Measurable, Achievable, Relevant, Time-bound"
    logic = scsn.section("capturing-performance").item("long-term-outcomes-and-logic-chains")
    assert logic.footnote.startswith("*A logic chain is simply a clearly defined step by step description")


def test_intros_and_guidance_verbatim(scsn: Framework) -> None:
    assert norm(scsn.section("focus-impact").intro).startswith(
        "This scorecard provides a quick way of getting some insights into the overall performance of the partnership."
    )
    assert "it will probably effect the partnership disproportionately." in norm(scsn.section("partnership-working").intro)
    assert norm(scsn.section("planning-delivery").guidance) == (
        "If the partnership is not clear or rigorous enough about how it selects projects Tool 7 may be helpful "
        "(Source: LGA (2005) An Organisational Development Resource)."
    )
    focus_guidance = norm(scsn.section("focus-impact").guidance)
    for tool in ("Tool 1", "Tool 2", "Tool 3"):
        assert tool in focus_guidance


# --- the reassembled Focus and Impact rows -----------------------------------------------------------


@pytest.mark.parametrize("item_id", list(FRAGMENTS))
def test_reassembled_level_1_and_5(scsn: Framework, item_id: str) -> None:
    item = scsn.section("focus-impact").item(item_id)
    assert norm(item.descriptor(1)) == LEVEL_1[item_id]
    assert norm(item.descriptor(5)) == LEVEL_5[item_id]


@pytest.mark.parametrize("item_id", list(FRAGMENTS))
def test_reassembled_rows_are_their_fragments(scsn: Framework, item_id: str) -> None:
    """Each level's descriptor is exactly its fragments, in order, and nothing else."""
    item = scsn.section("focus-impact").item(item_id)
    for level, fragments in zip(item.levels, FRAGMENTS[item_id]):
        assert norm(level.descriptor) == norm(" ".join(fragments)), (item_id, level.score)
    row_words = Counter(" ".join(level.descriptor for level in item.levels).split())
    fragment_words = Counter(" ".join(f for level in FRAGMENTS[item_id] for f in level).split())
    assert row_words == fragment_words


def test_focus_impact_fragments_match_seed(scsn: Framework) -> None:
    """Every fragment in the scrambled region of the seed is used exactly once, and no other words are."""
    path = SEEDS / SCSN_SEED
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("SMART - Specif"))
    end = next(i for i, line in enumerate(lines) if line.startswith("To determine where the partnership sits"))
    not_fragments = {"#### Resources", "Baseline and targets", "Joining up", "Impact", "Sustainability"}
    region = [
        line
        for line in lines[start + 2 : end]  # after the garbled SMART footnote's two lines
        if line and line not in not_fragments and not line.startswith(("If there are", "To ensure objectives"))
    ]
    assert len(region) == 67
    assigned = [f for row in FRAGMENTS.values() for level in row for f in level]
    assert Counter(region) == Counter(assigned)

    focus = scsn.section("focus-impact")
    region_words = Counter(" ".join(region).split())
    row_words: Counter[str] = Counter()
    for item_id in FRAGMENTS:
        item = focus.item(item_id)
        joined = " ".join(level.descriptor for level in item.levels)
        row_region_words = Counter(" ".join(f for level in FRAGMENTS[item_id] for f in level).split())
        assert Counter(joined.split()) == row_region_words, item_id
        row_words += Counter(joined.split())
    assert row_words == region_words
