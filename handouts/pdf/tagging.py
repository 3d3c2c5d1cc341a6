"""Tags of drawn blocks → marked content (``BDC``/``EMC`` with MCIDs) and the structure tree.

:class:`Tagger` is the :class:`~handouts.typesetting.marks.Marker` the writer attaches to the
canvas. Layout says what each block is (:class:`~handouts.typesetting.marks.Tag`); while the
pages are drawn this module

* writes ``/P <</MCID n>> BDC … EMC`` around a tagged block's operators and
  ``/Artifact <</Type /Pagination /Subtype /Header>> BDC … EMC`` around the page frame, never
  nested: an inner tag closes the outer sequence and the outer one resumes with a new MCID
  after it (a sequence left empty is removed again, so no MCID points at nothing);
* creates one structure element per tag, in the order tags are first drawn, under their
  parent tag's element (a paragraph split across pages is one element with content on both);
* gives every link annotation a ``/StructParent`` and its ``Link`` element an ``OBJR``.

:meth:`Tagger.finish` then writes the elements (pre-order, so object numbers are
deterministic), the ``ParentTree``, the ``IDTree``, ``/StructTreeRoot`` and ``/MarkInfo``;
pages get ``/StructParents`` and, with annotations, ``/Tabs /S``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handouts.typesetting.marks import Marker, Tag

# PDF 1.7's standard structure types; any other role (Aside, from PDF 2.0) is written as is and
# role-mapped to a standard one, as PDF/UA-1 requires
STANDARD = frozenset(["Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"])
ROLE_MAP = {"Aside": "Div", "Title": "H1", "FENote": "Note", "Sub": "Span", "Em": "Span", "Strong": "Span"}

# the attribute owner of each attribute (the rest are Layout); ``ID`` is the element's own key
_OWNERS = {"Scope": "Table", "RowSpan": "Table", "ColSpan": "Table", "Headers": "Table", "Summary": "Table",
           "ListNumbering": "List"}  # fmt: skip


@dataclass(eq=False, slots=True)
class _Elem:
    """A structure element being built: its tag, parent and kids (elements, marked content, annotations)."""
    tag: Tag
    parent: _Elem | None
    kids: list[_Elem | tuple[str, int, int | str]] = field(default_factory=list)  # ("mc", page, mcid) / ("annot", page, name)

    def has_content(self) -> bool:
        return any(not isinstance(k, _Elem) or k.has_content() for k in self.kids)


@dataclass(slots=True)
class _Open:
    """A marked-content sequence that is open on the canvas."""
    tag: Tag
    code_len: int  # len(canv._code) right after the BDC: unchanged at EMC means an empty sequence
    elem: _Elem | None
    page: int
    created: bool = False  # the element was made by this open (and goes again if it stays empty)


class Tagger(Marker):
    """Collects marked content while pages are drawn; :meth:`finish` writes the tree."""

    tagged = True

    def __init__(self, canv: Any) -> None:
        self.root = _Elem(Tag("Document"), None)
        self.elems: dict[Tag, _Elem] = {}
        self.stack: list[Tag] = []
        self.current: _Open | None = None
        self.page_mcids: dict[int, list[_Elem]] = {}
        self.annots: dict[int, _Elem] = {}  # StructParent key → Link element
        self.page_keys: dict[int, int] = {}
        self.next_key = 0
        self.ids: dict[str, _Elem] = {}
        self.boxes: dict[_Elem, tuple[int, tuple[float, float, float, float]]] = {}  # a Figure → (page, BBox)
        canv.setPageCallBack(lambda _n: self._page_done(canv))

    # -- the Marker hooks ------------------------------------------------------------------
    def begin(self, canv: Any, tag: Tag) -> None:
        if self.stack:
            self._close(canv)
        self.stack.append(tag)
        self._open(canv, tag)

    def end(self, canv: Any) -> None:
        self._close(canv)
        self.stack.pop()
        if self.stack:
            self._open(canv, self.stack[-1])

    def link(self, canv: Any, url: str, rect: tuple[float, float, float, float], contents: str) -> None:
        from reportlab.pdfbase.pdfdoc import PDFString

        key = self._key()
        canv.linkURL(url, rect, relative=1, thickness=0, Contents=PDFString(contents), F=4, StructParent=key)
        name = canv._doc.annotationName(f"NUMBER{canv._annotationCount}")
        elem = self.current.elem if self.current is not None else None
        if elem is None or elem.tag.role != "Link":
            # a link drawn in an artifact (a footer): its own Link element, the annotation only
            elem = self._elem(Tag("Link", alt=contents))
        elem.kids.append(("annot", self._page(canv), name))
        self.annots[key] = elem

    def bbox(self, canv: Any, rect: tuple[float, float, float, float]) -> None:
        cur = self.current
        if cur is None or cur.elem is None:
            return
        a, b, c, d, e, f = canv._currentMatrix  # the current user space → the page's
        x0, y0, x1, y1 = rect
        xs, ys = zip(*((a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)), strict=True)
        box = (min(xs), min(ys), max(xs), max(ys))
        old = self.boxes.get(cur.elem)
        if old is not None and old[0] == cur.page:
            box = (min(old[1][0], box[0]), min(old[1][1], box[1]), max(old[1][2], box[2]), max(old[1][3], box[3]))
        self.boxes[cur.elem] = (cur.page, box)

    # -- marked content ----------------------------------------------------------------------
    def _page(self, canv: Any) -> int:
        return len(canv._doc.Pages.pages)

    def _key(self) -> int:
        self.next_key += 1
        return self.next_key - 1

    def _elem(self, tag: Tag) -> _Elem:
        elem = self.elems.get(tag)
        if elem is None:
            if tag.role == "Document":
                elem = self.root
            else:
                parent = self._elem(tag.parent) if tag.parent is not None else self.root
                elem = _Elem(tag, parent)
                parent.kids.append(elem)
                ident = dict(tag.attrs).get("ID")
                if ident:
                    self.ids[ident] = elem
            self.elems[tag] = elem
        return elem

    def _open(self, canv: Any, tag: Tag) -> None:
        page = self._page(canv)
        if tag.is_artifact:
            props = " ".join(f"/{k} /{v}" for k, v in tag.attrs)
            canv._code.append(f"/Artifact <<{props}>> BDC")
            self.current = _Open(tag, len(canv._code), None, page)
            return
        created = tag not in self.elems
        elem = self._elem(tag)
        mcids = self.page_mcids.setdefault(page, [])
        mcid = len(mcids)
        mcids.append(elem)
        elem.kids.append(("mc", page, mcid))
        canv._code.append(f"/{tag.role} <</MCID {mcid}>> BDC")
        self.current = _Open(tag, len(canv._code), elem, page, created)

    def _close(self, canv: Any) -> None:
        cur = self.current
        assert cur is not None
        self.current = None
        if len(canv._code) == cur.code_len:  # nothing drawn: take the BDC back
            canv._code.pop()
            if cur.elem is not None:
                mcid = len(self.page_mcids[cur.page]) - 1
                self.page_mcids[cur.page].pop()
                cur.elem.kids.remove(("mc", cur.page, mcid))  # an OBJR may have come after it
                if cur.created and not cur.elem.kids and cur.elem.parent is not None:
                    # made now and still empty: forget it, so that it is placed where its content comes
                    cur.elem.parent.kids.remove(cur.elem)
                    del self.elems[cur.tag]
            return
        canv._code.append("EMC")

    def _page_done(self, canv: Any) -> None:
        from reportlab.pdfbase.pdfdoc import PDFName, PDFPage

        page = canv._doc.Pages.pages[-1]
        index = len(canv._doc.Pages.pages) - 1
        extra = ["StructParents"]
        if index in self.page_mcids:
            self.page_keys[index] = key = self._key()
            page.StructParents = key
        else:
            extra = []
        if page.Annots:
            page.Tabs = PDFName("S")
            extra.append("Tabs")
        if extra:
            page.__NoDefault__ = [*PDFPage.__NoDefault__, *extra]

    # -- the tree ---------------------------------------------------------------------------
    def finish(self, canv: Any) -> None:
        """Write the structure tree into the document (after the last page).

        Elements are written as pre-formatted objects (:class:`_Raw`): a handout has a hundred
        or more of them, and ReportLab's generic dictionaries cost a third of the tagging time.
        """
        from reportlab.pdfbase.pdfdoc import PDFDictionary

        doc = canv._doc
        order: list[_Elem] = []

        def walk(e: _Elem) -> None:
            order.append(e)
            for k in e.kids:
                if isinstance(k, _Elem) and k.has_content():
                    walk(k)

        walk(self.root)
        raws = {id(e): _Raw() for e in order}
        refs = {id(e): _Ref(doc.Reference(raws[id(e)]).name) for e in order}
        tree_root = _Raw()
        tree_ref = _Ref(doc.Reference(tree_root).name)

        for e in order:
            pages = [k[1] for k in e.kids if not isinstance(k, _Elem)]
            pg = pages[0] if pages else None
            parts: list[str | _Ref] = [f"<< /Type /StructElem /S /{e.tag.role} /P ",
                                       refs[id(e.parent)] if e.parent is not None else tree_ref]  # fmt: skip
            if pg is not None:
                parts += [" /Pg ", _page(pg)]
            parts.append(" /K [")
            for k in e.kids:
                if isinstance(k, _Elem):
                    if k.has_content():
                        parts += [" ", refs[id(k)]]
                elif k[0] == "mc":
                    parts += [f" {k[2]}"] if k[1] == pg else [" << /Type /MCR /Pg ", _page(k[1]), f" /MCID {k[2]} >>"]
                else:
                    parts += [" << /Type /OBJR /Obj ", _Ref(str(k[2])), " /Pg ", _page(k[1]), " >>"]
            parts.append(" ]")
            if e.tag.lang:
                parts.append(f" /Lang {_text(e.tag.lang)}")
            if e.tag.alt and e.tag.role != "Link":
                parts.append(f" /Alt {_text(e.tag.alt)}")
            attrs = dict(e.tag.attrs)
            if e.tag.role == "Note" and "ID" not in attrs:  # PDF/UA-1: every Note has an ID
                attrs["ID"] = f"note-{len(self.ids) + 1}"
                self.ids[attrs["ID"]] = e
            if "ID" in attrs:
                parts.append(f" /ID {_text(attrs.pop('ID'))}")
            by_owner: dict[str, list[str]] = {}
            for name, value in attrs.items():
                by_owner.setdefault(_OWNERS.get(name, "Layout"), []).append(f"/{name} {_attr_value(value)}")
            box = self.boxes.get(e)
            if box is not None and all(p == box[0] for p in pages):  # on one page (ISO 32000-1, 14.8.5.4.3)
                by_owner.setdefault("Layout", []).append("/BBox [" + " ".join(_number(v) for v in box[1]) + "]")
            if by_owner:
                owners = [f"<< /O /{o} {' '.join(v)} >>" for o, v in sorted(by_owner.items())]
                parts.append(f" /A {owners[0]}" if len(owners) == 1 else f" /A [{' '.join(owners)}]")
            parts.append(" >>")
            raws[id(e)].parts = parts

        entries: dict[int, list[str | _Ref]] = {}
        for index, key in self.page_keys.items():
            entries[key] = ["["] + [x for e in self.page_mcids[index] for x in (" ", refs[id(e)])] + [" ]"]
        for key, e in self.annots.items():
            entries[key] = [refs[id(e)]]
        tree: list[str | _Ref] = ["<< /Type /StructTreeRoot /K ", refs[id(self.root)], " /ParentTree << /Nums ["]
        for key in sorted(entries):
            tree += [f"\n{key} ", *entries[key]]
        tree.append(f" ] >> /ParentTreeNextKey {self.next_key}")
        custom = sorted({e.tag.role for e in order} - STANDARD)
        if custom:
            tree.append(" /RoleMap <<" + "".join(f" /{r} /{ROLE_MAP.get(r, 'Span')}" for r in custom) + " >>")
        if self.ids:
            tree.append(" /IDTree << /Names [")
            for ident in sorted(self.ids):
                tree += [f" {_text(ident)} ", refs[id(self.ids[ident])]]
            tree.append(" ] >>")
        tree.append(" >>")
        tree_root.parts = tree
        doc.Catalog.StructTreeRoot = doc.Reference(tree_root)
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


class _Ref:
    """A reference by ReportLab's internal object name, resolved to ``n 0 R`` when written."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def _page(index: int) -> _Ref:
    return _Ref(f"Page{index + 1}")


def _text(s: str) -> str:
    """A PDF text string: UTF-16BE with its BOM, in hex (any script, no escaping)."""
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


def _raw_class() -> type:
    from reportlab.pdfbase.pdfdoc import PDFObject

    class Raw(PDFObject):  # type: ignore[misc]
        """An object written as given: strings, and :class:`_Ref` resolved to object numbers."""

        def __init__(self) -> None:
            self.parts: list[str | _Ref] = []

        def format(self, document: Any) -> bytes:
            numbers = document.idToObjectNumberAndVersion
            out = [p if isinstance(p, str) else "%d %d R" % numbers[p.name] for p in self.parts]
            return "".join(out).encode("latin-1")

    return Raw


def _Raw() -> Any:  # noqa: N802 (a class made once ReportLab is imported)
    global _RAW
    if _RAW is None:
        _RAW = _raw_class()
    return _RAW()


_RAW: type | None = None


def _number(v: float) -> str:
    """A PDF number, to 1/100 pt (repeatable: no float noise)."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attr_value(value: str) -> str:
    """Numbers as numbers, everything else as a PDF name (``Column`` → ``/Column``)."""
    from reportlab.pdfbase.pdfdoc import PDFName

    return value if value.isdigit() else str(PDFName(value))
