"""Every stream of every PDF we write ends its data with an end-of-line before ``endstream``
(PDF/A-2 6.1.7), CR LF, so that data ending in CR never reads as one byte shorter than its
/Length: ReportLab's streams (handouts.pdf.archival) and pypdf's in imposed print files."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.impose import _eol_before_endstream
from handouts.pipeline import RenderContext, render
from tests.conftest import REPO

_STREAM = re.compile(rb"/Length (\d+)\b[^>]*>>\s*stream(\r\n|\n)")


def _lengths_hold(data: bytes) -> list[int]:
    """The offsets of the streams whose /Length is not followed by CR LF endstream."""
    bad = []
    for m in _STREAM.finditer(data):
        end = m.end() + int(m.group(1))
        if data[end : end + 11] != b"\r\nendstream":
            bad.append(m.start())
    return bad


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=40).map(lambda b: b + b"\r"))
def test_pypdf_streams_ending_in_cr_keep_their_length(payload: bytes) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=100, height=100)
    stream = DecodedStreamObject()
    stream.set_data(payload)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    with _eol_before_endstream():
        writer.write(out)
    data = out.getvalue()
    assert payload + b"\r\nendstream" in data
    assert not _lengths_hold(data)


@pytest.mark.parametrize("layout", ["2up", "a5-booklet"])
def test_every_stream_of_a_print_file_ends_with_crlf_before_endstream(layout: str) -> None:
    data = render("spine-surgery-home-care", "demo", "en", RenderContext(REPO, layout=layout)).pdf
    assert data.count(b"endstream") > 5 and not _lengths_hold(data)


def test_every_stream_of_a_handout_ends_with_crlf_before_endstream() -> None:
    data = render("back-pain-after-surgery", "demo", "th", RenderContext(REPO)).pdf
    assert data.count(b"endstream") > 5 and not _lengths_hold(data)


def test_streams_are_flate_compressed_at_one_level_whatever_the_cache_holds() -> None:
    """Page contents, font subsets and glyph forms at rlfonts.FLATE_LEVEL (the fastest): the same
    bytes whether a stream was compressed now or read from the disk cache."""
    import zlib

    import pikepdf

    from handouts.typesetting.rlfonts import FLATE_LEVEL

    data = render("back-pain-after-surgery", "demo", "th", RenderContext(REPO)).pdf
    kinds: dict[str, int] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.stream_dict.get("/Subtype") == "/Image":
                continue  # pictures: ReportLab's own compression (handouts.layout.images)
            if "/FlateDecode" not in str(obj.stream_dict.get("/Filter")):
                continue
            kind = "font" if "/Length1" in obj.stream_dict else str(obj.stream_dict.get("/Subtype", "page"))
            assert zlib.compress(obj.read_bytes(), FLATE_LEVEL) == obj.read_raw_bytes(), kind
            kinds[kind] = kinds.get(kind, 0) + 1
    assert {"font", "/Form", "page"} <= kinds.keys()
