"""A phone's portrait photo is stored landscape with an EXIF orientation tag: it is sized and drawn
upright, as every viewer shows it (it printed on its side, squeezed into the landscape box)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from handouts.content.figures import resolve_image
from handouts.layout.figures import _raster


def _photo(path: Path, orientation: int) -> None:
    """600 × 200 px as stored, a yellow band on its left: the top once turned (orientation 6)."""
    im = Image.new("RGB", (600, 200), (30, 120, 200))
    ImageDraw.Draw(im).rectangle((0, 0, 99, 199), fill=(250, 200, 0))
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, exif=exif.tobytes())


@pytest.mark.parametrize(("orientation", "size"), [(1, (600.0, 200.0)), (6, (200.0, 600.0)), (8, (200.0, 600.0))])
def test_a_turned_photo_is_sized_upright(tmp_path: Path, orientation: int, size: tuple[float, float]) -> None:
    (tmp_path / "images").mkdir()
    _photo(tmp_path / "images" / f"p{orientation}.jpg", orientation)
    article = tmp_path / "a.md"
    found = resolve_image(f"images/p{orientation}.jpg", article, "en", (tmp_path,), 3)
    assert (found.width, found.height) == size


def test_a_turned_photo_is_drawn_upright(tmp_path: Path) -> None:
    path = tmp_path / "p.jpg"
    _photo(path, 6)
    reader = _raster(str(path), path.stat().st_mtime_ns, 1000)
    w, h = reader.getSize()
    assert (w, h) == (200, 600)
    top = reader.getRGBData()[: 3 * w]  # the first row: the yellow band
    r, g, b = top[3 * (w // 2) : 3 * (w // 2) + 3]
    assert r > 200 and g > 150 and b < 80, (r, g, b)
