"""Who is expected to respond, and who has: the coordinator sees who completed, never how.

A roster is a plain text file, one expected member per line: a name, an email address, or both as
`Name <email>`. Blank lines and `#` comments are ignored. Merged results list who completed in the
same `Name <email>` form (`person_label`), so the two can be matched without ever touching scores.
Anonymous bundles count towards the totals but match no roster line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.textio import read_text

#: Typographic apostrophes and quotes (Word and phones type them) read as the plain ones in names.
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_ANGLE = re.compile(r"^(.*?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$")


def person_label(name: str, email: str) -> str:
    """How a respondent is listed among those who completed: `Name <email>`, `Name` or `email`."""
    name, email = " ".join(name.split()), email.strip()
    if name and email:
        return f"{name} <{email}>"
    return name or email


def parse_person(text: str) -> tuple[str, str]:
    """(name, email) from a roster line or a `completed` entry."""
    text = " ".join(text.split())
    match = _ANGLE.match(text)
    if match:
        return match.group(1).strip().strip('"'), match.group(2)
    if "@" in text and " " not in text:
        return "", text
    return text, ""


def identity_key(name: str, email: str) -> str | None:
    """The same-respondent key: the email if given, else the name (case-insensitive, and typographic
    apostrophes and quotes as plain ones: O’Neill is O'Neill); None if anonymous."""
    email = email.strip().casefold()
    if email:
        return "email:" + email
    name = " ".join(unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).split()).casefold()
    if name:
        return "name:" + name
    return None


@dataclass(frozen=True)
class RosterEntry:
    line: int
    text: str
    name: str
    email: str

    def matches(self, name: str, email: str) -> bool:
        if self.email and email and self.email.casefold() == email.strip().casefold():
            return True
        return bool(self.name and name and self.name.casefold() == " ".join(name.split()).casefold())


def parse_roster(text: str) -> list[RosterEntry]:
    entries: list[RosterEntry] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        name, email = parse_person(line)
        key = (email or name).casefold()
        if key in seen:  # the same person listed twice is still one person
            continue
        seen.add(key)
        entries.append(RosterEntry(number, line, name, email))
    return entries


def load_roster(path: str | Path) -> list[RosterEntry]:
    entries = parse_roster(read_text(path, AccordError))
    if not entries:
        raise AccordError("roster lists nobody (one name or email per line)", path)
    return entries


@dataclass
class Completion:
    """Who has returned a bundle, measured against a roster (names only; no scores anywhere)."""

    respondents: int  # bundles counted, named and anonymous
    anonymous: int
    completed: list[str]  # `Name <email>` labels of named respondents
    expected: int = 0  # roster size (0 without a roster)
    done: list[str] = field(default_factory=list)  # roster lines with a matching bundle
    missing: list[str] = field(default_factory=list)  # roster lines with none yet
    unlisted: list[str] = field(default_factory=list)  # named respondents not on the roster

    def summary(self) -> str:
        anon = f", {self.anonymous} anonymous" if self.anonymous else ""
        text = f"{self.respondents} bundle{'s' if self.respondents != 1 else ''} returned{anon}"
        if self.expected:
            text += f"; {len(self.done)} of {self.expected} on the roster have completed, {len(self.missing)} not yet"
        return text


def completion(completed: list[str], respondents: int, anonymous: int, roster: list[RosterEntry] | None = None) -> Completion:
    result = Completion(respondents=respondents, anonymous=anonymous, completed=list(completed))
    if roster is None:
        return result
    people = [parse_person(label) for label in completed]
    matched_people: set[int] = set()
    result.expected = len(roster)
    for entry in roster:
        hits = [i for i, (name, email) in enumerate(people) if entry.matches(name, email)]
        if hits:
            result.done.append(entry.text)
            matched_people.update(hits)
        else:
            result.missing.append(entry.text)
    result.unlisted = [completed[i] for i in range(len(completed)) if i not in matched_people]
    return result
