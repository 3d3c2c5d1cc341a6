"""Two halves of a cold render side by side: one in a forked child that only fills the cache.

A front-desk render is a fresh process on a machine with two or more cores, and its two halves
mostly wait on different things: the *model* (the article, clinic and catalogs read, translated
and checked by the safety gate) and the *typesetter* (ReportLab, HarfBuzz and the fonts loaded,
some 25 ms of imports and tables that every render needs, whatever the text). When a catalog
entry has changed, the model is built again (some 20 ms), and the typesetter waits for it. When
the article is new to the cache, the model takes some 90 ms, and this process warms the
typesetter up meanwhile (:func:`handouts.pipeline._model_ahead`); the layout then has a second
child prepare half the paragraphs (:mod:`handouts.typesetting.apart`).

:func:`side_by_side` runs a function in a forked child while this process runs another. The
render uses it so (:func:`handouts.pipeline.render`): the child builds the model and stores it
in the model cache (:mod:`handouts.modelcache`), exactly as a render that succeeds does, while
this process loads the typesetter; then this process reads the model from the cache, as it
would on the next run. Nothing passes between the two but the cache, whose entries are written
atomically and checked when read, so the child can only ever save work, never change a result:

* the child's output (stdout, stderr, the log) goes to ``/dev/null``; its errors are ignored.
  When it fails (a refused translation, a missing file) it stores nothing, and this process
  builds the model itself and reports the error as a render without a child does;
* the child never writes a PDF, a manifest or a history line, and ends with ``os._exit`` (no
  ``atexit`` handlers); the code it compiled is handed back through a pipe (:func:`hand_back`),
  and this process stores it with its own at exit. Its exit status comes through the pipe too,
  which it closes before it exits: this process goes on without waiting for the exit (which
  first unmaps the child's copy of the memory) and reaps the child then, or at its own exit;
* Ctrl-C reaches both (one process group); an error or interrupt here kills the child and
  waits for it, so no process outlives the command.

Only where a fork is cheap and safe: a platform with ``fork`` other than macOS (whose system
libraries may not survive a fork), two or more CPUs for this process, and no other thread
running (``serve`` renders in threads; a batch worker is already one of a pool and never asks).
Anywhere else :func:`side_by_side` runs only this process's half and says so (``None``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

_HAND_BACK: list[tuple[Callable[[], object], Callable[[object], None]]] = []


def hand_back(gather: Callable[[], object], absorb: Callable[[object], None]) -> None:
    """When a child ends, ``gather()`` there (a value ``marshal`` can write) is handed to
    ``absorb`` here: the code :mod:`handouts.startup` compiled in the child (classes, patterns
    only a model build makes) joins this process's, which stores it at exit as its own (the two
    are one interpreter, down to their string hashing, for the stores' rules)."""
    if all(g is not gather for g, _ in _HAND_BACK):
        _HAND_BACK.append((gather, absorb))


def possible() -> bool:
    """Whether :func:`side_by_side` would fork here (see the module's notes)."""
    import threading

    if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() != 1:
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus >= 2


def side_by_side(child: Callable[[], object], here: Callable[[], object]) -> bool | None:
    """Run ``child`` in a forked process while ``here`` runs in this one; wait for both.

    True when the child ended cleanly (``child()`` returned), False when it failed, None when
    no child could be started (then ``child`` was not run at all). An exception in ``here`` is
    raised after the child has been killed and reaped.
    """
    if not possible():
        here()
        return None
    import signal

    read, write = os.pipe()
    # Ctrl-C or SIGTERM between the fork and the child's own handling would send the child back
    # into this process's code (a second "interrupted", or worse): both are held until each side
    # is ready for them.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(read)
        os.close(write)
        here()
        return None
    if pid == 0:  # pragma: no cover - the child's coverage is not collected (it ends in os._exit)
        code = 1
        try:
            import logging

            os.close(read)
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - ended by os._exit
            logging.disable(logging.CRITICAL)  # handlers may hold the streams of before
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # an interrupt now ends the child here
            child()
            code = 0
        except BaseException:  # the child only fills the cache: its errors are this process's to report
            pass
        finally:
            with contextlib.suppress(BaseException):
                _send(write, [code, *(_gathered(gather) for gather, _ in _HAND_BACK)])
                # closed before the exit, which first unmaps the child's copy of this process's
                # memory (some milliseconds this process need not wait for)
                os.close(write)
            os._exit(code)
    os.close(write)
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal held meanwhile is raised here: the child is stopped
        here()
        said, *handed = _receive(read) or [None]
        if isinstance(said, int):
            code = said
            _reap_later(pid)
        else:  # it died before it could say how it ended
            code = _wait(pid)
    except BaseException:
        _stop(pid)
        raise
    finally:
        os.close(read)
    for (_, absorb), value in zip(_HAND_BACK, handed):
        if value is not None:
            with contextlib.suppress(Exception):
                absorb(value)
    return code == 0


_ENDING: list[int] = []  # children that said how they ended and are ending (reaped at exit)


def _reap_later(pid: int) -> None:
    """Reap ``pid`` now if it has ended, else when this process exits (by then it has: it had
    nothing left to do but exit), so no child outlives the command."""
    import atexit

    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
    if not _ENDING:
        atexit.register(_reap)
    _ENDING.append(pid)


def _reap() -> None:
    while _ENDING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_ENDING.pop(), 0)


def _gathered(gather: Callable[[], object]) -> object:
    try:
        return gather()
    except Exception:
        return None


def _send(fd: int, values: list[object]) -> None:
    import marshal

    data = memoryview(marshal.dumps(values))
    while data:
        data = data[os.write(fd, data) :]


def _receive(fd: int) -> list[object]:
    """What the child handed back (nothing when it died before it could)."""
    import marshal

    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    try:
        values = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return []
    return values if isinstance(values, list) else []


def _wait(pid: int) -> int:
    """The child's exit code (a negative signal number when killed)."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _stop(pid: int) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        _wait(pid)
