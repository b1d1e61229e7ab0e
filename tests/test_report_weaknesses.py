"""The report's "key areas of weakness" list never gives an all-clear for figures that are withheld
(D17): one source (exports.report_common) for Markdown, HTML and Word."""

from __future__ import annotations

import pytest

from accord_partnership.tui.cli import main

FW = "scsn-csp"
TRUST = ("partnership-working", "trust")
EVIDENCE = ("focus-impact", "evidence")


def _folder(tmp_path, write_bundle, members):
    folder = tmp_path / "round"
    folder.mkdir()
    for m, answers in enumerate(members):
        write_bundle(FW, answers={k: {"score": v} for k, v in answers.items()}, path=folder / f"m{m}.toml", respondent=f"M{m}")
    return folder


def _texts(folder, tmp_path):
    import docx

    out = {}
    for fmt in ("md", "html", "docx"):
        path = tmp_path / f"r.{fmt}"
        assert main(["report", str(folder), "--format", fmt, "--out", str(path), "--force", "--date", "2026-11-30"]) == 0
        if fmt == "docx":
            out[fmt] = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        else:
            out[fmt] = path.read_text(encoding="utf-8")
        out[fmt] = out[fmt].split("The key areas of weakness are currently:", 1)[1][:600]
    return out


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_figure_withheld_is_not_an_all_clear(tmp_path, write_bundle, fmt):
    folder = _folder(tmp_path, write_bundle, [{TRUST: 1, EVIDENCE: 1}, {TRUST: 2, EVIDENCE: 1}])
    text = _texts(folder, tmp_path)[fmt]
    assert "scores below" not in text
    assert "Not known yet: every figure is withheld" in text and "only 2 answer sets so far" in text


def test_a_scorecard_whose_every_feature_is_withheld_is_listed_as_not_known(tmp_path, write_bundle):
    # trust answered by 3 (shown, 4.0: no weakness); evidence by 2 (withheld): Focus and Impact is not known
    folder = _folder(tmp_path, write_bundle, [{TRUST: 4, EVIDENCE: 1}, {TRUST: 4, EVIDENCE: 1}, {TRUST: 4}])
    texts = _texts(folder, tmp_path)
    for fmt, text in texts.items():
        assert "Focus and Impact: not known yet, every feature is withheld (fewer than 3 answers)" in text, fmt
        assert "No feature scores below" not in text, fmt
