"""The Sport England, HGIOCLD 3.2 and Audit Commission frameworks: structure, verbatim content, completeness.

The completeness checks read the plain-text source extractions, kept with the tests in
`tests/data/seeds` (a copy of the project's `shared/seeds`), so they run everywhere, CI included.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord_partnership.engine.loader import load_framework
from accord_partnership.engine.model import Framework

ROOT = Path(__file__).parents[1]
FRAMEWORKS = ROOT / "frameworks"
SEEDS = Path(__file__).parent / "data" / "seeds"  # the source extractions (shared/seeds), kept with the tests so CI checks them

SPORT_ENGLAND_SEED = "000_34ee790314392ea3.txt"
HGIOCLD_SEED = "003_2d4837a385495811.txt"
AUDIT_SEED = "004_5cae90a57be866fc.txt"


def norm(text: str) -> str:
    """Collapse whitespace so line breaks and doubled spaces do not matter."""
    return " ".join(text.split())


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sport_england() -> Framework:
    return load_framework(FRAMEWORKS / "sport-england-csp.toml")


@pytest.fixture(scope="module")
def hgiocld() -> Framework:
    return load_framework(FRAMEWORKS / "hgiocld-3-2.toml")


@pytest.fixture(scope="module")
def audit() -> Framework:
    return load_framework(FRAMEWORKS / "audit-commission-lsp.toml")


def all_texts(framework: Framework) -> list[str]:
    """Every piece of content of a framework, whitespace-normalised."""
    texts = [framework.description]
    for section in framework.sections:
        texts += [section.title, section.intro, section.guidance, *section.notes]
        texts += [example.text for example in section.examples]
        for item in section.items:
            texts += [item.title, item.text, *item.prompts, *item.examples, item.no_means]
            texts += [level.descriptor for level in item.levels]
    for guidance in framework.guidance:
        texts += [guidance.title, guidance.text, *guidance.items]
    return [norm(t) for t in texts if t]


def contains(framework: Framework, sample: str) -> bool:
    sample = norm(sample)
    return any(sample in text for text in all_texts(framework))


# ---------------------------------------------------------------- common


@pytest.mark.parametrize(
    ("name", "framework_id"),
    [
        ("sport-england-csp.toml", "sport-england-csp"),
        ("hgiocld-3-2.toml", "hgiocld-3-2"),
        ("audit-commission-lsp.toml", "audit-commission-lsp"),
    ],
)
def test_loads_with_metadata(name: str, framework_id: str) -> None:
    framework = load_framework(FRAMEWORKS / name)
    assert framework.id == framework_id
    assert framework.version == "1"
    assert framework.description.strip()
    assert framework.attribution.strip()
    assert framework.notes
    assert framework.source.publisher and framework.source.title
    # a year only where the source gives one: Sport England's gives none, and none is invented
    assert (framework.source.year is None) == (framework_id == "sport-england-csp")


# ---------------------------------------------------------------- Sport England


def test_sport_england_structure(sport_england: Framework) -> None:
    f = sport_england
    assert f.title == "County Sports Partnership Self-Assessment: Working with Partners"
    assert f.source.publisher == "Sport England" and f.source.credit == "Sport England"
    assert [s.id for s in f.sections] == ["evidence", "plan", "do", "measure", "review", "impact"]
    assert [s.title for s in f.sections] == ["Main sources of evidence", "PLAN", "DO", "MEASURE", "REVIEW", "IMPACT"]
    assert [len(s.items) for s in f.sections] == [1, 3, 2, 1, 1, 1]
    assert [len(s.examples) for s in f.sections] == [0, 6, 7, 2, 3, 4]
    stages = [s for s in f.sections if s.matrix]
    assert [s.id for s in stages] == ["plan", "do", "measure", "review", "impact"]
    for section in stages:
        assert section.kind == "stage"
        assert section.scale is not None and section.scale.id == "development"
        assert all(item.kind == "criterion" and item.text for item in section.items)
    # the criteria ARE the Challenge column; only the last two columns are the partnership's to fill
    assert [(c.id, c.title, c.editable, c.content) for c in f.matrix_columns] == [
        ("challenge", "Challenge", False, "criteria"),
        ("best-practice", "Examples of Best Practice", False, "examples"),
        ("current", "What we currently do", True, ""),
        ("action", "What action can we take", True, ""),
    ]
    scale = f.scales[0]
    assert (scale.min, scale.max, scale.allow_na) == (1, 5, True)
    assert scale.labels == ("Not in place", "Emerging", "Developing", "Established", "Exemplary")
    assert scale.own == ("labels",)  # Accord's labels, marked wherever shown


def test_sport_england_matrix_columns_match_the_seed(sport_england: Framework) -> None:
    text = seed(SPORT_ENGLAND_SEED)
    # the header row of the source's table: four tab-indented cells, each ending with a colon
    headers = re.findall(r"^\t([^\t\n]+):[ \t]*$", text, re.M)
    assert headers == ["Challenge", "Examples of Best Practice", "What we currently do", "What action can we take"]
    assert [c.title for c in sport_england.matrix_columns] == headers
    assert [c.title for c in sport_england.matrix_columns if c.editable] == headers[2:]


def test_sport_england_evidence_sources_have_a_place(sport_england: Framework) -> None:
    text = seed(SPORT_ENGLAND_SEED)
    assert "Main sources of evidence:" in text
    section = sport_england.section("evidence")
    (item,) = section.items
    assert item.kind == "open" and item.title == "Main sources of evidence"
    assert item.text == "List the main sources of evidence used for the self-assessment"
    assert norm(item.text) in norm(text.replace("self- assessment", "self-assessment"))


def test_sport_england_tags(sport_england: Framework) -> None:
    examples = [e for s in sport_england.sections for e in s.examples]
    items = [i for _, i in sport_england.items()]
    tagged = [e.text for e in examples if "equity" in e.tags] + [i.text for i in items if "equity" in i.tags]
    assert len(tagged) >= 1
    # the tag follows the source's definition: priority communities / audiences / individuals
    for text in tagged:
        assert re.search(r"priority (communities|audiences|individuals)", text)
    for e in examples:
        if re.search(r"priority (communities|audiences|individuals)", e.text):
            assert "equity" in e.tags
    # round-table criteria cannot be recovered from the extraction
    assert not any("round-table" in e.tags for e in examples)
    assert not any("round-table" in i.tags for i in items)


def test_sport_england_intro_guidance_rules(sport_england: Framework) -> None:
    head = sport_england.section("evidence")
    assert "Bold italic green text criteria below, will feature as central to the round table discussions" in head.intro
    assert "List the main sources of evidence used for the self-assessment" == head.items[0].text
    assert [(r.id, r.when, r.threshold) for r in sport_england.rules] == [("low-criterion", "item_mean_below", 3.0)]
    assert sport_england.rules[0].own == ("when",)  # the condition is Accord's, the message the source's


#: sentences that must stand in the sport_england framework word for word (test_verbatim)
SPORT_ENGLAND_SAMPLES = [
    "The CSP has identified its priority partners based on its strategic priorities and its insight and has effective engagement plans in place.",
    "The CSP is a broker with and between partners and other stakeholders to achieve a shared purpose by aligning resources and learning "
    "to achieve greater economies of scale, less duplication, better performance and improved outcomes.",
    "Stakeholder/partner satisfaction is formally measured and openly reported using Net Promoter Score or equivalent and is seen to be "
    "improving and reaching a top quartile level of performance.",
    "There is evidence of mainstreaming things that work and decommissioning things that don’t.",
    "The CSP is firmly in the “Collaboration” space and moving forwards with confidence towards the “Co-Ownership” space.",
    "Bold orange italic text criteria below, are factors that will assess the organisations approach to equity particularly the approach "
    "to increasing physical activity within priority communities and audiences",
]


def test_sport_england_complete_against_seed(sport_england: Framework) -> None:
    text = seed(SPORT_ENGLAND_SEED)
    bullets = [norm(m) for m in re.findall(r"·([^\n]+)", text)]
    # the three explanation bullets at the head of the document go into the first section
    head, examples = bullets[:3], bullets[3:]
    assert len(examples) == 22
    ours = [norm(e.text) for s in sport_england.sections for e in s.examples]
    assert ours == examples
    first = sport_england.section("evidence")
    intro = norm(first.intro + " " + first.items[0].text)
    for line in head:
        assert line.replace("self- assessment", "self-assessment") in intro
    # every criterion paragraph (the text between a stage heading and its first bullet) is a criterion
    criteria = [norm(i.text) for _, i in sport_england.items()]
    for stage in ("PLAN", "DO", "MEASURE", "REVIEW", "IMPACT"):
        block = re.search(rf"\t{stage}\n(.*?)·", text, re.S)
        assert block, stage
        for paragraph in block.group(1).split("\n"):
            # a paragraph's end is its own line; the REVIEW criterion is one two-sentence paragraph
            if paragraph.strip():
                assert norm(paragraph) in criteria, paragraph


# ---------------------------------------------------------------- HGIOCLD


def test_hgiocld_structure(hgiocld: Framework) -> None:
    f = hgiocld
    assert f.title == "How good is our community learning and development? QI 3.2 Partnership working"
    assert (f.source.publisher, f.source.year) == ("Education Scotland", 2021)
    assert [s.id for s in f.sections] == ["themes", "challenge-questions"]
    assert [len(s.items) for s in f.sections] == [3, 12]
    scale = f.scales[0]
    assert scale.id == "six-point"
    assert (scale.min, scale.max, scale.allow_na) == (1, 6, True)
    assert scale.labels == ("unsatisfactory", "weak", "satisfactory", "good", "very good", "excellent")
    assert scale.label(6) == "excellent" and scale.label(5) == "very good" and scale.label(1) == "unsatisfactory"


def test_hgiocld_themes_have_level_5_only(hgiocld: Framework) -> None:
    themes = hgiocld.section("themes")
    assert [i.id for i in themes.items] == ["developing-and-sustaining", "joint-vision-planning-and-evaluation", "adding-value"]
    assert [i.title for i in themes.items] == ["Developing and sustaining", "Joint vision, planning and evaluation", "Adding value"]
    for item in themes.items:
        assert item.kind == "theme"
        assert [lv.score for lv in item.levels] == [1, 2, 3, 4, 5, 6]
        assert item.descriptor(5).strip()
        assert all(not lv.descriptor for lv in item.levels if lv.score != 5)


def test_hgiocld_questions(hgiocld: Framework) -> None:
    questions = hgiocld.section("challenge-questions").items
    assert [q.id for q in questions] == [f"q{n}" for n in range(1, 13)]
    for q in questions:
        assert q.kind == "question"
        assert q.title == q.text and q.text.endswith("?")
    assert {g.id for g in hgiocld.guidance} == {"themes", "scale"}
    assert hgiocld.rules == ()


#: sentences that must stand in the hgiocld framework word for word (test_verbatim)
HGIOCLD_SAMPLES = [
    "We have a positive ethos and highly value collaborative and partnership working.",
    "Together we plan and manage transition or exit strategies from partnership working very well.",
    "All partners are clear about their own and each other’s contribution to partnership working",
    "How effectively do we jointly plan, monitor and evaluate within partnerships?",
]


def test_hgiocld_complete_against_seed(hgiocld: Framework) -> None:
    text = seed(HGIOCLD_SEED)
    numbered = re.findall(r"^\s*(\d+)\. (.+?)\s*$", text, re.M)
    # the extraction repeats the page once
    assert len(numbered) == 24
    questions = [norm(q) for _, q in numbered[:12]]
    assert questions == [norm(q) for _, q in numbered[12:]]
    assert [norm(i.text) for i in hgiocld.section("challenge-questions").items] == questions
    for item in hgiocld.section("themes").items:
        match = re.search(rf"^{re.escape(item.title)}\n\n(.+?)$", text, re.M)
        assert match, item.title
        assert norm(item.descriptor(5)) == norm(match.group(1))


# ---------------------------------------------------------------- Audit Commission

AUDIT_SECTIONS = [
    ("long-term-goals", "The LSP's long-term goals", 3),
    ("leading-the-lsp", "Leading the LSP and creating a culture of working together", 6),
    ("meetings-and-messages", "Meetings and messages", 6),
    ("benefits-of-collaboration", "The benefits of collaboration", 1),
    ("getting-things-done", "Getting things done", 4),
    ("common-frameworks", "Common frameworks", 6),
    ("shared-systems", "Shared systems", 8),
    ("looking-forward", "Looking forward", 1),
]
NO_MEANS = "If the answer is 'no' you should investigate the reasons."


def test_audit_structure(audit: Framework) -> None:
    f = audit
    assert f.title == "Working better together? Self-assessment questions - improving partnership working"
    assert (f.source.publisher, f.source.year) == ("Audit Commission", 2009)
    assert len(f.sections) == 8
    assert [(s.id, s.title, len(s.items)) for s in f.sections] == AUDIT_SECTIONS
    for section in f.sections:
        assert section.kind == "questions"
        assert section.scale is not None and section.scale.id == "how-well"
    assert f.scales[0].labels == ("Very poorly", "Poorly", "Adequately", "Well", "Very well")
    assert f.item_count == 35
    assert sum(len(i.prompts) for _, i in f.items()) == 69


def test_audit_kinds(audit: Framework) -> None:
    kinds: dict[str, list[str]] = {}
    for _, item in audit.items():
        kinds.setdefault(item.kind, []).append(item.id)
        assert item.title == item.text
    assert kinds["yesno"] == ["gtd-4", "cf-1", "cf-2", "ss-6"]
    assert kinds["open"] == ["mm-2", "mm-5", "boc-1", "gtd-1", "ss-1", "lf-1"]
    assert len(kinds["question"]) == 25
    for _, item in audit.items():
        if item.kind == "yesno":
            assert item.no_means == NO_MEANS
            assert not item.levels
        elif item.kind == "question":
            assert re.match(r"How (well|far|robust|developed|effective)\b", item.text)
        else:
            assert item.no_means == ""


def test_audit_heading_placement(audit: Framework) -> None:
    leading = [i.text for i in audit.section("leading-the-lsp").items]
    assert leading[0].startswith("How well do elected members on overview and scrutiny")
    assert leading[-1] == "How well are elected members engaged at board and theme group levels?"
    getting = [i.text for i in audit.section("getting-things-done").items]
    assert getting[0].startswith("How do LSP executive and operational groups use performance information")
    assert getting[-1].startswith("Are partners aligning")


def test_audit_guidance_and_rules(audit: Framework) -> None:
    how_to_use = [g for g in audit.guidance if g.id == "how-to-use"][0]
    assert len(how_to_use.items) == 3
    assert how_to_use.items[2].endswith(NO_MEANS)
    assert [(r.id, r.when, r.message) for r in audit.rules] == [
        ("answered-no", "yes_no_answered_no", NO_MEANS),
        ("low-question", "item_mean_below", "You can use these questions to identify issues for further investigation."),
    ]
    assert audit.rules[1].threshold == 3.0
    assert not any("??" in text for text in all_texts(audit))


#: sentences that must stand in the audit framework word for word (test_verbatim)
AUDIT_SAMPLES = [
    "How can partners use Count Once Use Numerous Times as a principle for improving information use?",
    "What aspects of the physical location or arrangement of meetings can be improved to emphasise a collaborative culture?",
    "Could it use social network analysis to improve communications between partner organisations?",
    "How robust is your LSP's (and partners) approach to delivering performance against LAA targets?",
    "You can evaluate internally (against the LSP's own plans and goals) and externally (against the performance of other LSPs).",
]


def test_audit_complete_against_seed(audit: Framework) -> None:
    text = seed(AUDIT_SEED).replace("??", "?")
    start = text.index("The LSP's long-term goals")
    end = text.index("Further information")
    questions: list[str] = []
    prompts: list[str] = []
    for line in text[start:end].splitlines():
        if line.startswith("- "):
            questions.append(norm(line[2:]))
        elif line.startswith(" - "):
            prompts.append(norm(line[3:]))
    assert len(questions) == 35 and len(prompts) == 69
    ours_questions = [norm(i.title) for _, i in audit.items()]
    ours_prompts = [norm(p) for _, i in audit.items() for p in i.prompts]
    assert sorted(ours_questions) == sorted(questions)
    assert sorted(ours_prompts) == sorted(prompts)
    # the order of prompts within each question is the extraction's order
    lines = [norm(line.lstrip(" -")) for line in text[start:end].splitlines() if line.lstrip().startswith("- ")]
    for _, item in audit.items():
        at = lines.index(norm(item.title))
        assert lines[at + 1 : at + 1 + len(item.prompts)] == [norm(p) for p in item.prompts]
    # the three introductory paragraphs are in the how-to-use guidance, verbatim
    how_to_use = [norm(i) for g in audit.guidance if g.id == "how-to-use" for i in g.items]
    for number in ("1", "2", "3"):
        match = re.search(rf"- {number}\*\* (.+)$", text, re.M)
        assert match
        assert norm(match.group(1).replace("*", "")) == how_to_use[int(number) - 1]


@pytest.mark.parametrize(
    ("framework", "sample"),
    [(fixture, sample) for fixture, samples in
     (("sport_england", SPORT_ENGLAND_SAMPLES), ("hgiocld", HGIOCLD_SAMPLES), ("audit", AUDIT_SAMPLES)) for sample in samples],
)
def test_verbatim(request: pytest.FixtureRequest, framework: str, sample: str) -> None:
    assert contains(request.getfixturevalue(framework), sample)
