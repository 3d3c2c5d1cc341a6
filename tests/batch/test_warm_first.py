"""With forked workers, a batch's first job is rendered in this process, before the fork."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from handouts.batch import pool
from handouts.batch.workers import forks


def _where(task: pool._Task) -> pool._Outcome:
    return pool._Outcome(task.index, b"%PDF", 1, str(os.getpid()), (), 0.0, None)


def _tasks(n: int) -> list[pool._Task]:
    return [pool._Task(i, "a.md", "c.toml", "th" if i < n // 2 else "en", ".", dt.date(2026, 1, 1), "a4", False)
            for i in range(n)]  # fmt: skip


def _run(tasks: list[pool._Task], workers: int) -> dict[int, str]:
    got: dict[int, str] = {}

    def finish(outcome: pool._Outcome) -> bool:
        assert outcome.index not in got
        got[outcome.index] = outcome.title
        return True

    pool._run_pool(tasks, workers, finish, fail_fast=False)
    return got


def test_the_first_job_warms_this_process_and_the_rest_go_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    if not forks():
        pytest.skip("only forked workers inherit this process's warm state")
    monkeypatch.setattr(pool, "_render_task", _where)
    got = _run(_tasks(12), 2)
    assert sorted(got) == list(range(12))
    assert got[0] == str(os.getpid())  # rendered here, before the workers were forked
    others = {got[i] for i in range(1, 12)}
    assert str(os.getpid()) not in others and 1 <= len(others) <= 2


def test_a_small_batch_is_all_in_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two jobs per worker or fewer: running one here first would only delay the other."""
    monkeypatch.setattr(pool, "_render_task", _where)
    got = _run(_tasks(4), 2)
    assert sorted(got) == [0, 1, 2, 3] and str(os.getpid()) not in got.values()
