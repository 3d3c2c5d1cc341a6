"""Scripts beyond Thai: itemized and shaped per run; a registered segmenter lets their lines break."""

from __future__ import annotations

import pytest

from handouts.typesetting import segment
from handouts.typesetting.segment import break_opportunities, register_segmenter
from handouts.typesetting.shaping import itemize

LAO = "ສະບາຍດີ ການປິ່ນປົວ"  # "hello" "treatment"


def test_lao_is_its_own_run() -> None:
    assert [s for s, _ in itemize("ปวด ສະບາຍດີ ok")] == ["Thai", "Laoo", "Latn"]


def test_without_a_segmenter_lao_breaks_only_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "SEGMENTERS", {})
    assert break_opportunities(LAO) == [LAO.index("ການ")]


def test_a_registered_segmenter_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "SEGMENTERS", {})
    words = ("ສະບາຍ", "ດີ", "ການ", "ປິ່ນປົວ")

    def lao_words(run: str) -> list[int]:  # a toy dictionary segmenter: longest match
        out, i = [0], 0
        while i < len(run):
            w = next((w for w in words if run.startswith(w, i)), run[i])
            i += len(w)
            out.append(i)
        return out

    register_segmenter("Laoo", lao_words)
    cuts = break_opportunities(LAO)
    assert [LAO[i:] for i in cuts] == ["ດີ ການປິ່ນປົວ", "ການປິ່ນປົວ", "ປິ່ນປົວ"]
    # never before a mark (ິ, ່), whatever the segmenter says
    assert all(not segment.is_mark(LAO[i]) for i in cuts)


@pytest.mark.parametrize(
    "words",
    [
        ("ខេត្ត", "កំពង់ចាម", "ផ្ដល់", "សេវា"),  # Khmer is written with ZWSP between words
        ("ສະບາຍ", "ດີ", "ຫຼາຍ"),
        ("ကျန်းမာ", "ရေး", "ဌာန"),
        ("blood", "pressure"),
    ],
)
def test_a_zero_width_space_is_a_break_after_it(words: tuple[str, ...]) -> None:
    """U+200B marks a word end in any script: a line may start after it (UAX #14, class ZW),
    even where the run's segmenter would keep the words together."""
    text = "\u200b".join(words)
    ends = [sum(len(w) + 1 for w in words[: k + 1]) for k in range(len(words) - 1)]
    assert set(ends) <= set(break_opportunities(text))


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("ດື່ມນ້ຳຫຼາຍ ໆ ທຸກມື້", "ໆ"),  # Lao repetition mark, written after a space
        ("ຂຽນ ຯ ແລ້ວ", "ຯ"),
        ("ផឹកទឹកច្រើន ៗ រាល់ថ្ងៃ", "ៗ"),  # Khmer repetition mark
        ("លេបថ្នាំ ។ ផឹកទឹក", "។"),  # Khmer khan (full stop)
        ("ទូរស័ព្ទ ៖ ០១២", "៖"),  # Khmer colon
        ("ဆေးသောက်ပါ ။ နောက်တစ်ခု", "။"),  # Burmese full stop
        ("ဆေး ၊ ရေ ၊ အစာ", "၊"),  # Burmese comma
    ],
)
def test_no_line_starts_with_a_repetition_mark_or_sentence_end(text: str, mark: str) -> None:
    """The marks that close a word or a sentence never begin a line, even after a space (as
    Thai's ๆ and ฯ do not)."""
    assert all(text[i] != mark for i in break_opportunities(text))
