"""Half the paragraphs of a handout new to the disk cache prepared in a forked child
(:mod:`handouts.typesetting.apart`): every paragraph ends up in the cache, the child's read back
as the next run would; too little text, the cache off or no fork possible leave everything to
the layout; personal text never reaches the child nor the cache; the warm-up stores nothing of
its sample. (Byte-identical PDFs with and without the child: ``test_model_ahead.py``.)"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from handouts import prefetch
from handouts.typesetting import apart, diskcache
from handouts.typesetting.flowable import TextBlock, collected, warm_up
from handouts.typesetting.spans import Span, TextStyle
from tests.typesetting.cachestate import fresh_process_state, use_cache_folder

forks = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and 2 CPUs")
SENTENCES = ("ผู้ป่วยควรลุกเดินวันละสามครั้งหลังผ่าตัด", "Walk three times a day after the operation",
             "ถ้ามีไข้สูงให้โทรหาคลินิกทันที", "Call the clinic at once if you have a high fever")  # fmt: skip


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = use_cache_folder(tmp_path, monkeypatch)
    fresh_process_state()
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # (a thread another test left)
    return folder


def _blocks(n: int, private: tuple[int, ...] = ()) -> list[TextBlock]:
    with collected() as made:
        for k in range(n):
            text = f"{SENTENCES[k % len(SENTENCES)]} {k} " * 6
            TextBlock((Span(text, TextStyle(face="bold" if k % 5 == 0 else "regular")),), leading=18.0,
                      private=k in private)  # fmt: skip
    assert len(made) == n
    return made


def _stored_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@forks
def test_the_child_prepares_the_later_paragraphs_and_this_process_reads_them(cache_dir: Path) -> None:
    blocks = _blocks(24)
    assert sum(len(b.text) for b in blocks) >= apart.APART_MIN
    assert all(b.unprepared() for b in blocks)
    ran: list[int] = []
    assert apart.prepare_apart(blocks, meanwhile=lambda: ran.append(os.getpid())) is True
    assert ran == [os.getpid()], "meanwhile runs here"
    here = [b for b in blocks if b._prep is not None]
    there = [b for b in blocks if b._prep is None]
    assert here and there and blocks.index(there[0]) == len(here), "this process: the earlier ones; the child: the rest"
    assert not any(b.unprepared() for b in blocks), "every paragraph is in the disk cache now"
    hits = diskcache.STATS.hits
    for b in there:
        b.prepare()
    assert diskcache.STATS.hits == hits + len(there), "the child's paragraphs are read back, not made again"
    fresh_process_state()
    made_here = [TextBlock(b.spans, leading=18.0, private=True) for b in blocks]  # (private: made, not read)
    for a, b in zip(made_here, blocks, strict=True):
        mine, read = a._prepared(), b._prepared()
        assert (repr(mine.atoms), mine.cuts, mine.junctures) == (repr(read.atoms), read.cuts, read.junctures)


@forks
def test_personal_text_never_reaches_the_child_or_the_cache(cache_dir: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    log = tmp_path / "prepared"
    real = TextBlock.prepare

    def prepare(self: TextBlock) -> None:  # which process prepared which block (the child's writes land here too)
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {self.text.split()[-1]}\n")
        real(self)

    monkeypatch.setattr(TextBlock, "prepare", prepare)
    blocks = _blocks(24, private=(20, 21, 22, 23))
    assert apart.prepare_apart(blocks, meanwhile=lambda: None) is True
    done = [line.split() for line in log.read_text("utf-8").splitlines()]
    assert {pid for pid, _ in done} - {str(os.getpid())}, "the child prepared some"
    assert sorted(int(k) for _, k in done) == list(range(20)), "every kept paragraph once, no personal one"
    assert all(b._prep is None for b in blocks[20:]) and all(b.unprepared() is False for b in blocks[20:])
    before = _stored_bytes(cache_dir)
    for b in blocks[20:]:
        b.prepare()  # (as the layout does: here, and never stored)
    assert _stored_bytes(cache_dir) == before


def test_nothing_forks_for_little_text_with_the_cache_off_or_unwritable_or_without_a_fork(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    forked: list[int] = []
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or 0)  # (never called: a call would show here)
    ran: list[str] = []
    small = _blocks(2)
    assert sum(len(b.text) for b in small) < apart.APART_MIN
    assert apart.prepare_apart(small, meanwhile=lambda: ran.append("small")) is False
    monkeypatch.setattr(prefetch, "possible", lambda: False)
    assert apart.prepare_apart(_blocks(24), meanwhile=lambda: ran.append("no fork")) is False
    monkeypatch.setattr(prefetch, "possible", lambda: True)
    blocked = cache_dir.parent / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(blocked))  # nothing can be written there
    assert apart.prepare_apart(_blocks(24), meanwhile=lambda: ran.append("unwritable")) is False
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    monkeypatch.setattr(diskcache, "_enabled", None)
    assert apart.prepare_apart(_blocks(24), meanwhile=lambda: ran.append("cache off")) is False
    assert forked == [] and ran == []


@forks
def test_prepared_paragraphs_are_not_sent_again(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks(24)
    for b in blocks:
        b.prepare()
    fresh_process_state()
    again = [TextBlock(b.spans, leading=18.0) for b in blocks]
    assert not any(b.unprepared() for b in again), "in the disk cache"
    forked: list[int] = []
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or 0)
    assert apart.prepare_apart(again, meanwhile=lambda: None) is False and forked == []


def test_the_warm_up_stores_nothing_of_its_sample(cache_dir: Path) -> None:
    from handouts.typesetting.fonts import font_set

    warm_up(("ภาษา",))
    faces = font_set().faces
    assert faces["bold"]._rl_registered and faces["italic"]._rl_registered
    assert "ภาษาไทย".encode() not in _stored_bytes(cache_dir) and b"Thai 1" not in _stored_bytes(cache_dir)


def test_blocks_are_collected_per_thread_and_only_inside(cache_dir: Path) -> None:
    """``serve`` lays out in threads: each layout lists only its own blocks, and a block made
    outside every listing is in none (a listing left open by another thread would keep every
    later block alive)."""
    barrier = threading.Barrier(2)
    lists: dict[str, list[TextBlock]] = {}

    def lay_out(name: str) -> None:
        with collected() as made:
            barrier.wait()  # both threads inside their listing at once
            TextBlock((Span(name, TextStyle()),), leading=18.0)
            barrier.wait()
        lists[name] = made

    threads = [threading.Thread(target=lay_out, args=(name,)) for name in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert {name: [b.text for b in made] for name, made in lists.items()} == {"first": ["first"], "second": ["second"]}
    with collected() as outer:
        with collected() as inner:
            TextBlock((Span("inner", TextStyle()),), leading=18.0)
        TextBlock((Span("outer", TextStyle()),), leading=18.0)
    assert [b.text for b in inner] == ["inner"] and [b.text for b in outer] == ["outer"]
    TextBlock((Span("after", TextStyle()),), leading=18.0)
    assert [b.text for b in outer] == ["outer"], "a block made after the listing is in none"
