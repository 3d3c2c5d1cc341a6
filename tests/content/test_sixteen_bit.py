"""A 16-bit grey PNG (a scan, an X-ray, a diagram exported at 16 bits) prints its greys: Pillow's
``convert("RGB")`` clipped every value above 255 of 65535 to white, so the picture (or the
clinic's logo) printed blank."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from handouts.layout.figures import _raster
from handouts.layout.images import _decode


def _grey16(level: int) -> bytes:
    buf = io.BytesIO()
    Image.new("I;16", (40, 20), level).save(buf, "PNG")
    return buf.getvalue()


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 65535))
def test_a_16_bit_grey_picture_keeps_its_grey(level: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.png"
        path.write_bytes(_grey16(level))
        reader = _raster(str(path), path.stat().st_mtime_ns, 1000)
        r, g, b = reader.getRGBData()[:3]
    assert r == g == b and abs(r - level / 256) <= 1, (level, r)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 65535))
def test_a_16_bit_grey_logo_keeps_its_grey(level: int) -> None:
    px = _decode(_grey16(level), 1000)
    r, g, b = zlib.decompress(px.stream)[:3]
    assert r == g == b and abs(r - level / 256) <= 1, (level, r)
