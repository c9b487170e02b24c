"""The shipped rating scales and the scale file format users write their own scales in."""

from __future__ import annotations

import json

import pytest

from factdesk.errors import BadInput
from factdesk.scales import builtin_scales, scale_from_json, scale_to_json


def _contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of `colour` against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def _scales() -> dict:
    return {scale.id: scale for scale in builtin_scales()}


def test_builtin_scales_are_the_five_asked_for():
    scales = _scales()
    assert list(scales) == ["politifact", "five-point", "snopes", "pinocchios", "conclusion"]
    assert all(scale.builtin for scale in scales.values())
    assert [level.label for level in scales["politifact"].levels] == [
        "True",
        "Mostly True",
        "Half True",
        "Mostly False",
        "False",
        "Pants on Fire",
    ]
    snopes = {level.label for level in scales["snopes"].levels}
    assert {"True", "Mostly True", "Mixture", "Mostly False", "False", "Unproven"} <= snopes
    assert {"Outdated", "Miscaptioned", "Correct Attribution", "Misattributed"} <= snopes
    assert scales["pinocchios"].level("four pinocchios") is not None
    assert scales["conclusion"].levels == []


def test_ordinal_scales_run_from_true_down_and_others_have_no_value():
    scales = _scales()
    for scale_id in ("politifact", "five-point"):
        values = [level.value for level in scales[scale_id].levels]
        assert scales[scale_id].numeric
        assert values == sorted(values, reverse=True)
        assert values[-1] == 1
    assert scales["snopes"].level("True").value == 5
    assert scales["snopes"].level("False").value == 1
    assert scales["snopes"].level("Unproven").value is None
    assert scales["snopes"].level("Outdated").value is None
    assert not scales["snopes"].numeric
    assert scales["pinocchios"].level("Geppetto Checkmark").value == 5


def test_every_level_has_a_definition_and_a_colour_readable_on_white():
    for scale in builtin_scales():
        assert scale.name and scale.description
        for level in scale.levels:
            assert len(level.definition) > 10, (scale.id, level.label)
            assert _contrast_on_white(level.colour) >= 4.5, (scale.id, level.label)


def test_true_is_green_and_false_is_red():
    politifact = _scales()["politifact"]
    true, false = politifact.level("True").colour, politifact.level("False").colour
    assert int(true[3:5], 16) > int(true[1:3], 16)  # more green than red
    assert int(false[1:3], 16) > int(false[3:5], 16)  # more red than green


@pytest.mark.parametrize("scale", builtin_scales(), ids=lambda scale: scale.id)
def test_scale_round_trips_through_json(scale):
    again = scale_from_json(scale_to_json(scale), source="copy.json")
    assert again.id == scale.id
    assert again.levels == scale.levels
    assert again.description == scale.description
    assert again.builtin is False


def test_users_own_scale_is_read():
    text = json.dumps(
        {
            "id": "traffic-light",
            "name": "Traffic light",
            "levels": [
                {"label": "Green", "value": 3, "colour": "#1A7F37"},
                {"label": "Amber", "value": 2, "colour": "#8a6d00", "definition": "Doubtful."},
                {"label": "Red", "value": 1},
            ],
        }
    )
    scale = scale_from_json(text, source="traffic.json")
    assert scale.id == "traffic-light"
    assert scale.level("2").label == "Amber"
    assert scale.level("green").colour == "#1a7f37"
    assert scale.level("Red").colour == "#888888"
    assert scale.numeric


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"id": "Bad Id", "name": "x", "levels": []}', "id must be a short slug"),
        ('{"id": "ok", "levels": []}', "name must be a non-empty string"),
        ('{"id": "ok", "name": "x"}', "levels must be a list"),
        ('{"id": "ok", "name": "x", "levels": [], "colour": "#000000"}', "unknown field 'colour'"),
        ('{"id": "ok", "name": "x", "levels": ["True"]}', "level 1 must be an object"),
        ('{"id": "ok", "name": "x", "levels": [{"value": 1}]}', "level 1: label"),
        (
            '{"id": "ok", "name": "x", "levels": [{"label": "A"}, {"label": "a"}]}',
            "level 2: label 'a' appears twice",
        ),
        ('{"id": "ok", "name": "x", "levels": [{"label": "3"}]}', "must not be a bare number"),
        ('{"id": "ok", "name": "x", "levels": [{"label": "A", "value": "5"}]}', "value must be"),
        ('{"id": "ok", "name": "x", "levels": [{"label": "A", "value": true}]}', "value must be"),
        ('{"id": "ok", "name": "x", "levels": [{"label": "A", "value": NaN}]}', "value must be"),
        ('{"id": "ok", "name": "x", "levels": [{"label": "A", "colour": "red"}]}', "hex colour"),
        ('{"id": "ok", "name": "x", "levels": [{"label": "A", "valeu": 1}]}', "unknown field"),
    ],
)
def test_bad_scale_files_are_refused_with_the_file_and_problem(text, problem):
    with pytest.raises(BadInput) as caught:
        scale_from_json(text, source="mine.json")
    message = str(caught.value)
    assert message.startswith("mine.json: ")
    assert problem in message
    assert "\n" not in message
