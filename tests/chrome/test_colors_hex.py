"""The page frame's colours: a clinic's ``#RRGGBB`` is made without ReportLab's expression evaluator."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handouts.layout import pages


@given(st.text("0123456789abcdefABCDEF", min_size=6, max_size=6))
def test_a_hex_colour_is_the_one_tocolor_gives(digits: str) -> None:
    """``#RRGGBB`` is made by ``HexColor`` directly: the colour ``toColor`` gives (after trying it as
    CSS, a name, a literal and an expression), so the frame's operators are the same bytes."""
    from reportlab.lib.colors import toColor

    spec = f"#{digits}"
    ours, theirs = pages._color(spec), toColor(spec)
    assert type(ours) is type(theirs) and ours.rgba() == theirs.rgba()


def test_another_spec_still_goes_to_tocolor() -> None:
    assert pages._color("red").rgb() == (1.0, 0.0, 0.0)
