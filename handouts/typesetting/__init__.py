"""Text → typeset lines, independent of page layout.

The layer that makes Thai right on ReportLab: HarfBuzz shaping (:mod:`.shaping`), word-boundary
line breaking with a dictionary segmenter (:mod:`.segment`, :mod:`.linebreak`), exact text
extraction (:mod:`._pdftext`, the only module that touches ReportLab internals) and a cmap
check so no glyph is ever missing (:mod:`.fonts`). :class:`.flowable.TextBlock` is the one
flowable the layout stage builds for every paragraph, heading, list item, header and footer.

Script and language are properties of each run (:class:`.spans.Span`), so Lao, Khmer or Burmese
need a font and a segmenter, not a new engine.
"""
