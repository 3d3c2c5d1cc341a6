"""A clinic logo with an EXIF orientation (a JPEG saved by a phone or a camera app) prints upright."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from handouts.layout.images import _decode


def test_a_turned_logo_is_decoded_upright() -> None:
    im = Image.new("RGB", (300, 100), (30, 120, 200))
    ImageDraw.Draw(im).rectangle((0, 0, 49, 99), fill=(250, 200, 0))  # the top once turned
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes())
    px = _decode(buf.getvalue(), 1000)
    assert (px.width, px.height) == (100, 300)
    import zlib

    raw = zlib.decompress(px.stream)
    r, g, b = raw[3 * 50 : 3 * 50 + 3]  # the middle of the first row: yellow
    assert r > 200 and g > 150 and b < 80, (r, g, b)
