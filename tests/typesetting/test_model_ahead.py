"""The model built in a forked child while the typesetter loads (:mod:`handouts.prefetch`).

The child only fills the model cache: the PDF is byte-identical to a render that builds its
model itself (and to one with an empty cache); the entry it leaves is complete (the next render
parses no Markdown); a refused translation is reported by this process, once, exactly as
without a child; and :func:`~handouts.prefetch.side_by_side` discards the child's output,
ignores its failures, kills it when this process's half fails, reaps it, and never forks where
it may not. An article new to the cache has half its paragraphs prepared by a second child
(:mod:`handouts.typesetting.apart`, tested in ``test_apart.py``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from handouts import modelcache, prefetch
from handouts.content import inline
from tests.typesetting.cachestate import fresh_process_state, use_cache_folder
from tests.typesetting.test_model_steps import ARTICLE, _edit_catalog

forks = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and 2 CPUs")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_cache_folder(tmp_path, monkeypatch)


@pytest.fixture
def sides(monkeypatch: pytest.MonkeyPatch) -> list[bool | None]:
    """What each :func:`prefetch.side_by_side` call returned (a thread left by another test must not stop the fork)."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    said: list[bool | None] = []
    real = prefetch.side_by_side

    def spy(child: object, here: object) -> bool | None:
        said.append(real(child, here))  # type: ignore[arg-type]
        return said[-1]

    monkeypatch.setattr(prefetch, "side_by_side", spy)
    return said


def _record_forks(monkeypatch: pytest.MonkeyPatch, then: Callable[[], object] = lambda: None) -> list[int]:
    """The children :func:`os.fork` makes from now on (``then`` runs in both right after it); a
    thread left by another test must not stop the fork."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    forked: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        then()
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    return forked


def _render(ws: Path, ahead: bool) -> tuple[bytes, list[str]]:
    from handouts.pipeline import RenderContext, render

    fresh_process_state()
    ctx = RenderContext(ws, ahead=ahead)
    pdf = render(ARTICLE, "demo", "th", ctx).pdf
    return pdf, [f"{d.code}: {d.message}" for d in ctx.diagnostics.items]


@forks
def test_a_changed_catalog_renders_the_same_bytes_with_its_model_built_ahead(
    workspace: Path, cache_dir: Path, fixed_date: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    sides: list[bool | None],
) -> None:  # fmt: skip
    empty, warned_empty = _render(workspace, ahead=True)
    assert sides == [True, True], "an empty cache: the model built by one child, half the paragraphs by another"
    assert modelcache.STATS.hits == 1, "the model comes from the child's entry"
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    unedited = po.read_text("utf-8")
    _edit_catalog(workspace)
    ahead, warned = _render(workspace, ahead=True)
    assert sides == [True, True, True] and modelcache.STATS.hits == 1, "the changed model from the child's entry"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "other"))
    alone, warned_alone = _render(workspace, ahead=False)
    assert ahead == alone and warned == warned_alone
    assert sides == [True, True, True], "no child unless the render asks for one"
    po.write_text(unedited, "utf-8")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "third"))
    assert _render(workspace, ahead=False) == (empty, warned_empty)


@forks
def test_the_entry_left_ahead_holds_the_layouts_markdown_too(
    workspace: Path, cache_dir: Path, fixed_date: object, sides: list[bool | None],
) -> None:  # fmt: skip
    _render(workspace, ahead=False)
    _edit_catalog(workspace)
    first, _ = _render(workspace, ahead=True)
    assert sides == [True]
    again, _ = _render(workspace, ahead=True)  # unchanged: the model entry, no child
    assert sides == [True] and modelcache.STATS.hits == 1 and again == first
    assert inline._parse_inline.cache_info().misses == 0, "every inline text came with the model"
    _edit_catalog(workspace, "ยัง")  # the next change: the frame's texts come from the article's table
    _render(workspace, ahead=True)
    assert sides == [True, True] and inline._parse_inline.cache_info().misses == 0


@forks
def test_a_refused_translation_is_reported_here_once_and_nothing_is_stored(
    workspace: Path, cache_dir: Path, fixed_date: object, sides: list[bool | None],
) -> None:  # fmt: skip
    from handouts.errors import HandoutError

    _render(workspace, ahead=False)
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text("utf-8")
    assert "3 เดือน" in text
    po.write_text(text.replace("3 เดือน", "6 เดือน", 1), "utf-8")
    errors = []
    for ahead in (True, False):
        with pytest.raises(HandoutError) as caught:
            _render(workspace, ahead=ahead)
        errors.append(str(caught.value))
        assert modelcache.STATS.hits == 0
    assert sides == [False], "the child failed and stored nothing"
    assert errors[0] == errors[1]


@forks
def test_the_childs_output_is_discarded_and_its_work_done_elsewhere(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    mark, here = tmp_path / "child", []

    def child() -> None:
        print("from the child")
        os.write(2, b"child stderr\n")
        mark.write_text(str(os.getpid()))

    assert prefetch.side_by_side(child, lambda: here.append(os.getpid())) is True
    assert here == [os.getpid()] and int(mark.read_text()) != os.getpid()
    out, err = capfd.readouterr()
    assert "child" not in out + err

    def fails() -> None:
        raise ValueError("only the cache loses")

    assert prefetch.side_by_side(fails, lambda: None) is False


@forks
def test_a_failure_here_kills_and_reaps_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    mark, forked = tmp_path / "late", _record_forks(monkeypatch)

    def slow() -> None:
        time.sleep(30)
        mark.write_text("still ran")

    def here() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        prefetch.side_by_side(slow, here)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # reaped: not even a zombie is left
    assert not mark.exists()


def test_no_fork_where_it_is_not_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # serve renders in threads
    assert not prefetch.possible()
    assert prefetch.side_by_side(lambda: ran.append("child"), lambda: ran.append("here")) is None
    assert ran == ["here"]
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert not prefetch.possible(), "one CPU: the child would only take turns with this process"


@forks
def test_an_interrupt_as_the_child_starts_ends_it_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C delivered between the fork and the child's own set-up (held until then) ends the
    child in its own handler: it never returns into this process's code, which reports the
    interrupt once and leaves no child behind."""
    import signal

    # SIGINT right after the fork, in both: held by the mask until each side is ready. Sent to this
    # thread: a thread another test left running (the CLI never forks with one) would otherwise
    # take the process's signal and have it raised here at any later point, even before the mask
    # is lifted inside side_by_side's try
    def interrupt() -> None:
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    mark, forked = tmp_path / "escaped", _record_forks(monkeypatch, then=interrupt)
    try:
        prefetch.side_by_side(lambda: None, lambda: None)
    except KeyboardInterrupt:
        pass
    else:
        pytest.fail("the interrupt was lost")
    finally:
        if not forked:  # this is the child, back in the parent's code: the bug this test is for
            mark.write_text("child escaped")
            os._exit(0)
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)
    assert not mark.exists()


@forks
def test_a_child_that_said_how_it_ended_is_reaped_by_the_exit_at_the_latest(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process goes on as soon as the child has handed back its work (not when its exit has
    unmapped its memory); the child is reaped then if it has ended, else at this process's exit."""
    forked = _record_forks(monkeypatch)
    monkeypatch.setattr(prefetch, "_ENDING", [])
    assert prefetch.side_by_side(lambda: None, lambda: None) is True
    assert len(forked) == 1
    if prefetch._ENDING:
        assert forked == prefetch._ENDING
        prefetch._reap()  # (what atexit runs)
    assert prefetch._ENDING == []
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # reaped: not even a zombie is left


def test_the_frames_warm_up_decodes_and_encodes_what_the_pages_draw(
    workspace: Path, cache_dir: Path, fixed_date: object, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """What a render of a new article decodes and encodes from the clinic file while its model is
    built elsewhere is exactly what its pages then draw: the logo at the frame's size and the QR
    code of the handout's address, so the layout neither decodes nor encodes again."""
    from handouts.layout import extras, images
    from handouts.pipeline import RenderContext, _warm_frame, render

    made: list[int] = []
    real = images._decode
    monkeypatch.setattr(images, "_decode", lambda data, size: made.append(size) or real(data, size))
    for lang, layout in (("th", "single"), ("en", "a5-booklet")):
        fresh_process_state()
        ctx = RenderContext(workspace, layout=layout)
        _warm_frame(ARTICLE, "demo", lang, ctx)
        assert images._pixels.cache_info().currsize == 1 and extras.qr_modules.cache_info().currsize == 1
        decoded = len(made)
        render(ARTICLE, "demo", lang, ctx)
        assert made[decoded:] == [], f"the logo was decoded again at {made[decoded:]} px"
        assert extras.qr_modules.cache_info().misses == 1, "the QR code was encoded again"


@forks
def test_a_cache_nothing_can_be_written_to_builds_the_model_here(
    workspace: Path, cache_dir: Path, fixed_date: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    sides: list[bool | None],
) -> None:  # fmt: skip
    """A new article whose cache folder takes no entry (a file in its place, a read-only disk):
    no child at all, since it could store neither the model nor the paragraphs; the same PDF."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(blocked))
    pdf, warned = _render(workspace, ahead=True)
    assert sides == [], "no fork whose work would be lost"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "writable"))
    assert _render(workspace, ahead=False) == (pdf, warned)
