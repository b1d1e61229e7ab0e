"""Each framework validation error: its own test, asserting the message and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord_partnership.engine.errors import FrameworkError
from accord_partnership.engine.loader import load_framework

MINI = (Path(__file__).parent / "data" / "frameworks" / "mini.toml").read_text()


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    count = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            count += 1
            if count == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def _fails(tmp_path: Path, text: str) -> FrameworkError:
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    error = info.value
    assert error.path == str(path)
    assert str(error).startswith(f"{path}:")
    return error


def test_the_fixture_itself_loads():
    fw = load_framework(Path(__file__).parent / "data" / "frameworks" / "mini.toml")
    assert [s.id for s in fw.sections] == ["alpha", "beta"]


def test_toml_syntax_error_names_the_line(tmp_path):
    text = MINI.replace('title = "One"', 'title = "One')
    error = _fails(tmp_path, text)
    assert "invalid TOML" in error.message
    assert error.line == _line_of(text, 'title = "One')


def test_unknown_key(tmp_path):
    text = MINI.replace('title = "Two"', 'title = "Two"\ncolour = "green"')
    error = _fails(tmp_path, text)
    assert "unknown key 'colour'" in error.message
    assert error.line == _line_of(text, "colour")


def test_unknown_top_level_key(tmp_path):
    text = "publisher = 'x'\n" + MINI
    error = _fails(tmp_path, text)
    assert "unknown key 'publisher' in the framework" in error.message
    assert error.line == 1


def test_missing_required_key(tmp_path):
    text = MINI.replace('attribution = "Written for Accord\'s tests."\n', "")
    error = _fails(tmp_path, text)
    assert error.message == "missing required key 'attribution' in the framework"


def test_wrong_type(tmp_path):
    text = MINI.replace("year = 2026", 'year = "2026"')
    error = _fails(tmp_path, text)
    assert "'year' in [source] must be a whole number" in error.message
    assert error.line == _line_of(text, "year =")


def test_wrong_number_of_levels(tmp_path):
    text = MINI.replace('descriptors = ["b1", "b2", "b3", "b4", "b5"]', 'descriptors = ["b1", "b2", "b3", "b4"]')
    error = _fails(tmp_path, text)
    assert error.message == "feature 'two' has 4 descriptors but scale 'five' has 5 levels"
    assert error.line == _line_of(text, '"b1", "b2"')


def test_missing_descriptors(tmp_path):
    text = MINI.replace('descriptors = ["b1", "b2", "b3", "b4", "b5"]\n', "")
    error = _fails(tmp_path, text)
    assert "feature 'two' needs 'descriptors'" in error.message
    # the item's table header: where the incomplete item starts
    assert error.line == _line_of(text, 'id = "two"') - 1


def test_empty_descriptor(tmp_path):
    text = MINI.replace('"b3"', '"  "')
    error = _fails(tmp_path, text)
    assert error.message == "feature 'two': descriptor for level 3 is empty"


def test_duplicate_item_id(tmp_path):
    text = MINI.replace('id = "two"', 'id = "one"')
    error = _fails(tmp_path, text)
    assert "duplicate item (in section 'alpha') id 'one'" in error.message
    assert error.line == _line_of(text, 'id = "one"', occurrence=2)


def test_duplicate_section_id(tmp_path):
    text = MINI.replace('id = "beta"', 'id = "alpha"')
    error = _fails(tmp_path, text)
    assert "duplicate section id 'alpha'" in error.message
    assert error.line == _line_of(text, 'id = "alpha"', occurrence=2)


def test_dangling_tool_link(tmp_path):
    text = MINI.replace('tools = ["tool-1"]', 'tools = ["tool-9"]')
    error = _fails(tmp_path, text)
    assert error.message == "section 'alpha' links to unknown tool 'tool-9'"
    assert error.line == _line_of(text, 'tools = ["tool-9"]')


def test_unknown_scale(tmp_path):
    text = MINI.replace('scale = "five"\ntools', 'scale = "seven"\ntools')
    error = _fails(tmp_path, text)
    assert error.message == "section 'alpha' uses unknown scale 'seven'"
    assert error.line == _line_of(text, 'scale = "seven"')


def test_scale_label_count(tmp_path):
    text = MINI.replace('labels = ["Very poor", "Poor", "Fair", "Good", "Very good"]', 'labels = ["Very poor", "Poor"]')
    error = _fails(tmp_path, text)
    assert error.message == "scale 'five' has 5 points (1-5) but 2 labels"
    assert error.line == _line_of(text, "labels =")


def test_unknown_item_kind(tmp_path):
    text = MINI.replace('kind = "yesno"', 'kind = "maybe"')
    error = _fails(tmp_path, text)
    assert "item 'yn': unknown kind 'maybe'" in error.message
    assert error.line == _line_of(text, 'kind = "maybe"')


def test_unknown_rule_condition(tmp_path):
    text = MINI.replace('when = "item_mean_below"', 'when = "moon_is_full"')
    error = _fails(tmp_path, text)
    assert "rule 'low': unknown condition 'moon_is_full'" in error.message
    assert error.line == _line_of(text, "moon_is_full")


def test_rule_names_unknown_section(tmp_path):
    text = MINI.replace('when = "item_mean_below"', 'when = "item_mean_below"\nsection = "gamma"')
    error = _fails(tmp_path, text)
    assert error.message == "rule 'low' names unknown section 'gamma'"
    assert error.line == _line_of(text, 'section = "gamma"')


def test_descriptors_on_yes_no_item(tmp_path):
    text = MINI.replace('no_means = "Investigate the reasons."', 'no_means = "Investigate the reasons."\ndescriptors = ["a", "b"]')
    error = _fails(tmp_path, text)
    assert error.message == "item 'yn' is yesno and cannot have descriptors"


def test_rated_item_without_scale(tmp_path):
    text = MINI.replace('kind = "questions"\nscale = "five"', 'kind = "questions"')
    error = _fails(tmp_path, text)
    assert error.message == "item 'q' is rated (question) but section 'beta' has no scale"


def test_unsupported_format(tmp_path):
    text = MINI.replace("format = 1", "format = 9")
    error = _fails(tmp_path, text)
    assert "unsupported framework format 9" in error.message
    assert error.line == 1


def test_sparse_descriptor_outside_scale(tmp_path):
    text = MINI.replace('prompts = ["Really?"]', 'prompts = ["Really?"]\ndescriptors = { 7 = "seven" }')
    error = _fails(tmp_path, text)
    assert error.message == "item 'q': descriptor for level 7 is outside scale 'five' (1-5)"


def test_invalid_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(MINI.replace("Mini framework", "Mini caf\u00e9").encode("latin-1"))
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    assert "not valid UTF-8" in info.value.message
    assert info.value.line == 3


def test_empty_file(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("")
    with pytest.raises(FrameworkError, match="file is empty"):
        load_framework(path)


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(FrameworkError, match="is a directory"):
        load_framework(tmp_path)
