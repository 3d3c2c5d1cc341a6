"""The batch's worker processes: every task once, affinity by key, a dead worker fails only its task."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.batch.workers import Key, Scheduler, _context, run_tasks
from tests.conftest import REPO

keys_st = st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xy")), max_size=30)


@given(keys_st, st.lists(st.integers(0, 3), max_size=80))
def test_every_task_is_handed_out_exactly_once(keys: list[Key], turns: list[int]) -> None:
    s = Scheduler(keys)
    given_out: list[int] = []
    for w in turns:  # workers asking in any order
        t = s.next(w)
        if t is not None:
            given_out.append(t)
    for w in range(4):  # then all of them until nothing is left
        while (t := s.next(w)) is not None:
            given_out.append(t)
    assert sorted(given_out) == list(range(len(keys)))
    assert len(s) == 0 and all(s.next(w) is None for w in range(4))


@given(keys_st, st.lists(st.integers(0, 2), max_size=80))
def test_a_worker_keeps_its_key_while_it_has_tasks(keys: list[Key], turns: list[int]) -> None:
    s = Scheduler(keys)
    left = Counter(keys)
    last: dict[int, Key] = {}
    for w in turns:
        t = s.next(w)
        if t is None:
            assert sum(left.values()) == 0
            continue
        if w in last and left[last[w]]:
            assert keys[t] == last[w], "moved before its key's tasks were done"
        left[keys[t]] -= 1
        last[w] = keys[t]


def test_starting_workers_spread_over_the_first_part_of_the_key() -> None:
    keys: list[Key] = [(lang, clinic) for _ in range(5) for clinic in ("demo", "riverside") for lang in ("th", "en")]
    s = Scheduler(keys)
    first, second = s.next(0), s.next(1)
    assert first is not None and second is not None
    assert keys[first][0] != keys[second][0], "both workers started on one language"
    # worker 0 finishes its key, then moves to the other key of its language (not the other language)
    while (t := s.next(0)) is not None and keys[t] == keys[first]:
        pass
    assert t is not None and keys[t][0] == keys[first][0] and keys[t] != keys[first]


def test_when_every_key_is_held_a_worker_shares_the_biggest() -> None:
    keys: list[Key] = [("a",)] * 6 + [("b",)] * 2
    s = Scheduler(keys)
    assert keys[s.next(0) or 0] == ("a",)
    assert s.next(1) == 6  # ("b",): free, though smaller
    assert s.next(1) == 7
    t = s.next(1)
    assert t is not None and keys[t] == ("a",)


# module level: forkserver and spawn pickle the function by name
def _square(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x * x


def _pid(x: int) -> int:
    return os.getpid()


def _die_on_five(x: int) -> int:
    if x == 5:
        os._exit(3)
    return x


def _collect(fn: object, tasks: list[int], n: int) -> dict[int, tuple[int | None, str | None]]:
    got: dict[int, tuple[int | None, str | None]] = {}

    def on_result(i: int, value: int | None, error: str | None) -> bool:
        assert i not in got
        got[i] = (value, error)
        return True

    run_tasks(fn, tasks, [(t % 2,) for t in tasks], n, on_result)  # type: ignore[arg-type]
    return got


def test_results_and_errors_come_back_for_every_task() -> None:
    got = _collect(_square, list(range(9)), 2)
    assert set(got) == set(range(9))
    assert got[3] == (None, "ValueError: three")
    assert all(got[i] == (i * i, None) for i in range(9) if i != 3)


def test_two_workers_are_two_processes_besides_this_one() -> None:
    pids = {v for v, _ in _collect(_pid, list(range(12)), 2).values()}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_dead_worker_fails_its_task_only_and_is_replaced() -> None:
    got = _collect(_die_on_five, list(range(12)), 2)
    assert set(got) == set(range(12))
    value, error = got[5]
    assert value is None and error == "worker process failed (exit code 3)"
    assert all(got[i] == (i, None) for i in range(12) if i != 5)


def test_stopping_early_leaves_the_rest_unstarted() -> None:
    seen: list[int] = []

    def on_result(i: int, value: int | None, error: str | None) -> bool:
        seen.append(i)
        return False

    run_tasks(_square, list(range(20)), [(0,)] * 20, 2, on_result)
    assert len(seen) == 1


def test_fork_when_alone_on_linux() -> None:
    """Workers forked from this process start with its imports (no interpreter start, no re-imports)."""
    import sys
    import threading

    if sys.platform != "linux" or threading.active_count() != 1:
        pytest.skip("fork is used on Linux in a single-threaded process only")
    assert _context(()).get_start_method() == "fork"
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert _context(()).get_start_method() != "fork", "forking a process with threads is unsafe"
    finally:
        done.set()
        thread.join()


def _mark_started(task: tuple[str, int]) -> int:
    folder, i = task
    Path(folder, f"started-{i}").touch()
    return i


def test_a_worker_goes_on_while_this_process_is_busy_with_its_last_result(tmp_path: Path) -> None:
    """A worker holds the task after the one it renders: while this process writes one result, it
    renders the next two, instead of waiting to be handed the next one."""
    started_during_first: list[int] = []

    def on_result(i: int, value: int | None, error: str | None) -> bool:
        if not started_during_first:
            deadline = time.monotonic() + 30
            while len(list(tmp_path.iterdir())) < 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            started_during_first.append(len(list(tmp_path.iterdir())))
        return True

    tasks = [(str(tmp_path), i) for i in range(6)]
    run_tasks(_mark_started, tasks, [(0,)] * 6, 1, on_result)
    assert started_during_first == [3]
    assert len(list(tmp_path.iterdir())) == 6


def _die_on_first(task: tuple[str, int]) -> int:
    folder, i = task
    if i == 0:
        os._exit(3)
    return _mark_started(task)


def test_the_task_a_dead_worker_held_next_is_run_by_its_successor(tmp_path: Path) -> None:
    got: dict[int, tuple[int | None, str | None]] = {}

    def on_result(i: int, value: int | None, error: str | None) -> bool:
        got[i] = (value, error)
        return True

    run_tasks(_die_on_first, [(str(tmp_path), i) for i in range(4)], [(0,)] * 4, 1, on_result)
    assert got == {0: (None, "worker process failed (exit code 3)"), 1: (1, None), 2: (2, None), 3: (3, None)}


_HOLD = """
import os, sys, time
from pathlib import Path

def hold(task):
    Path(os.environ["ORPHAN_DIR"], f"worker-{os.getpid()}").touch()
    time.sleep(600)  # a long render
"""
_ORPHAN_SCRIPT = """
import threading, time
from handouts.batch.workers import run_tasks
from orphan_hold import hold

if THREAD:  # another thread running: the workers come from the forkserver, not forked from here
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
run_tasks(hold, [1, 2], [("a",), ("b",)], 2, lambda i, r, e: True)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal: Linux")
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_die_with_a_batch_that_is_killed_outright(tmp_path: Path, method: str) -> None:
    """A batch killed with SIGKILL (the OOM killer) runs no clean-up: its workers must still end, or
    they render on forever and keep the output folder's lock (every later batch there refused)."""
    (tmp_path / "orphan_hold.py").write_text(_HOLD, encoding="utf-8")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(REPO), str(tmp_path)]), "ORPHAN_DIR": str(tmp_path)}
    script = _ORPHAN_SCRIPT.replace("THREAD", str(method == "forkserver"))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=tmp_path)
    pids: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline and proc.poll() is None:
            pids = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
            time.sleep(0.02)
        assert len(pids) == 2, "the workers did not start"
        proc.kill()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_running(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in pids if _running(p)], "workers outlived their killed batch"
    finally:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
