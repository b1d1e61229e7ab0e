"""Question codes for a framework in a survey tool (LimeSurvey), the one table both ways.

`accord show FRAMEWORK --format limesurvey` names every question with these codes and `accord
import` maps a LimeSurvey response export headed by them (its "question code" headings, the API's
default) back to the same items, so the round trip is exact.

- Each section gets a code from its title's initials (`Partnership Working` -> `PW`), made unique
  with a digit; rated items are one LimeSurvey Array question per section with subquestions
  `SQ001`, `SQ002`... numbered by the item's place in the section: heading `PW[SQ001]`.
- Evidence notes for the rated items: a multiple-short-text question `<code>N`, heading
  `PWN[SQ001]`.
- Yes/no and open items are questions of their own: `<code>Q03` (the item's place).
- The member's details: `NAME`, `EMAIL`, `ROLE`.
- Answer codes: `A1`...`A5` for the scale's points (LimeSurvey's own default style), `NA` for N/A;
  yes/no questions answer `Y` / `N`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord_partnership.engine.model import Framework, Item, Section

DETAIL_CODES = {"NAME": "respondent", "EMAIL": "email", "ROLE": "role"}
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "a", "an", "in", "to", "on", "with", "our", "your"})
_CODE_HEADING = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{0,19})(?:\[([A-Za-z0-9_]{1,20})\])?(?:\s*[.:]\s+.*)?\s*$", re.DOTALL)


#: The same code as R and SPSS exports (and older LimeSurvey CSV) write it: `PW_SQ001`.
_UNDERSCORE_CODE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{0,19})_(SQ[0-9]{3})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CodeTarget:
    role: str  # "item" or "comment"
    section: Section
    item: Item


def section_codes(framework: Framework) -> dict[str, str]:
    """Section id -> its code (letters and digits, starting with a letter, at most 10)."""
    taken = set(DETAIL_CODES)
    codes: dict[str, str] = {}
    for section in framework.sections:
        words = [w for w in re.findall(r"[A-Za-z0-9]+", section.title) if w.casefold() not in _SMALL_WORDS]
        base = "".join(w[0] for w in words).upper()[:8] or "S"
        if not base[0].isalpha():
            base = "S" + base
        code, n = base, 1
        while code in taken or code + "N" in taken:
            n += 1
            code = f"{base}{n}"
        taken.update({code, code + "N"})
        codes[section.id] = code
    return codes


def subquestion_code(position: int) -> str:
    """The subquestion code of the item at 1-based `position` in its section."""
    return f"SQ{position:03d}"


def own_question_code(section_code: str, position: int) -> str:
    return f"{section_code}Q{position:02d}"


def code_table(framework: Framework) -> dict[str, CodeTarget | str]:
    """Every response-export heading code (upper case) -> its item/comment, or a detail role."""
    table: dict[str, CodeTarget | str] = dict(DETAIL_CODES)
    codes = section_codes(framework)
    for section in framework.sections:
        code = codes[section.id]
        for position, item in enumerate(section.items, 1):
            if item.rated:
                table[f"{code}[{subquestion_code(position)}]"] = CodeTarget("item", section, item)
                table[f"{code}N[{subquestion_code(position)}]"] = CodeTarget("comment", section, item)
            else:
                table[own_question_code(code, position)] = CodeTarget("item", section, item)
    return table


def lookup_code(table: dict[str, CodeTarget | str], heading: str) -> CodeTarget | str | None:
    """The target of a heading such as `PW[SQ001]` or `PW[SQ001]. Rate each feature [Trust]`."""
    match = _CODE_HEADING.match(heading) or _UNDERSCORE_CODE.match(heading)
    if not match:
        return None
    key = match.group(1).upper() + (f"[{match.group(2).upper()}]" if match.group(2) else "")
    return table.get(key)


def answer_code_score(cell: str) -> int | None:
    """LimeSurvey's default answer codes `A1`..`A99` as the score they stand for."""
    match = re.fullmatch(r"[Aa](\d{1,2})", cell.strip())
    return int(match.group(1)) if match else None
