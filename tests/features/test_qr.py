"""QR code to the online version: decodes (zxing-cpp on a 200 dpi raster) to the clinic's URL."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.branding import find_clinic, load_brand
from handouts.layout.extras import BesideTitle, ascii_uri
from handouts.pipeline import RenderContext, build_handout, layout_handout, resolve
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, BEFORE_REVIEW, norm, page_texts, qr_codes, raster, reader, render_pdf, run

DPI = 200


def _url(clinic: str, lang: str) -> str:
    brand = load_brand(find_clinic(clinic, REPO), REPO)
    url = brand.online_url(ARTICLE, lang)
    assert url is not None
    return url


@pytest.mark.parametrize("clinic", ["demo", "riverside"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_qr_decodes_to_the_online_url(clinic: str, lang: str) -> None:
    data = render_pdf(lang, clinic)
    codes = qr_codes(data, 0, DPI)
    assert [c.text for c in codes] == [_url(clinic, lang)]  # type: ignore[attr-defined]
    code = codes[0]
    assert code.ec_level in ("M", "Q", "H")  # type: ignore[attr-defined]
    pos = code.position  # type: ignore[attr-defined]
    width_mm = (pos.top_right.x - pos.top_left.x) / DPI * 25.4
    assert width_mm >= 20.0, f"the symbol is {width_mm:.1f} mm wide"
    # the URL is printed under the code, and the code is on page 1 only
    assert _url(clinic, lang) in norm(page_texts(data)[0])
    assert not qr_codes(data, 1, DPI)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_qr_quiet_zone_is_white(lang: str) -> None:
    ctx = RenderContext(REPO, today=BEFORE_REVIEW)
    article, brand = resolve(ARTICLE, "demo", ctx)
    laid = layout_handout(build_handout(article, brand, lang, ctx), brand, ctx)
    first = laid.pages[0][0].block
    assert isinstance(first, BesideTitle)
    qr = first.qr
    assert qr.module * qr.modules >= 20 * 72 / 25.4  # ≥ 2 cm without the quiet zone
    data = render_pdf(lang)
    img = raster(data, 0, DPI)
    pos = qr_codes(data, 0, DPI)[0].position  # type: ignore[attr-defined]
    x0, y0, x1, y1 = pos.top_left.x, pos.top_left.y, pos.bottom_right.x, pos.bottom_right.y
    quiet = int(4 * qr.module / 72 * DPI) - 2  # four modules, less a pixel of anti-aliasing each side
    px = img.load()  # type: ignore[attr-defined]
    for x in range(x0 - quiet, x1 + quiet):
        for y in list(range(y0 - quiet, y0 - 2)) + list(range(y1 + 3, y1 + quiet)):
            assert px[x, y] > 240, f"ink in the quiet zone at {(x, y)}"
    for y in range(y0 - quiet, y1 + quiet):
        for x in list(range(x0 - quiet, x0 - 2)) + list(range(x1 + 3, x1 + quiet)):
            assert px[x, y] > 240, f"ink in the quiet zone at {(x, y)}"


def test_qr_alt_text_is_kept_in_the_frame_and_on_the_link() -> None:
    data = render_pdf("en")
    annots = [a.get_object() for a in reader(data).pages[0].get("/Annots", [])]
    qr_links = [a for a in annots if a["/A"]["/URI"] == _url("demo", "en")]
    assert len(qr_links) == 1
    assert qr_links[0]["/Contents"] == f"QR code: read this handout online at {_url('demo', 'en')}"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_no_qr_option(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--lang", lang, "--no-qr", "-o", str(out))
    assert code == 0, err
    data = out.read_bytes()
    assert not qr_codes(data, 0, DPI)
    assert _url("demo", lang) not in norm(page_texts(data)[0])


def _clinic_copy(tmp_path: Path, online: str) -> Path:
    ws = tmp_path / "ws"
    for part in ("articles", "clinics", "templates", "locales"):
        shutil.copytree(REPO / part, ws / part)
    toml = ws / "clinics" / "demo.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[online]")
    end = text.index("[policy]")
    toml.write_text(text[:start] + online + text[end:], encoding="utf-8")
    return ws


def test_clinic_without_qr_url_prints_no_code(tmp_path: Path) -> None:
    ws = _clinic_copy(tmp_path, "")
    data = render_pdf("th", workspace=ws)
    assert not qr_codes(data, 0, DPI)


def test_invalid_qr_url_is_a_clear_error(tmp_path: Path) -> None:
    ws = _clinic_copy(tmp_path, '[online]\nqr_url = "ftp://x.example/{article}"\n\n')
    code, _, err = run("render", ARTICLE, "-w", str(ws), "-o", str(tmp_path / "h.pdf"))
    assert code == 1 and "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "qr_url" in lines[0]


def test_encoder_is_reportlabs_qr_code_widget() -> None:
    """The symbol drawn is the one ReportLab's ``QrCodeWidget`` makes (level M, same modules)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    from handouts.layout.extras import qr_modules

    url = _url("riverside", "th")
    widget = QrCodeWidget(url, barLevel="M")
    widget.qr.make()
    assert qr_modules(url) == tuple(tuple(bool(m) for m in row) for row in widget.qr.modules)


def test_the_mask_is_the_one_reportlab_picks() -> None:
    """extras.best_mask scores every mask as ReportLab's getLostPoint does and picks the same one,
    for codes of every error-correction level and many sizes (versions 1 to 10 and more)."""
    import random
    import string

    from handouts.layout.extras import best_mask, lost_points, qr_encoder

    enc = qr_encoder()
    rnd = random.Random(17)
    picked = set()
    for level in "LMQH":
        for _ in range(25):
            url = "https://" + "".join(rnd.choice(string.ascii_lowercase + "/.-_?=&") for _ in range(rnd.randrange(1, 200)))
            theirs = enc.QRCode(None, getattr(enc.QRErrorCorrectLevel, level))
            theirs.addData(url)
            theirs.version = theirs.calculate_version()
            ours = enc.QRCode(None, getattr(enc.QRErrorCorrectLevel, level))
            ours.addData(url)
            ours.version = ours.calculate_version()
            mask = best_mask(ours, enc)
            assert mask == theirs.getBestMaskPattern(), (level, url)
            picked.add(mask)
            for i in range(8):
                theirs.makeImpl(True, i)
                rows = ["".join("1" if m else "0" for m in row) for row in theirs.modules]
                assert lost_points(rows) == enc.QRUtil.getLostPoint(theirs), (level, url, i)
    assert len(picked) >= 6  # the codes above pick most masks: each scoring rule decided some


def test_a_thai_web_address_is_carried_as_an_ascii_uri_and_printed_as_written(tmp_path: Path) -> None:
    """A qr_url with Thai letters: the code and the link carry its ASCII URI (IDNA host, escaped
    path), which every reader and viewer opens; the URL under the code is printed as written."""
    ws = _clinic_copy(tmp_path, '[online]\nqr_url = "https://คลินิก.example/เอกสาร/{article}/{lang}"\n\n')
    data = render_pdf("th", workspace=ws)
    target = f"https://xn--12cf7d3b4db.example/{quote('เอกสาร')}/{ARTICLE}/th"
    assert [c.text for c in qr_codes(data, 0, DPI)] == [target]  # type: ignore[attr-defined]
    uris = [a.get_object()["/A"]["/URI"] for a in reader(data).pages[0].get("/Annots", [])]
    assert target in uris and all(str(u).isascii() for u in uris)
    assert "https://คลินิก.example/เอกสาร" in norm(page_texts(data)[0]).replace("\n", "")


_LETTERS = st.text(st.sampled_from("กขคงจฉมยาเอกสารabc-_09"), min_size=1, max_size=8)


@given(host=st.lists(_LETTERS.filter(lambda s: s[0] not in "-_" and s[-1] not in "-_" and "_" not in s),
                     min_size=1, max_size=3),
       path=st.lists(_LETTERS, max_size=4), query=st.one_of(st.just(""), _LETTERS))  # fmt: skip
def test_ascii_uri_is_ascii_and_means_the_same_address(host: list[str], path: list[str], query: str) -> None:
    url = f"https://{'.'.join(host)}.example/{'/'.join(path)}" + (f"?q={query}" if query else "")
    uri = ascii_uri(url)
    assert uri.isascii()
    parts, original = urlsplit(uri), urlsplit(url)
    assert parts.scheme == "https" and unquote(parts.path) == original.path and unquote(parts.query) == original.query
    assert parts.netloc.encode("ascii").decode("idna") == original.netloc.lower()
    if url.isascii():
        assert uri == url


@pytest.mark.parametrize("stem", ["ดื่มน้ำ", "ดื่มน้ำ วันละ 8 แก้ว", "faq?#1"])
def test_an_article_named_in_thai_prints_its_url_readable_and_the_code_carries_it_escaped(
    workspace: Path, tmp_path: Path, stem: str
) -> None:
    """An article file named in Thai printed its URL under the code percent-escaped
    (/%E0%B8%94%E0%B8%B7…), shrunk to 1.2 pt with a warning: unreadable by the patient."""
    source = (workspace / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    (workspace / "articles" / f"{stem}.md").write_text(source, encoding="utf-8")
    out = tmp_path / "h.pdf"
    code, _, err = run("render", stem, "-w", str(workspace), "--lang", "en", "-o", str(out),
                       env={"SOURCE_DATE_EPOCH": "1795564800"})  # fmt: skip
    assert code == 0, err
    assert "layout.url-small" not in err
    expected = f"https://demo-clinic.example/handouts/{quote(stem, safe='')}/en"
    data = out.read_bytes()
    assert [c.text for c in qr_codes(data, 0, DPI)] == [expected]  # type: ignore[attr-defined]
    printed = norm(page_texts(data)[0])
    assert norm(f"/handouts/{stem.replace(' ', '%20').replace('?', '%3F').replace('#', '%23')}/en") in printed
