"""handouts.imagefile.open_image: what PIL.Image.open gives, for every file, with one plugin for a PNG or JPEG."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, UnidentifiedImageError

from handouts.imagefile import open_image

ROOT = Path(__file__).resolve().parents[2]


def _encoded(fmt: str, size: tuple[int, int], mode: str, seed: int) -> bytes:
    im = Image.new(mode, size)
    im.putdata([(seed * 7 + i * 13) % 256 if mode in ("L", "P") else tuple((seed + i * k) % 256 for k in (3, 5, 7, 11)[: len(mode)])
                for i in range(size[0] * size[1])])  # fmt: skip
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


def _facts(im: Image.Image) -> tuple[object, ...]:
    im.load()
    return im.format, im.size, im.mode, im.info.get("dpi"), im.tobytes()


@settings(max_examples=40, deadline=None)
@given(
    fmt=st.sampled_from(["PNG", "JPEG", "BMP", "GIF"]),
    size=st.tuples(st.integers(1, 24), st.integers(1, 24)),
    mode=st.sampled_from(["RGB", "L", "RGBA", "P"]),
    seed=st.integers(0, 255),
)
def test_the_same_image_as_pillows_own_open(fmt: str, size: tuple[int, int], mode: str, seed: int) -> None:
    if fmt == "JPEG" and mode in ("RGBA", "P"):
        mode = "RGB"
    data = _encoded(fmt, size, mode, seed)
    with open_image(io.BytesIO(data)) as ours, Image.open(io.BytesIO(data)) as pillows:
        assert _facts(ours) == _facts(pillows)
        assert ours.format == fmt


def test_a_multi_picture_jpeg_is_what_pillow_says_it_is() -> None:
    """A camera's JPEG with a second picture opens as MPO with Image.open (the picture check
    refuses it as "not what its name says"): the same here."""
    first, second = Image.new("RGB", (8, 8), (200, 10, 10)), Image.new("RGB", (8, 8), (10, 10, 200))
    buf = io.BytesIO()
    first.save(buf, "MPO", save_all=True, append_images=[second])
    with open_image(io.BytesIO(buf.getvalue())) as ours, Image.open(io.BytesIO(buf.getvalue())) as pillows:
        assert ours.format == pillows.format == "MPO"
        assert _facts(ours) == _facts(pillows)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\0" * 40,  # a PNG signature, then nothing a PNG has
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff" + b"\x01" * 30,  # a JPEG start, then garbage
        b"not an image at all",
        b"",
    ],
)
def test_what_pillow_cannot_open_fails_as_pillow_fails(data: bytes) -> None:
    with pytest.raises(Exception) as pillows:
        Image.open(io.BytesIO(data)).load()
    with pytest.raises(type(pillows.value)):
        open_image(io.BytesIO(data)).load()


def test_a_truncated_png_opens_and_fails_when_loaded_as_with_pillow() -> None:
    data = _encoded("PNG", (40, 40), "RGB", 3)[:-60]
    with Image.open(io.BytesIO(data)) as im, pytest.raises(OSError):
        im.load()
    with open_image(io.BytesIO(data)) as im, pytest.raises(OSError):
        im.load()


def test_pillows_decompression_bomb_check_still_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _encoded("PNG", (20, 20), "RGB", 1)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300)  # 400 pixels: a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(Image.DecompressionBombWarning):
            open_image(io.BytesIO(data))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # over twice the limit: an error
    with pytest.raises(Image.DecompressionBombError):
        open_image(io.BytesIO(data))


def test_a_png_loads_no_other_plugin(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_encoded("PNG", (4, 4), "RGB", 0))
    code = (
        "import sys; from handouts.imagefile import open_image\n"
        f"im = open_image(open({str(tmp_path / 'a.png')!r}, 'rb')); im.load()\n"
        "print(sorted(m for m in sys.modules if m.startswith('PIL.') and m.endswith('ImagePlugin')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}).stdout  # fmt: skip
    assert out.strip() == "['PIL.PngImagePlugin']"


def test_a_name_or_content_pillow_does_not_know_is_still_refused() -> None:
    with pytest.raises(UnidentifiedImageError):
        open_image(io.BytesIO(b"GIF87a" + b"\0" * 3))
