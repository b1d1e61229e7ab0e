"""A SMART check of an action, drawn from SCSN Tool 2 ("Ten Steps to SMART Objectives").

`smart_check(action)` names what is missing — who does it, what exactly, how it will be measured,
by when, with what resources — as short messages; `smart_issues` adds a hint quoting Tool 2 where
its wording fits. A complete action has no messages. Pure logic, no Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Mapping
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from accord_partnership.engine.plan import Action

#: what the check reads: an action, or a mapping of its fields (a plan file's table, a form's values)
ActionLike = Union["Action", Mapping[str, object]]

#: Fewer words than this and "what exactly" is too vague to act on.
MIN_WORDS = 4

# Verbs that open (or appear in) typical partnership actions. A word ending in -ise/-ize/-ify/-ate
# also counts, so the list need not be complete; the check is a prompt, not a grammar test.
_VERBS = frozenset(
    """
    add adopt agree align allocate analyse appoint arrange assess assign attend audit brief build bring
    buy call carry celebrate chair change check circulate clarify collect commission communicate compare
    complete conduct confirm consult contact continue co-ordinate coordinate create cut deliver design
    develop devise discuss distribute do draft draw embed encourage end engage ensure establish evaluate
    examine expand explore extend find fix focus follow form fund gather get give hold host identify
    implement improve include increase induct inform introduce invite involve issue join keep launch lead
    link list make manage map measure meet mentor monitor move name nominate offer open organise pilot
    plan pool prepare present produce promote provide publish put raise recruit redesign reduce refresh
    report research reshape restructure revise review revisit rewrite run schedule secure seek select send
    set share shorten show sign simplify speak spread start stop streamline strengthen submit support
    survey take test track train trial undertake update use visit work write
    """.split()
)
_VERB_ENDINGS = ("ise", "ize", "ify", "ate", "ised", "ized")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# Tool 2's own words, quoted where they fit each missing piece.
TOOL2_MEASURABLE = (
    "Measurable is the most important consideration. You will know that you've achieved your objective, "
    "because here is the evidence. Others will know too! Make sure you state how you will record your success."
)
TOOL2_WHO = "You need to know: who's going to do it? ... who carries the can?"
TOOL2_TIMELY = (
    "Timely means setting deadlines. You must include one, otherwise your objective isn't measurable. "
    "But your deadlines must be realistic, or the task isn't achievable."
)
TOOL2_SPECIFIC = (
    "The devil is in the specific detail. You will know your objective is specific enough if: everyone who's "
    "involved knows that it includes them specifically; everyone involved can understand it."
)
TOOL2_RESOURCES = (
    "How can I decide if it's achievable? ... you have the necessary resources, or at least a realistic "
    "chance of getting them. ... where's the money coming from?"
)


@dataclass(frozen=True)
class SmartIssue:
    """One missing piece: `key` is who/what/measured/when/resources."""

    key: str
    message: str
    hint: str = ""


def _get(action: ActionLike, name: str) -> object:
    return action.get(name) if isinstance(action, Mapping) else getattr(action, name, None)


def _text(action: ActionLike, name: str) -> str:
    value = _get(action, name)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value).strip()
    return str(value).strip()


def has_verb(text: str) -> bool:
    """Whether `text` has a word that says what will be done: a listed verb, a simple inflection of
    one ("holding", "reviews", "agreed") or a word ending in -ise/-ize/-ify/-ate. Each distinct word
    is judged once (cached), so checking a long action again as each key is typed stays cheap."""
    return any(_is_verb(w.lower()) for w in _WORD.findall(text))


@lru_cache(maxsize=4096)
def _is_verb(word: str) -> bool:
    word = word.strip("'-")
    if word in _VERBS or any(word.endswith(e) and len(word) > len(e) + 2 for e in _VERB_ENDINGS):
        return True
    return any(word.endswith(suffix) and word[: -len(suffix)] in _VERBS for suffix in ("ing", "s", "ed", "d"))


def smart_issues(action: ActionLike, *, min_words: int = MIN_WORDS) -> list[SmartIssue]:
    """What the action is missing, in Tool 2's order of importance (measured first)."""
    issues: list[SmartIssue] = []
    what = _text(action, "action")
    words = _WORD.findall(what)
    if not (_text(action, "kpi") or _text(action, "target") or _text(action, "score_at_target")):
        issues.append(SmartIssue("measured", "Measured: no KPI or target score", TOOL2_MEASURABLE))
    if not (_text(action, "responsibility") or _text(action, "lead_partners")):
        issues.append(SmartIssue("who", "Who: no one is responsible", TOOL2_WHO))
    if not (_text(action, "date_of_completion") or _text(action, "timescale")):
        issues.append(SmartIssue("when", "When: no date of completion or timescale", TOOL2_TIMELY))
    if not words:
        issues.append(SmartIssue("what", "What exactly: no action written", TOOL2_SPECIFIC))
    elif len(words) < min_words:
        issues.append(SmartIssue("what", f"What exactly: the action is too vague (fewer than {min_words} words)", TOOL2_SPECIFIC))
    elif not has_verb(what):
        issues.append(SmartIssue("what", "What exactly: the action is too vague (no verb saying what will be done)", TOOL2_SPECIFIC))
    if not _text(action, "resources"):
        issues.append(SmartIssue("resources", "Resources: none named", TOOL2_RESOURCES))
    return issues


def smart_check(action: ActionLike, *, min_words: int = MIN_WORDS) -> list[str]:
    """Missing-piece messages for an action (an `engine.plan.Action` or a dict of its fields)."""
    return [issue.message for issue in smart_issues(action, min_words=min_words)]
