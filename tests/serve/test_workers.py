"""The render workers: a job whose client has left while it waited is dropped (not rendered for
nobody in front of the next patient's); stopping the server leaves no worker process behind."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import time
from pathlib import Path
from typing import Any

import pytest

from handouts.serve.app import ClientGoneError, Server
from handouts.serve.config import load_config
from handouts.serve.work import Workers
from tests.conftest import REPO


@pytest.fixture(autouse=True)
def _tests_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker processes are spawned with this process's sys.path: with it the repository, so
    they can import this module's job functions (``_sleep``, ``_die``) whether pytest was started as
    ``python -m pytest`` (the current folder on the path) or as the ``pytest`` script (not)."""
    monkeypatch.syspath_prepend(str(REPO))


class _Pool:
    """Workers whose jobs never start (every worker busy with someone else's)."""

    def __init__(self) -> None:
        self.futures: list[cf.Future[dict[str, Any]]] = []

    def submit(self, fn: Any, *args: Any) -> cf.Future[dict[str, Any]]:
        future: cf.Future[dict[str, Any]] = cf.Future()
        self.futures.append(future)
        return future


class _Client:
    def __init__(self, gone_after: int) -> None:
        self.looks, self.gone_after = 0, gone_after

    async def is_disconnected(self) -> bool:
        self.looks += 1
        return self.looks > self.gone_after


def test_a_waiting_job_is_dropped_when_its_client_leaves(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handouts.serve import app

    monkeypatch.setattr(app, "DISCONNECT_POLL", 0.01)
    pool = _Pool()
    srv = Server(load_config(workspace), pool)  # type: ignore[arg-type]
    client = _Client(gone_after=3)
    with pytest.raises(ClientGoneError):
        asyncio.run(srv.run(print, "job", client=client))
    assert client.looks == 4 and pool.futures[0].cancelled()


def test_a_job_whose_client_stays_is_answered(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handouts.serve import app

    monkeypatch.setattr(app, "DISCONNECT_POLL", 0.01)
    pool = _Pool()
    srv = Server(load_config(workspace), pool)  # type: ignore[arg-type]

    async def go() -> dict[str, Any]:
        task = asyncio.create_task(srv.run(print, "job", client=_Client(gone_after=10**9)))
        await asyncio.sleep(0.05)
        pool.futures[0].set_result({"ok": True})
        return await task

    assert asyncio.run(go()) == {"ok": True}


def _sleep(seconds: float) -> dict[str, Any]:
    time.sleep(seconds)
    return {"ok": True}


def test_closing_the_workers_leaves_no_process(workspace: Path) -> None:
    workers = Workers(workspace, 2)
    busy = workers.submit(_sleep, 60)  # a job that would outlive the grace period
    deadline = time.monotonic() + 60
    while not busy.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    ours = list(workers._pool._processes.values())  # (the executor's own table; other tests' processes may linger)
    assert ours, "the workers did not start"
    workers.close(grace=0.5)
    alive = [p for p in ours if p.is_alive()]
    assert not alive, alive


def _die() -> dict[str, Any]:
    import os

    os._exit(3)  # (a worker killed: the kernel's OOM killer, a crash in a native library)


def test_a_worker_that_dies_is_replaced(workspace: Path) -> None:
    """A render process that died (killed, crashed) broke the pool for good: every later request
    was a 500 'BrokenProcessPool' until the server was restarted. The pool is made afresh."""
    workers = Workers(workspace, 1)
    try:
        with pytest.raises(cf.process.BrokenProcessPool):
            workers.submit(_die).result(timeout=120)
        assert workers.submit(_sleep, 0).result(timeout=120) == {"ok": True}
    finally:
        workers.close()


def test_a_job_lost_with_its_worker_is_a_503_to_try_again(workspace: Path) -> None:
    from handouts.serve import actions
    from handouts.serve.forms import Choice, RefusedError

    pool = _Pool()
    srv = Server(load_config(workspace), pool)  # type: ignore[arg-type]

    async def go() -> None:
        task = asyncio.create_task(actions.render(srv, Choice("a", "th", "demo")))
        await asyncio.sleep(0.05)
        pool.futures[0].set_exception(cf.process.BrokenProcessPool("a child process terminated abruptly"))
        await task

    with pytest.raises(RefusedError) as refused:
        asyncio.run(go())
    assert refused.value.status == 503 and "try again" in refused.value.message
