"""A fresh process, in the test's own: the cache tests' folder fixture and the one function that
empties every in-process memo (a render after it reads the disk cache as a new process would)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import modelcache
from handouts.typesetting import diskcache


def use_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for this test, the cache on, its counters at zero."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
    monkeypatch.setattr(diskcache, "_enabled", None)
    monkeypatch.setattr(diskcache, "STATS", diskcache.Stats())
    monkeypatch.setattr(modelcache, "STATS", modelcache.Stats())
    return folder


def fresh_process_state() -> None:
    """Empty the in-process memos, as a new process would start."""
    from handouts.content import article, figures, frame, inline
    from handouts.i18n import rules, runtime
    from handouts.layout import extras, images
    from handouts.layout import figures as drawn
    from handouts.typesetting import _pdftext, atoms, flowable, fonts, shaping

    inline._SEEDED.clear()
    inline._parse_inline.cache_clear()
    article._FRONT.seeded.clear()  # the model's steps (modelcache.Steps) seed these
    article._cached_article.cache_clear()
    rules._SEEDED.clear()
    runtime._read_po.cache_clear()
    frame._frame_msgids.cache_clear()
    figures._checked.cache_clear()
    extras.qr_modules.cache_clear()  # read from the disk cache again, like every other entry
    for memo in (atoms.PREPARED, flowable._MERGED, flowable._SEGMENTS, flowable._LINES, shaping._CACHE,
                 shaping._STARTS, _pdftext._PLANS, _pdftext._PIECE_OPS):  # fmt: skip
        memo.clear()
    fonts.font_set.cache_clear()  # ReportLab's fonts made again (their tables from the disk cache)
    _pdftext.forget_fonts()
    _pdftext._DEFLATED.clear()
    _pdftext._SUBSETS.clear()  # font subsets: from the disk cache again
    _pdftext._FORM_BYTES.clear()  # glyph forms: their streams from the disk cache again
    images._pixels.cache_clear()
    images._picture.cache_clear()  # an article's picture: from the disk cache again
    images.qr.cache_clear()
    drawn._drawing.cache_clear()  # a picture: read and converted again
    drawn._raster.cache_clear()
    diskcache.STATS.__init__()  # type: ignore[misc]
    modelcache.STATS.__init__()  # type: ignore[misc]
