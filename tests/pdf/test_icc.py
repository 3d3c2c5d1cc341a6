"""The shipped sRGB profile of the PDF/A OutputIntent is a well-formed ICC profile of sRGB."""

from __future__ import annotations

import io
import struct

from handouts.pdf.archival import srgb_profile


def test_the_shipped_profile_is_an_srgb_icc_profile() -> None:
    data = srgb_profile()
    size, = struct.unpack(">I", data[:4])
    assert size == len(data) and data[36:40] == b"acsp"  # the header's size and signature
    assert data[16:20] == b"RGB " and data[20:24] == b"XYZ "  # an RGB device profile (PDF/A: N 3)
    assert data[24:36] == bytes.fromhex("07d000010001000000000000")  # a fixed date: the same bytes every render
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
