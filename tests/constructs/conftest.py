"""A workspace with articles that use every construct (lists, tables, callouts, images, links), in English and Thai."""

from __future__ import annotations

from pathlib import Path

import pytest

FRONT = """---
title: "{title}"
lang: {lang}
author: "Nurse A"
reviewer: "Committee B"
reviewed: 2026-11-01
next_review: 2028-11-01
source: "test"
version: "1"
---

"""

EN = """Take your medicines as shown. Read the [clinic page](https://www.example-clinic.org/wound-care/) or the [guide][g], \
see <https://x.example.org>, call [our nurse](tel:+6621234567) or [write to us](mailto:care@example.org). Type `OK` to confirm.\\
This line follows a hard break.

#### Before you start

3. Wash your hands
4. Open the dressing pack:
   - keep it clean
   - do not touch the pad
     1. hold the edges
        - with both hands
5. Put on the new dressing

---

| Medicine | Dose | When |
|:--|:-:|--:|
| Paracetamol **500 mg** | 2 tablets | every 6 hours |
| Ibuprofen [info](https://med.example.org) | 1 tablet | *after food* |

> [!WARNING]
> Go to hospital if you have a **fever** over 38 °C.
>
> - the wound is red
> - pus comes out

> [!TIP]
> Keep this sheet.

> A quote from a patient.

![A red circle in a blue box](images/box.svg "The wound and the dressing")

![A navy dot on white](images/dot.png)

[g]: https://guide.example.org/care
"""

TH = """กินยาตามตารางนี้ อ่าน[หน้าคลินิก](https://www.example-clinic.org/wound-care/) หรือโทร[หาพยาบาล](tel:+6621234567)

3. ล้างมือให้สะอาด
4. เปิดชุดทำแผล:
   - วางบนโต๊ะที่สะอาด
   - อย่าจับผ้าก๊อซ
5. ปิดแผลด้วยผ้าก๊อซใหม่

| ยา | ขนาด | เวลา |
|:--|:-:|--:|
| พาราเซตามอล 500 มิลลิกรัม | 2 เม็ด | ทุก 6 ชั่วโมง |
| ไอบูโพรเฟน | 1 เม็ด | หลังอาหารทันที |

> [!WARNING]
> ไปโรงพยาบาลทันทีถ้ามีไข้สูงกว่า 38 องศา

![วงกลมสีแดงในกรอบสีฟ้า](images/box.svg "แผลและผ้าปิดแผล")
"""

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200">'
    '<rect x="10" y="10" width="380" height="180" fill="#ddeeff" stroke="#1F4E79" stroke-width="4"/>'
    '<circle cx="200" cy="100" r="60" fill="#B42318"/></svg>'
)


def write_article(ws: Path, name: str, body: str, *, lang: str = "en", title: str = "Constructs") -> Path:
    path = ws / "articles" / f"{name}.md"
    path.write_text(FRONT.format(title=title, lang=lang) + body, encoding="utf-8")
    return path


@pytest.fixture
def cws(workspace: Path) -> Path:
    """The demo workspace plus ``constructs`` (English) and ``constructs-th`` (written in Thai)."""
    from PIL import Image, ImageDraw

    images = workspace / "articles" / "images"
    images.mkdir(exist_ok=True)
    im = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(im).ellipse((50, 50, 250, 250), fill="navy")
    im.save(images / "dot.png")
    (images / "box.svg").write_text(SVG, encoding="utf-8")
    write_article(workspace, "constructs", EN)
    write_article(workspace, "constructs-th", TH, lang="th", title="ทดสอบ")
    return workspace
