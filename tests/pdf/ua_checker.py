"""A PDF → the mechanically testable Matterhorn Protocol (PDF/UA-1) and PDF/A-2u findings.

No veraPDF is installable here, so this reads the file with pikepdf and poppler's
``pdfinfo -struct-text`` and returns a list of findings (empty = pass), one line each:

* tagged: ``/MarkInfo /Marked true``, a ``/StructTreeRoot``, ``/Lang``, ``DisplayDocTitle``
  (Matterhorn 01-*, 06-*, 07-*, 11-*);
* untagged content = 0: every text-showing, painting and XObject operator of every page is
  inside marked content with an MCID or inside an ``/Artifact`` (01-003, 01-004), and no
  tagged content sits inside an artifact (01-001);
* headings: the first is ``H1``, no level is skipped (14-002, 14-003);
* every ``Figure`` has ``/Alt`` (13-004) and a ``/BBox`` (ISO 32000-1, 14.8.5.4.3); every
  ``Note`` an ``/ID`` (19-003); every ``TH`` a
  ``/Scope`` (15-003);
* every link annotation has ``/Contents``, a ``/StructParent`` whose ParentTree entry is a
  ``Link`` element with an ``OBJR`` to it (28-002, 28-011), ``/F`` with Print set (PDF/A),
  and pages with annotations ``/Tabs /S`` (28-003? 07-001);
* pages with marked content have ``/StructParents`` in the ParentTree;
* fonts embedded with ``/ToUnicode`` (31-*, PDF/A 6.2.11);
* XMP: ``dc:title`` = Info ``/Title``, ``dc:creator`` = ``/Author``, ``pdfuaid:part`` 1,
  ``pdfaid:part`` 2 + ``conformance`` U; an sRGB ``GTS_PDFA1`` OutputIntent with an ICC
  profile; a trailer ``/ID``; no encryption, no JavaScript.

:func:`struct_text` gives the tagged text in reading order (``Lbl`` markers left out), for
comparing with the article's text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pikepdf

TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "BI"}


def check(data: bytes, *, ua: bool = True, pdfa: bool = True) -> list[str]:
    """All findings for ``data`` (an empty list means it passes)."""
    out: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if pdf.is_encrypted:
            out.append("encrypted")
        if "/Names" in root and "/JavaScript" in root.Names:
            out.append("JavaScript in the names tree")
        if "/ID" not in pdf.trailer:
            out.append("no trailer /ID")
        if ua:
            out += _check_catalog(root)
            out += _check_content(pdf)
            out += _check_tree(pdf)
            out += _check_annotations(pdf)
        out += _check_fonts(pdf)
        out += _check_xmp(pdf, ua=ua, pdfa=pdfa)
        if pdfa:
            out += _check_output_intent(root)
    return out


def _check_catalog(root: Any) -> list[str]:
    out = []
    if "/MarkInfo" not in root or not bool(root.MarkInfo.get("/Marked", False)):
        out.append("catalog: no /MarkInfo /Marked true")
    elif bool(root.MarkInfo.get("/Suspects", False)):  # absent is false (ISO 32000-1, table 321)
        out.append("catalog: /MarkInfo /Suspects true")
    if "/StructTreeRoot" not in root:
        out.append("catalog: no /StructTreeRoot")
    if not str(root.get("/Lang", "")):
        out.append("catalog: no /Lang")
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        out.append("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    return out


def _walk_ops(ops: Any, page: int, where: str, stack: list[tuple[str, bool]], out: list[str], pdf: Any,
              resources: Any) -> None:  # fmt: skip
    for operands, op in ops:
        name = str(op)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            mcid = name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
            if tag != "/Artifact" and mcid and any(t == "/Artifact" for t, _ in stack):
                out.append(f"page {page}{where}: tagged content {tag} inside an artifact")
            stack.append((tag, mcid))
        elif name == "EMC":
            if not stack:
                out.append(f"page {page}{where}: EMC without BDC")
            else:
                stack.pop()
        elif name in TEXT_OPS or name in PAINT_OPS:
            covered = any(t == "/Artifact" or m for t, m in stack)
            if not covered:
                what = "text" if name in TEXT_OPS else f"'{name}'"
                out.append(f"page {page}{where}: untagged {what}")


def _check_content(pdf: Any) -> list[str]:
    out: list[str] = []
    for n, page in enumerate(pdf.pages, start=1):
        stack: list[tuple[str, bool]] = []
        _walk_ops(pikepdf.parse_content_stream(page), n, "", stack, out, pdf, page.Resources)
        if stack:
            out.append(f"page {n}: {len(stack)} marked-content sequences left open")
    return sorted(set(out)) if len(out) < 50 else [f"{len(out)} untagged operators, e.g. {out[0]}"]


def _kids(elem: Any) -> list[Any]:
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def elements(pdf: Any) -> list[Any]:
    """Structure elements in pre-order (reading order)."""
    out: list[Any] = []

    def walk(e: Any) -> None:
        for k in _kids(e):
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                out.append(k)
                walk(k)

    walk(pdf.Root.StructTreeRoot)
    return out


def _check_tree(pdf: Any) -> list[str]:
    out: list[str] = []
    elems = elements(pdf)
    levels = [int(str(e.S)[2:]) for e in elems if re.fullmatch(r"/H[1-6]", str(e.S))]
    if not levels:
        out.append("no headings")
    elif levels[0] != 1:
        out.append(f"first heading is H{levels[0]}, not H1")
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            out.append(f"heading level skipped: H{a} then H{b}")
    for e in elems:
        if str(e.S) == "/Figure" and not str(e.get("/Alt", "")).strip():
            out.append("Figure without /Alt")
        if str(e.S) == "/Figure" and _bbox(e) is None:
            out.append("Figure without a /BBox (ISO 32000-1 14.8.5.4.3)")
        if str(e.S) == "/Note" and not str(e.get("/ID", "")):
            out.append("Note without /ID")
        if str(e.S) == "/TH":
            attrs = e.get("/A")
            owners = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []
            if not any(str(a.get("/O")) == "/Table" and "/Scope" in a for a in owners):
                out.append("TH without /Scope (15-003)")
    tree = pdf.Root.StructTreeRoot
    nums = list(tree.ParentTree.get("/Nums", []))
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    for n, page in enumerate(pdf.pages, start=1):
        ops = pikepdf.parse_content_stream(page)
        has_mcid = any(str(op) == "BDC" and isinstance(o[1], pikepdf.Dictionary) and "/MCID" in o[1] for o, op in ops)
        if has_mcid and ("/StructParents" not in page.obj or int(page.obj.StructParents) not in keys):
            out.append(f"page {n}: marked content but no /StructParents in the ParentTree")
    if "/ParentTreeNextKey" in tree and int(tree.ParentTreeNextKey) <= max(keys, default=-1):
        out.append("ParentTreeNextKey is not above every key")
    return out


def _bbox(elem: Any) -> list[float] | None:
    """An element's Layout ``/BBox`` attribute (``[x0 y0 x1 y1]``), or None."""
    attrs = elem.get("/A")
    for a in list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []:
        if str(a.get("/O")) == "/Layout" and "/BBox" in a:
            return [float(v) for v in a.BBox]
    return None


def _check_annotations(pdf: Any) -> list[str]:
    out: list[str] = []
    tree = pdf.Root.StructTreeRoot
    nums = list(tree.ParentTree.get("/Nums", []))
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for n, page in enumerate(pdf.pages, start=1):
        annots = list(page.obj.get("/Annots", []))
        if annots and str(page.obj.get("/Tabs", "")) != "/S":
            out.append(f"page {n}: annotations but no /Tabs /S")
        for a in annots:
            if str(a.get("/Subtype")) != "/Link":
                continue
            if not str(a.get("/Contents", "")).strip():
                out.append(f"page {n}: link without /Contents")
            if not int(a.get("/F", 0)) & 4:
                out.append(f"page {n}: link without the Print flag")
            key = a.get("/StructParent")
            elem = entries.get(int(key)) if key is not None else None
            if elem is None or str(elem.get("/S")) != "/Link":
                out.append(f"page {n}: link annotation not in a Link element")
                continue
            objrs = [k for k in _kids(elem) if isinstance(k, pikepdf.Dictionary) and str(k.get("/Type")) == "/OBJR"]
            if not any(k.Obj.objgen == a.objgen for k in objrs):
                out.append(f"page {n}: Link element has no OBJR to its annotation")
    return out


def _check_fonts(pdf: Any) -> list[str]:
    out: set[str] = set()
    for page in pdf.pages:
        for font in dict(page.Resources.get("/Font", {})).values():
            if str(font.get("/Subtype")) == "/Type0":  # a CID font: the descriptor is the descendant's
                fd = font.DescendantFonts[0].get("/FontDescriptor")
            else:
                fd = font.get("/FontDescriptor")
            if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                out.add(f"font {font.get('/BaseFont')} not embedded")
            if "/ToUnicode" not in font:
                out.add(f"font {font.get('/BaseFont')} has no /ToUnicode")
    return sorted(out)


def _check_xmp(pdf: Any, *, ua: bool, pdfa: bool) -> list[str]:
    out = []
    if "/Metadata" not in pdf.Root:
        return ["no XMP metadata"]
    meta = pdf.open_metadata()
    info = pdf.docinfo
    title = meta.get("dc:title")
    if not title or title != str(info.get("/Title", "")):
        out.append(f"dc:title {title!r} is not the Info /Title {str(info.get('/Title', ''))!r}")
    creator = meta.get("dc:creator")
    if not creator or list(creator) != [str(info.get("/Author", ""))]:
        out.append(f"dc:creator {creator!r} is not the Info /Author")
    if not meta.get("dc:language"):
        out.append("no dc:language")
    if ua and meta.get("pdfuaid:part") != "1":
        out.append("pdfuaid:part is not 1")
    if pdfa and (meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "U"):
        out.append("pdfaid is not part 2, conformance U")
    if not ua and meta.get("pdfuaid:part"):
        out.append("claims PDF/UA but is not tagged")
    return out


def _check_output_intent(root: Any) -> list[str]:
    intents = list(root.get("/OutputIntents", []))
    for oi in intents:
        if str(oi.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in oi:
            profile = oi.DestOutputProfile
            data = profile.read_bytes()
            if int(profile.get("/N", 0)) == 3 and data[36:40] == b"acsp" and data[16:20] == b"RGB ":
                return []
            return ["OutputIntent profile is not an RGB ICC profile"]
    return ["no GTS_PDFA1 OutputIntent with a DestOutputProfile"]


def struct_text(data: bytes) -> str:
    """The tagged text in reading order (poppler ``pdfinfo -struct-text``), list labels left out."""
    exe = shutil.which("pdfinfo")
    if exe is None:
        raise RuntimeError("pdfinfo (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.pdf"
        path.write_bytes(data)
        lines = subprocess.run([exe, "-struct-text", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()  # fmt: skip
    parts: list[str] = []
    stack: list[tuple[int, str]] = []
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stripped.startswith('"') and stripped.endswith('"') and len(stripped) >= 2:
            if not any(name == "Lbl" for _, name in stack):
                parts.append(stripped[1:-1])
        elif stripped and not stripped.startswith("/"):
            stack.append((indent, stripped.split(" ", 1)[0].rstrip(":")))
    return "".join(parts)
