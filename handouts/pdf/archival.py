"""Document metadata → PDF/A-2u and PDF/UA-1 identification: XMP, sRGB OutputIntent, file ID.

* :func:`xmp`: the XMP packet (``dc:title`` translated, ``dc:creator``, ``dc:description``,
  ``dc:language``, ``pdf:Keywords``/``Producer``, ``xmp:CreatorTool`` and dates) with the
  same values as the Info dictionary ReportLab writes, plus ``pdfaid:part 2`` /
  ``conformance U`` and ``pdfuaid:part 1`` (declared in a PDF/A extension schema, which PDF/A
  asks for any namespace it does not predefine). Written uncompressed: PDF/A-1 validators
  insist, and a reader looking for the packet finds it.
* :func:`srgb_profile`: an sRGB ICC profile, shipped as ``srgb.icc`` (588 bytes): LittleCMS's
  built-in sRGB as Pillow writes it, with its creation date fixed to 2000-01-01 (LittleCMS
  stamps the current time). Shipped rather than made per render: making it imported Pillow's
  ``Image`` and ``ImageCms`` into every render (~10 ms), and a Pillow update could change bytes.
* :func:`set_file_id`: the trailer ``/ID`` is the MD5 of the file's own bytes (ReportLab's
  invariant mode would give every handout with the same title the same ID).
* :func:`install`: a stream's data ends with an end-of-line (CR LF) before ``endstream``
  (PDF/A 6.1.7; ReportLab writes ``…dataendstream``); the ``/Length`` is unchanged.

No structure tree here (:mod:`.tagging`), no drawing.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_installed = False


def install() -> None:
    """End every stream's data with an EOL before ``endstream`` (once per process)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import pdfdoc

    original = pdfdoc.PDFStream.format

    def format_stream(self: Any, document: Any) -> bytes:
        out: bytes = original(self, document)
        # CR LF: data ending in CR followed by a lone LF would read as one CR LF end-of-line
        return out[: -len(b"endstream\n")] + b"\r\nendstream\n"

    format_stream.__wrapped__ = original  # type: ignore[attr-defined]
    pdfdoc.PDFStream.format = format_stream
    _installed = True


@dataclass(frozen=True, slots=True)
class Info:
    """The values the Info dictionary and the XMP packet share."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    date: str  # ISO 8601 with offset: 2026-11-25T00:00:00+00:00
    lang: str
    pdfa: bool
    pdfua: bool
    more_langs: tuple[str, ...] = ()  # a bilingual handout's second language: dc:language holds both


_UA_EXTENSION = """  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (what ``xml.sax.saxutils.escape`` does, without its
    import of ``urllib.request``, ``http.client`` and ``ssl``: 15 ms of every render)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def xmp(info: Info) -> bytes:
    """The XMP packet for ``info``."""
    e = escape
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n',
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n',
        "   <dc:format>application/pdf</dc:format>\n",
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>\n',
        f"   <dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>\n",
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>\n',
        "   <dc:language><rdf:Bag>" + "".join(f"<rdf:li>{e(x)}</rdf:li>" for x in (info.lang, *info.more_langs))
        + "</rdf:Bag></dc:language>\n",
        "  </rdf:Description>\n",
        '  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n',
        f"   <pdf:Producer>{e(info.producer)}</pdf:Producer>\n",
        f"   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>\n",
        "  </rdf:Description>\n",
        '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n',
        f"   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>\n",
        f"   <xmp:CreateDate>{info.date}</xmp:CreateDate>\n",
        f"   <xmp:ModifyDate>{info.date}</xmp:ModifyDate>\n",
        f"   <xmp:MetadataDate>{info.date}</xmp:MetadataDate>\n",
        "  </rdf:Description>\n",
    ]
    if info.pdfa:
        parts.append('  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
                     "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>\n"
                     "  </rdf:Description>\n")  # fmt: skip
    if info.pdfua:
        parts.append('  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
                     "   <pdfuaid:part>1</pdfuaid:part>\n  </rdf:Description>\n")  # fmt: skip
        if info.pdfa:
            parts.append(_UA_EXTENSION)
    parts.append(' </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>')
    return "".join(parts).encode("utf-8")


_ICC_DATE = bytes.fromhex("07d0000100010000" "00000000")  # 2000-01-01 00:00:00, the date field (bytes 24–35)


@functools.lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The shipped sRGB ICC profile (see the module docstring)."""
    return (Path(__file__).parent / "srgb.icc").read_bytes()


def add_metadata(doc: Any, info: Info) -> None:
    """The XMP stream (uncompressed) and, for PDF/A, the sRGB OutputIntent, on the catalog."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFCatalog,
        PDFDictionary,
        PDFName,
        PDFStream,
        PDFString,
        PDFZCompress,
    )

    meta = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp(info), filters=None)
    cat = doc.Catalog
    cat.Metadata = meta
    if info.pdfa:
        profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(), filters=[PDFZCompress])
        intent = PDFDictionary({
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": doc.Reference(profile),
        })  # fmt: skip
        cat.OutputIntents = PDFArray([intent])
        cat.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]


_PLACEHOLDER = b"\x00handouts-file-id\x00"  # 18 bytes: never in a PDF ReportLab writes


def id_placeholder() -> bytes:
    """What :func:`set_file_id` replaces: the trailer's ``/ID`` with two 16-byte strings."""
    h = _PLACEHOLDER.hex()[:32].encode()
    return b"\n[<" + h + b"><" + h + b">]\n"


def set_file_id(pdf: bytes) -> bytes:
    """Replace the placeholder ID with the MD5 of the file (same length: offsets stay valid)."""
    marker = id_placeholder()
    at = pdf.rfind(marker)
    if at < 0:
        return pdf
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().encode()
    return pdf[:at] + b"\n[<" + digest + b"><" + digest + b">]\n" + pdf[at + len(marker) :]
