"""Tasks → results from worker processes, each worker kept on related tasks; a dead worker fails one task only.

:func:`run_tasks` calls ``fn(task)`` for every task in ``n`` worker processes and hands each
result to ``on_result`` in this process as it arrives. It replaces
:class:`concurrent.futures.ProcessPoolExecutor` for three reasons:

* **Start-up.** On Linux, when this process runs no other thread, the workers are forked from
  it: they start with everything it has imported (the pipeline) and, in a long-lived process,
  warmed. With forkserver every batch first started a fresh interpreter that imported the
  pipeline again (~0.2 s before the first job; a batch of 20 handouts lost most of its speed-up
  to it). Elsewhere, or with threads running (forking them is unsafe), forkserver preloading
  ``preload`` (spawn where there is no forkserver).
* **Affinity.** Each task has a key (the batch's: language, article, clinic). A worker stays on
  one key's tasks, then moves to the closest key no other worker holds (see :class:`Scheduler`),
  so what it has in memory (one script's fonts, the hyphenation patterns, a translation's
  paragraphs) serves its next jobs, and two workers do not both warm up for every language.
* **A dead worker** (killed, out of memory) fails only the task it was running; a new worker takes
  its place and the task it held next. (The executor marked the whole pool broken, failing every
  job not yet finished.)
* **No waiting between tasks.** A worker holds the task after the one it runs (:data:`AHEAD`),
  already in its pipe: when it sends a result it starts the next at once, even while this process
  is still writing (and ``fsync``-ing) the other worker's PDF. Handed one task at a time, each
  worker waited about a millisecond per job for this process: 5-8 % of a batch of 100.

The workers ignore SIGINT and SIGTERM (see ``initializer`` in :mod:`handouts.batch.pool`): the
caller handles them and this module kills its workers whenever it leaves early.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Key = tuple[Hashable, ...]

# on_result(task index, result, error): error is set (and result None) when fn raised or the worker
# died; returning False stops the run (the tasks not started are left alone, the workers killed)
OnResult = Callable[[int, R | None, str | None], bool]


def _common(a: Key | None, b: Key) -> int:
    """Length of the common prefix of two keys (0 when ``a`` is None)."""
    n = 0
    for x, y in zip(a or (), b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Scheduler:
    """Which task a worker gets next; pure bookkeeping, no processes.

    A worker takes its current key's tasks in order while there are any. Then it moves to a key
    no other worker holds, the one sharing the longest prefix with its last key (same language
    and article, then same language), on a tie the one least like the keys the other workers
    hold (so starting workers spread over the languages), then the one with the most tasks left,
    then the first planned. When every key left is held, it shares the one with the most tasks
    left (closest first). Every task is handed out exactly once.
    """

    def __init__(self, keys: Sequence[Key]) -> None:
        self._left: dict[Key, deque[int]] = {}
        for i, key in enumerate(keys):
            self._left.setdefault(key, deque()).append(i)
        self._order = {key: n for n, key in enumerate(self._left)}
        self._holds: dict[int, Key] = {}  # worker → the key it works on

    def __len__(self) -> int:
        return sum(len(q) for q in self._left.values())

    def next(self, worker: int) -> int | None:
        """The next task index for ``worker`` (None when every task has been handed out)."""
        last = self._holds.get(worker)
        if last is None or last not in self._left:
            key = self._choose(worker, last)
            if key is None:
                self._holds.pop(worker, None)
                return None
            self._holds[worker] = key
        else:
            key = last
        queue = self._left[key]
        task = queue.popleft()
        if not queue:
            del self._left[key]
        return task

    def _choose(self, worker: int, last: Key | None) -> Key | None:
        if not self._left:
            return None
        others = [k for w, k in self._holds.items() if w != worker]
        free = [k for k in self._left if k not in others]
        if free:
            return max(free, key=lambda k: (_common(last, k), -max((_common(o, k) for o in others), default=0),
                                            len(self._left[k]), -self._order[k]))  # fmt: skip
        return max(self._left, key=lambda k: (len(self._left[k]), _common(last, k), -self._order[k]))


def forks() -> bool:
    """Whether :func:`run_tasks` would fork its workers now (so they inherit this process's state)."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context(preload: Sequence[str]) -> Any:
    """fork on Linux when this process has no other thread; else forkserver (preloading), else spawn."""
    if forks():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


_FORKED_BY: int | None = None  # the pid that forks the workers (set just before a fork; a worker compares)


def _die_with_parent() -> None:
    """This worker ends when the batch that started it dies, however it dies.

    A parent killed outright (SIGKILL, the OOM killer) runs no clean-up, and the pipes cannot tell
    the workers: a forked worker holds the parent's ends of its own and earlier workers' pipes, so
    ``recv`` never sees EOF. Orphaned, the workers rendered on forever and kept the output
    folder's lock (an inherited descriptor): every later batch into that folder was refused."""
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is not None:  # readable once the batch is gone (from a forkserver, the kernel's signal below
        # would wait for the forkserver, which itself waits for its workers)

        def watch() -> None:
            wait([sentinel])
            os._exit(1)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if sys.platform != "linux":
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG: a forked worker dies with the batch at once
    except (OSError, AttributeError):
        return
    if _FORKED_BY is not None and os.getppid() != _FORKED_BY:  # it died before the line above
        os._exit(1)


def _serve(conn: Connection, fn: Callable[[Any], Any], initializer: Callable[[], None] | None) -> None:
    """A worker: (index, task) in, (index, ok, result or error text) out, until None or the pipe closes."""
    _die_with_parent()
    if initializer is not None:
        initializer()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent around the start
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        index, task = message
        try:
            reply = (index, True, fn(task))
        except Exception as e:  # reported as this task's error; the worker goes on
            reply = (index, False, f"{type(e).__name__}: {e}")
        conn.send(reply)


AHEAD = 2  # tasks sent to a worker at once: the one it renders and the next, already in its pipe


@dataclass(slots=True)
class _Worker:
    """A worker process, its end of the pipe and the tasks sent to it, in the order it runs them."""
    process: Any
    conn: Connection
    held: deque[int] = field(default_factory=deque)


class _Workers(Generic[T]):
    def __init__(self, ctx: Any, fn: Callable[[T], Any], tasks: Sequence[T],
                 initializer: Callable[[], None] | None) -> None:  # fmt: skip
        self.ctx, self.fn, self.tasks, self.initializer = ctx, fn, tasks, initializer
        self.all: list[_Worker] = []

    def start(self, slot: int | None = None) -> _Worker:
        """Fork or spawn a worker into ``self.all`` (appended, or in place of the dead one at ``slot``).

        Ctrl-C and SIGTERM stay blocked until the worker is recorded: one arriving in between
        would leave a worker nobody kills (it ignores them), and the interpreter's exit would
        wait for it forever."""
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_serve, args=(child, self.fn, self.initializer), daemon=True)
        forking = self.ctx.get_start_method() == "fork"
        before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)  # the worker ignores them first
        try:
            if forking:
                global _FORKED_BY
                _FORKED_BY = os.getpid()
                gc.freeze()  # the inherited objects stay out of the worker's collections (fewer copied pages)
            try:
                process.start()
            finally:
                if forking:
                    gc.unfreeze()
            child.close()
            worker = _Worker(process, parent)
            if slot is None:
                self.all.append(worker)
            else:
                self.all[slot] = worker
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        return worker

    def give(self, worker: _Worker, index: int | None) -> None:
        if index is not None:
            worker.held.append(index)
            with contextlib.suppress(OSError):  # it has just died: its sentinel reports it, this task fails with it
                worker.conn.send((index, self.tasks[index]))

    def fill(self, number: int, scheduler: Scheduler) -> None:
        """Send worker ``number`` tasks until it holds :data:`AHEAD` (or none are left): it starts its
        next job as soon as it has sent a result, without waiting for this process to read it."""
        worker = self.all[number]
        while len(worker.held) < AHEAD:
            index = scheduler.next(number)
            if index is None:
                return
            self.give(worker, index)

    def stop(self, clean: bool) -> None:
        for w in self.all:
            if clean and w.process.is_alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            else:
                w.process.kill()
        for w in self.all:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=5)
            w.conn.close()


def _died(process: Any) -> str:
    process.join(timeout=5)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit code {code}"
    return f"worker process failed ({how})"


def run_tasks(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    keys: Sequence[Key],
    n: int,
    on_result: OnResult[R],
    *,
    initializer: Callable[[], None] | None = None,
    preload: Sequence[str] = (),
) -> None:
    """Call ``fn(task)`` for every task in ``n`` worker processes (see the module docstring).

    ``keys[i]`` is task i's affinity key; ``on_result`` runs in this process, in the order the
    results arrive. ``fn`` and ``initializer`` must be module-level functions (forkserver pickles
    them). KeyboardInterrupt (and anything ``on_result`` raises) propagates, the workers killed.
    """
    if len(keys) != len(tasks):
        raise ValueError("one key per task")
    if not tasks:
        return
    scheduler = Scheduler(keys)
    pool = _Workers(_context(preload), fn, tasks, initializer)
    clean = False
    try:
        for _ in range(max(1, min(n, len(tasks)))):
            pool.start()
        for number in range(len(pool.all)):  # one task each first, so the workers spread over the keys
            pool.give(pool.all[number], scheduler.next(number))
        for number in range(len(pool.all)):
            pool.fill(number, scheduler)
        while True:
            waiting: dict[Any, int] = {}
            for number, worker in enumerate(pool.all):
                if worker.held:
                    waiting[worker.conn] = waiting[worker.process.sentinel] = number
            if not waiting:
                break
            for number in sorted({waiting[r] for r in wait(list(waiting))}):
                worker = pool.all[number]
                if not worker.held:
                    continue
                index = worker.held[0]
                try:
                    reply: tuple[int, bool, Any] | None = worker.conn.recv() if worker.conn.poll() else None
                except (EOFError, OSError):  # it died while writing
                    reply = None
                if reply is None and worker.process.is_alive():
                    continue  # a wake-up without a message: wait again
                if reply is None:  # the worker died with this task: it fails, a new worker takes the rest
                    error = _died(worker.process)
                    worker.conn.close()
                    rest = list(worker.held)[1:]
                    worker.held.clear()
                    if rest or len(scheduler):
                        new = pool.start(slot=number)
                        for i in rest:
                            pool.give(new, i)
                        pool.fill(number, scheduler)
                    if not on_result(index, None, error):
                        return
                    continue
                worker.held.popleft()
                _, ok, value = reply
                pool.fill(number, scheduler)  # the next task first, then this result's writing
                if not on_result(index, value if ok else None, None if ok else str(value)):
                    return
        clean = True
    finally:
        pool.stop(clean)
