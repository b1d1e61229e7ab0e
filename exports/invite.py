"""The members' instructions: an email the coordinator can paste, adapted from the toolkit's own.

Accord's own instructions say how to take part with Accord: install and run it, choose the
framework, that no email address is needed, what stays anonymous (the coordinator sees who
completed but not how anyone answered), the deadline, and how to return the file.

If the framework has a `[[guidance]]` block with id `member-instructions` (the SCSN toolkit's
"Instructions for Members") it is quoted verbatim. When the block describes the toolkit's
original online process (`original_process = true`: web links, "We require you to enter your
email address", the 'email me my results' button) it is quoted after Accord's instructions, under
a heading that says so, so the two are never confused. What stays anonymous includes the one
limit: whoever can read the drop folder between two returns learns what the newest added. Plain text, wrapped at 72 columns.
"""

from __future__ import annotations

import textwrap
from datetime import date

from accord_partnership.engine.model import Framework
from accord_partnership.exports.textsafe import visible

WIDTH = 72
MEMBER_INSTRUCTIONS_ID = "member-instructions"


def _para(text: str, *, indent: str = "", first: str | None = None) -> list[str]:
    """Wrap one paragraph; long words (paths, addresses) are never broken."""
    text = " ".join(text.split())
    if not text:
        return [indent.rstrip()] if indent.strip() else [""]
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _quoted(text: str) -> list[str]:
    """A verbatim block from the toolkit, each paragraph wrapped and marked with "> "."""
    out: list[str] = []
    for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if n:
            out.append(">")
        out += _para(paragraph, indent="> ")
    return out


def deadline_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def invite_text(
    framework: Framework,
    *,
    deadline: date,
    how_to_return: str,
    partnership: str = "",
    drop_folder: str = "",
) -> str:
    """The invitation as plain text, ready to paste into an email."""
    when = deadline_words(deadline)
    who = partnership.strip() or "Our partnership"
    private = [s for s in framework.sections if s.private]
    shared = [s for s in framework.sections if not s.private]
    subject = f"Subject: {framework.title}: please complete by {when}"
    if len(subject) > WIDTH:
        subject = f"Subject: {partnership.strip() + ' ' if partnership.strip() else ''}self-assessment: please complete by {when}"
    if len(subject) > WIDTH:
        subject = f"Subject: Self-assessment: please complete by {when}"
    lines: list[str] = [subject, "", "Dear colleagues,", ""]
    lines += _para(
        f"{who} is carrying out a self-assessment with the {framework.title} "
        f"({framework.source.credit}). Please take part: "
        f"it takes about {framework.minutes_estimate()} minutes, and you can stop and carry on later."
    )
    guidance = next((g for g in framework.guidance if g.id == MEMBER_INSTRUCTIONS_ID), None)
    quoted: list[str] = []
    if guidance is not None and (guidance.text.strip() or guidance.items):
        body = guidance.text.strip()
        if guidance.items:
            body += "\n\n" + "\n\n".join(f"- {item}" for item in guidance.items)
        quoted = _quoted(body)
    original = guidance is not None and guidance.original_process and bool(quoted)
    if quoted and not original:
        lines += ["", *_para(f"From the toolkit's \"{guidance.title}\":"), "", *quoted, ""]  # type: ignore[union-attr]
        lines += _para("We are using Accord, a program that runs the assessment on your own computer. This is how to take part:")
    else:
        lines += ["", *_para("We are using Accord, a program that runs the assessment on your own computer. This is how to take part:")]

    steps = [
        "Install Accord if you do not have it yet (ask me if you need help), then run `accord` in a terminal.",
        f"Choose \"{framework.title}\" (framework id `{framework.id}`) and answer each "
        + ("scorecard" if any(s.kind == "scorecard" for s in shared) else "section")
        + ". Accord saves as you go; you can add a note with evidence for any answer"
        + (", and choose N/A where an item does not apply to you." if any(s.scale and s.scale.allow_na for s in shared) else "."),
        "You do not need to give an email address: your name, email and role are optional. Accord sends no "
        "email; your answers stay in your own file, and your own summary (press s) shows your scores at any time.",
        "Your scores are anonymous. `accord submit` puts your answers in the drop folder without your name, email "
        "or any time, and your name separately in a list of who has returned, so I can see who has completed, but not how "
        "anyone responded. The partnership's results show only counts, averages and spreads of at least three people's "
        "answers, never a score next to a name. Notes are shown without names, and only if we decide to include them: "
        "leave your name out of them. One limit remains: the drop folder's files are anonymous but not secret. "
        "Anyone who can read the folder (I can, and so can members who return to it) and looks before and after "
        "your return could see which answers are yours, and the very first return is alone in it. So I will open "
        "the folder only after the deadline, once at least three people have returned; please do not open other "
        "people's returns. Submit again from the same computer to correct your answers.",
    ]
    if private:
        names = ", ".join(f"\"{s.title}\"" for s in private)
        verb = "is" if len(private) == 1 else "are"
        steps.append(f"{names} {verb} private: those answers stay in your own file and are left out when you submit it.")
    steps.append(f"Please finish by {when}.")
    lines.append("")
    for n, step in enumerate(steps, 1):
        prefix = f"{n}. "
        lines += _para(step, indent=" " * len(prefix), first=prefix)
        lines.append("")
    n = len(steps) + 1
    prefix = f"{n}. "
    indent = " " * len(prefix)
    lines += _para(
        f"Return your file: {how_to_return.strip().rstrip('.')}. If that is a folder you can reach "
        "(a shared drive), this command returns your answers there, anonymously (run it again to correct them):",
        indent=indent,
        first=prefix,
    )
    lines += ["", f"{indent}    accord submit FILE {drop_folder or 'FOLDER'}", ""]
    lines += _para("FILE is your assessment: Accord shows where it saved it.", indent=indent)
    lines.append("")
    lines += _para("Thank you. Once everyone has returned their file I will share the partnership's results and we will discuss them together.")
    lines += ["", "Self-assessment coordinator"]
    if original:
        lines += ["", "-" * WIDTH, ""]
        lines += _para(
            f"For reference, the toolkit's own \"{guidance.title}\" follow. They describe the toolkit's "  # type: ignore[union-attr]
            "original online scorecards (web links, an email address, an 'email me my results' button). "
            "We are not using that online process: follow the steps above instead."
        )
        lines += ["", *quoted]
    return visible("\n".join(lines)).rstrip() + "\n"
