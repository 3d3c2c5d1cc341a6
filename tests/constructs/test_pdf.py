"""Constructs read back from the PDF (pdfplumber): table cells per row, list numbers, image size,
printed URLs; in English and Thai, in every profile and layout; long tables and lists across pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest

from handouts.pipeline import RenderContext, render
from tests.constructs.conftest import write_article


def _pdf(ws: Path, article: str, lang: str, **options: object) -> bytes:
    ctx = RenderContext(ws, **options)  # type: ignore[arg-type]
    data = render(article, "demo", lang, ctx).pdf
    assert ctx.diagnostics.codes() == []
    return data


def _tables(data: bytes) -> list[list[list[str]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [[[" ".join((c or "").split()) for c in row] for row in t] for p in pdf.pages for t in p.extract_tables()]


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_english_table_list_links_and_image(cws: Path) -> None:
    data = _pdf(cws, "constructs", "en")
    assert _tables(data) == [[
        ["Medicine", "Dose", "When"],
        ["Paracetamol 500 mg", "2 tablets", "every 6 hours"],
        ["Ibuprofen info (med.example.org)", "1 tablet", "after food"],
    ]]  # fmt: skip
    text = _text(data)
    lines = [ln.strip() for ln in text.splitlines()]
    numbered = [ln.split()[0] for ln in lines if re.match(r"^\d+\. ", ln)]
    assert numbered == ["3.", "4.", "1.", "5."]  # the source's start; 5 continues after the nested bullets
    flat = " ".join(text.split())
    squashed = "".join(text.split())  # a printed URL may wrap at a slash (never inside the host name)
    # a phone link's number as a patient dials it: local and grouped, not E.164 (+6621234567)
    assert "our nurse (02 123 4567)" in flat and "+6621234567" not in flat
    for url in ("(www.example-clinic.org/wound-care)", "(guide.example.org/care)", "(care@example.org)"):
        assert url in squashed
    assert "example-clinic.org" in flat
    assert "https://x.example.org" in flat and "(x.example.org)" not in flat  # an autolink shows its URL once
    assert "Warning" in flat and "Tip" in flat and "The wound and the dressing" in flat
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        uris = {h["uri"] for p in pdf.pages for h in p.hyperlinks}
        images = [i for p in pdf.pages for i in p.images if i["width"] > 100]
    assert {"https://www.example-clinic.org/wound-care/", "tel:+6621234567", "mailto:care@example.org",
            "https://guide.example.org/care"} <= uris  # fmt: skip
    assert len(images) == 1 and images[0]["width"] / images[0]["height"] == pytest.approx(2.0, rel=0.01)


def test_thai_table_list_and_callout(cws: Path) -> None:
    data = _pdf(cws, "constructs-th", "th")
    assert _tables(data) == [[
        ["ยา", "ขนาด", "เวลา"],
        ["พาราเซตามอล 500 มิลลิกรัม", "2 เม็ด", "ทุก 6 ชั่วโมง"],
        ["ไอบูโพรเฟน", "1 เม็ด", "หลังอาหารทันที"],
    ]]  # fmt: skip
    flat = " ".join(_text(data).split())
    squashed = "".join(flat.split())
    assert "คำเตือน" in flat and "(www.example-clinic.org/wound-care)" in squashed and "(02 123 4567)" in flat
    assert "3. ล้างมือให้สะอาด" in flat and "5. ปิดแผลด้วยผ้าก๊อซใหม่" in flat


@pytest.mark.parametrize(
    "options",
    [{"profile": "large"}, {"layout": "a5-booklet"}, {"layout": "2up"}, {"profile": "large", "layout": "a5-booklet"}],
)
def test_every_profile_and_layout(cws: Path, options: dict[str, str]) -> None:
    data = _pdf(cws, "constructs", "en", **options)
    flat = " ".join(_text(data).split())
    for words in ("Paracetamol", "every 6 hours", "Wash your hands", "with both hands", "Keep this sheet."):
        assert words in flat


def test_bilingual_pairs_constructs(cws: Path) -> None:
    ctx = RenderContext(cws)
    data = render("constructs", "demo", "en+th", ctx).pdf  # no Thai catalog entries: both columns in English
    codes = set(ctx.diagnostics.codes())
    assert "i18n.untranslated" in codes and codes <= {"i18n.untranslated", "i18n.unsigned"}  # a draft: never signed off
    tables = _tables(data)  # side by side: the two columns' tables (split across a page: header repeated)
    assert all(t[0] == ["Medicine", "Dose", "When"] for t in tables)
    body = sorted(r[0] for t in tables for r in t[1:])
    assert body == sorted(["Paracetamol 500 mg", "Ibuprofen info (med.example.org)"] * 2)
    flat = " ".join(_text(data).split())
    assert flat.count("with both hands") == 2 and flat.count("Keep this sheet.") == 2


def test_wide_table_reflows_as_label_value_rows(cws: Path) -> None:
    head = "| " + " | ".join(f"Column heading {k}" for k in range(9)) + " |\n"
    sep = "|" + "---|" * 9 + "\n"
    row = "| " + " | ".join(f"Supercalifragilistic{k}" for k in range(9)) + " |\n"
    write_article(cws, "wide", head + sep + row)
    tables = _tables(_pdf(cws, "wide", "en"))
    rows = [r for t in tables for r in t]
    assert ["Column heading 0", "Supercalifragilistic0"] in rows and ["Column heading 8", "Supercalifragilistic8"] in rows


def test_long_table_repeats_its_header_and_never_splits_a_row(cws: Path) -> None:
    rows = "".join(f"| Day {k} | Take {k} tablets with water, then rest for a while | {k * 10} mg |\n" for k in range(1, 71))
    write_article(cws, "long-table", "| Day | What to do | Dose |\n|---|---|--:|\n" + rows)
    data = _pdf(cws, "long-table", "en")
    tables = _tables(data)
    assert len(tables) >= 2
    seen = []
    for t in tables:
        assert t[0] == ["Day", "What to do", "Dose"]  # the header on every page
        for r in t[1:]:
            k = int(r[0].split()[1])
            assert r == [f"Day {k}", f"Take {k} tablets with water, then rest for a while", f"{k * 10} mg"]
            seen.append(k)
    assert seen == list(range(1, 71))


def test_long_list_crosses_pages_without_orphans(cws: Path) -> None:
    items = "".join(
        f"{k}. Step {k}: change the dressing, wash the skin around the wound gently with clean water and pat it dry.\n"
        + "   - check the wound\n"
        for k in range(1, 41)
    )
    write_article(cws, "long-list", items)
    data = _pdf(cws, "long-list", "en")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [(p.extract_text() or "").splitlines() for p in pdf.pages]
    assert len(pages) >= 3
    numbers = [int(m.group(1)) for lines in pages for ln in lines if (m := re.match(r"^(\d+)\. Step", ln.strip()))]
    assert numbers == list(range(1, 41))
    for lines in pages:
        body = [ln for ln in lines if "Step" in ln or "check the wound" in ln or "pat it dry" in ln]
        if body:  # a page never starts with the tail of an item, never ends with a lone item line
            assert not body[0].strip().startswith(("and pat", "water and"))
            assert "Step" not in body[-1] or body[-1].rstrip().endswith(("dry.", "and pat it", "water and pat it dry."))


DEMO = "spine-surgery-home-care"


@pytest.mark.parametrize(
    ("lang", "options"),
    [("th", {}), ("en", {}), ("th", {"profile": "large"}), ("en", {"layout": "a5-booklet"}), ("th", {"layout": "2up"}),
     ("th+en", {}), ("th+en", {"layout": "a5-booklet"}), ("en", {"profile": "large", "layout": "a5-booklet"})],
)  # fmt: skip
def test_demo_article_prints_cleanly_everywhere(lang: str, options: dict[str, str]) -> None:
    from tests.conftest import REPO

    data = _pdf(REPO, DEMO, lang, **options)  # no warning of any kind
    if "layout" in options:
        return  # imposed sheets: two pages side by side, their text interleaves when extracted
    flat = " ".join(_text(data).split())
    if lang.startswith("th"):
        assert "คำเตือน" in flat and "1669" in flat and "500 มก." in flat
    if lang.endswith("en"):
        assert "Warning" in flat and "Paracetamol" in flat and "demo-clinic.example/wound-care" in "".join(flat.split())


@pytest.mark.parametrize("lang", ["th", "en"])
def test_demo_schedule_table_reads_back(lang: str) -> None:
    from tests.conftest import REPO

    rows = [r for t in _tables(_pdf(REPO, DEMO, lang)) for r in t]
    doses = {"th": ["2 เม็ด", "1 แคปซูล", "1 แคปซูล", "2 เม็ด"], "en": ["2 tablets", "1 capsule", "1 capsule", "2 tablets"]}
    assert len(rows) == 5 and [r[1] for r in rows[1:]] == doses[lang]
    assert rows[1][0].replace(" ", "").startswith({"th": "พาราเซตามอล500", "en": "Paracetamol500"}[lang])


@pytest.mark.parametrize(
    ("lang", "head", "row"),
    [
        ("en", ["Day", "Medicine", "Dose", "Food", "Advice"],
         ["Day {k}", "Amoxicillin 500 mg", "2 capsules", "after food",
          "Take with a full glass of water and finish the whole course even if you feel better"]),
        ("th", ["วัน", "ยา", "จำนวน", "คำแนะนำ"],
         ["วันที่ {k}", "พาราเซตามอล 500 มก.", "2 เม็ด",
          "หลังอาหารเช้าและเย็น ดื่มน้ำตามมาก ๆ อย่างน้อยหนึ่งแก้ว และพักผ่อนให้เพียงพอทุกวัน"]),
    ],
)  # fmt: skip
def test_a_short_column_beside_a_long_one_stays_a_table(cws: Path, lang: str, head: list[str], row: list[str]) -> None:
    """A column whose whole content is narrower than three ems ("Day 1") fits as it is: the table
    is a ruled table of its columns, not label–value rows (it was, because the long column's share
    squeezed the short one below three ems)."""
    rows = "".join("| " + " | ".join(c.format(k=k) for c in row) + " |\n" for k in (1, 2))
    write_article(cws, f"short-col-{lang}", "| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n" + rows,
                  lang=lang)  # fmt: skip
    tables = _tables(_pdf(cws, f"short-col-{lang}", lang))
    squashed = [[["".join(c.split()) for c in r] for r in t] for t in tables]  # (a Thai cell wraps without a space)
    want = [head, *[[c.format(k=k) for c in row] for k in (1, 2)]]
    assert squashed == [[["".join(c.split()) for c in r] for r in want]]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_thai_web_address_prints_its_letters(cws: Path, lang: str) -> None:
    """A link to ``…/wiki/ยาแก้ปวด`` printed its target percent-escaped on paper
    (``wiki/%E0%B8%A2…``, which no patient can type); it prints the letters, and the link
    itself still goes to the escaped address."""
    write_article(cws, f"thai-url-{lang}", "Read [this page](https://th.wikipedia.org/wiki/ยาแก้ปวด) first.\n\n"
                  "| Medicine | Page |\n|---|---|\n| Paracetamol | [read](https://th.wikipedia.org/wiki/พาราเซตามอล) |\n",
                  lang=lang)  # fmt: skip
    data = _pdf(cws, f"thai-url-{lang}", lang)
    squashed = "".join(_text(data).split())
    assert "(th.wikipedia.org/wiki/ยาแก้ปวด)" in squashed and "(th.wikipedia.org/wiki/พาราเซตามอล)" in squashed
    assert "%E0" not in squashed
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        uris = {h["uri"] for p in pdf.pages for h in p.hyperlinks}
    assert "https://th.wikipedia.org/wiki/%E0%B8%A2%E0%B8%B2%E0%B9%81%E0%B8%81%E0%B9%89%E0%B8%9B%E0%B8%A7%E0%B8%94" in uris


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_thai_host_name_and_an_escaped_phone_number_print_as_a_patient_types_them(cws: Path, lang: str) -> None:
    """A link to ``https://ไทย.ไทย/`` printed its host as IDNA (``xn--o3cw4h.xn--o3cw4h``), and one to
    ``tel:+66%202%20123%204567`` printed ``+66%202%20123%204567`` (and beside the number written out,
    again): they print ``ไทย.ไทย`` and ``02 123 4567``; the links still go to the encoded addresses."""
    write_article(cws, f"idn-{lang}", "See [the ministry](https://ไทย.ไทย/) or [call the ward](tel:+66%202%20123%204567).\n\n"
                  "Or call [02 123 4567](tel:+66%202%20123%204567).\n", lang=lang)  # fmt: skip
    data = _pdf(cws, f"idn-{lang}", lang)
    squashed = "".join(_text(data).split())
    assert "(ไทย.ไทย)" in squashed and "(021234567)" in squashed and "Orcall021234567." in squashed
    assert "xn--" not in squashed and "%20" not in squashed
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        uris = {h["uri"] for p in pdf.pages for h in p.hyperlinks}
    assert {"https://xn--o3cw4h.xn--o3cw4h/", "tel:+66%202%20123%204567"} <= uris


def test_an_autolink_to_a_phone_or_an_address_prints_without_its_scheme(cws: Path) -> None:
    """``<tel:+6621234567>`` printed ``tel:+6621234567`` and ``<mailto:…>`` ``mailto:…``: a patient
    dials ``02 123 4567`` and writes to the address alone; the links still go where they did."""
    write_article(cws, "autolinks", "Call <tel:+6621234567> or write to <mailto:ward@clinic.example>.\n", lang="en")
    data = _pdf(cws, "autolinks", "en")
    squashed = "".join(_text(data).split())
    assert "Call021234567orwritetoward@clinic.example." in squashed, squashed[:300]
    assert "tel:" not in squashed and "mailto:" not in squashed
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        uris = {h["uri"] for p in pdf.pages for h in p.hyperlinks}
    assert {"tel:+6621234567", "mailto:ward@clinic.example"} <= uris


@pytest.mark.parametrize(("lang", "options"), [("en", {}), ("th", {})])
def test_label_value_rows_mark_where_each_source_row_starts(cws: Path, lang: str, options: dict[str, str]) -> None:
    """A table printed as label–value rows drew every line alike, so one medicine's rows ran into
    the next one's ("Doctor Dr. A / Medicine Insulin"): a heavier rule now starts each source row
    after the first, and the rows still read back as label–value pairs."""
    head = "| " + " | ".join(f"Column heading {k}" for k in range(9)) + " |\n|" + "---|" * 9 + "\n"
    rows = "".join("| " + " | ".join(f"Supercalifragilistic{r}{k}" for k in range(9)) + " |\n" for r in range(3))
    write_article(cws, f"stacked-{lang}", head + rows, lang=lang)
    data = _pdf(cws, f"stacked-{lang}", lang, **options)
    starts = marked = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            heavy = [ln["top"] for ln in page.lines if ln["linewidth"] >= 1.5 and ln["top"] == ln["bottom"]]
            for t in page.find_tables():
                for i, (row, cells) in enumerate(zip(t.rows, t.extract(), strict=True)):
                    if i > 0 and (cells[0] or "").strip() == "Column heading 0":  # a source row, not at a page's top
                        starts += 1
                        marked += any(abs(top - row.bbox[1]) < 1 for top in heavy)
    assert starts >= 1 and marked == starts, (starts, marked)
    pairs = [r for t in _tables(data) for r in t]
    assert ["Column heading 8", "Supercalifragilistic28"] in pairs and ["Column heading 0", "Supercalifragilistic10"] in pairs


@pytest.mark.parametrize("lang", ["en", "th"])
def test_task_boxes_and_closing_parentheses_print(cws: Path, lang: str) -> None:
    """A task item prints a box (❏, ✓ when ticked) where its bullet was, without the author's
    brackets and without a fallback-font warning (the box is the layout's own marker); ``5)``
    prints ``5)``."""
    words = {"en": ("Your ID card", "Your medicines", "Stop eating"), "th": ("บัตรประชาชน", "ยาที่ใช้อยู่", "งดอาหาร")}[lang]
    write_article(cws, "tasks", f"- [ ] {words[0]}\n- [x] {words[1]}\n\n5) {words[2]}\n6) {words[0]}\n", lang=lang)
    text = _text(_pdf(cws, "tasks", lang))
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    assert f"\u274f {words[0]}" in lines and f"\u2713 {words[1]}" in lines
    assert f"5) {words[2]}" in lines and f"6) {words[0]}" in lines
    assert "[ ]" not in text and "[x]" not in text


@pytest.mark.parametrize("options", [{}, {"profile": "large"}])
def test_a_table_with_an_empty_header_row_prints_and_tags_no_header(cws: Path, options: dict[str, str]) -> None:
    """``| | |`` over ``|---|---|`` is how Markdown writes a table without a header: it printed a
    blank shaded bar over empty ``TH`` cells. Now no header row is drawn or tagged; its rows (and, as
    label-value rows in large print, its cells) read back as written."""
    import pikepdf

    from tests.pdf import ua_checker

    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    doses = ["1 tablet", "2 tablets", "1 tablet", "2 tablets", "1 tablet", "rest"]
    body = ("| | |\n|---|---|\n| Metformin 500 mg | after breakfast and dinner |\n| Amlodipine 5 mg | in the morning |\n\n"
            "|" + " |" * 6 + "\n|" + "---|" * 6 + "\n| " + " | ".join(days) + " |\n| " + " | ".join(doses) + " |\n")  # fmt: skip
    write_article(cws, "headless", body)
    data = _pdf(cws, "headless", "en", **options)
    assert ua_checker.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        roles = [str(e.S) for e in ua_checker.elements(pdf)]
    assert roles.count("/Table") == 2 and "/THead" not in roles and "/TH" not in roles, roles
    rows = [r for t in _tables(data) for r in t]
    assert ["Metformin 500 mg", "after breakfast and dinner"] in rows and ["Amlodipine 5 mg", "in the morning"] in rows
    assert all(any(c.strip() for c in r) for r in rows), rows  # no blank header row
    cells = [c for r in rows for c in r]
    assert all(d in cells for d in days + doses), cells


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_column_of_web_addresses_wraps_them_and_stays_a_table(cws: Path, lang: str) -> None:
    """A web address is printed whole where it fits, and wraps before a ``/`` in a narrow column: the
    table stays a ruled table of its columns (it fell back to label–value rows when a whole web
    address counted as the column's narrowest width), and each address reads back whole."""
    urls = ["https://www.dmthai.org/patients/foot-care-guidelines", "https://www.niems.go.th/1/Home/Main",
            "https://demo-clinic.example/appointments/online"]
    names = ["Diabetes association of Thailand", "Emergency medical service", "Demo clinic appointments"]
    head = ["Service", "Phone", "Website", "Hours"]
    rows = "".join(f"| {n} | 02 123 456{k} | {u} | every day, 24 hours |\n" for k, (n, u) in enumerate(zip(names, urls)))
    write_article(cws, f"url-col-{lang}", "| " + " | ".join(head) + " |\n|" + "---|" * 4 + "\n" + rows, lang=lang)
    tables = _tables(_pdf(cws, f"url-col-{lang}", lang))
    assert len(tables) == 1 and tables[0][0] == head, tables
    assert ["".join(row[2].split()) for row in tables[0][1:]] == urls
