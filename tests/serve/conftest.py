"""Fixtures for `handouts serve`: the app in-process (TestClient) on a fresh workspace copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient

from handouts.serve.app import create_app
from handouts.serve.config import load_config

BASE = "http://127.0.0.1"
ARTICLE = "back-pain-after-surgery"
SAME_SITE = {"sec-fetch-site": "same-origin"}


@pytest.fixture
def make_client(workspace: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**options: Any) -> TestClient:
        cfg = load_config(workspace, **options)
        client = TestClient(create_app(cfg, in_process=True), base_url=BASE, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()
