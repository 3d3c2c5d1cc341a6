"""`handouts serve` under load: personalised Thai demo handouts over HTTP, next to cold Typst/WeasyPrint.

    python benchmarks/serve.py [--clients 8] [--requests 400] [--workers 2]

Starts ``handouts serve`` (real worker processes) on a free 127.0.0.1 port with a copy of the demo
workspace, waits until it is warm, then runs a bounded closed loop: ``--clients`` threads each
POST a personalised Thai handout (patient name + notes, so nothing can be cached) until
``--requests`` answers came back or 120 s passed. Prints p50/p95 latency and handouts per second,
then the cold render time of the same text by ``typst compile`` and WeasyPrint (``peers.py``; install
them with ``pip install -r benchmarks/requirements-peers.txt``). Traffic goes to loopback only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx  # (the test extra's HTTP client: httpx's successor, the same API)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/handouts/back-pain-after-surgery/th.pdf", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not come up")


def load(url: str, clients: int, total: int, limit_s: float = 120) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))
    stop = time.monotonic() + limit_s

    def client(i: int) -> None:
        nonlocal errors
        with httpx.Client(timeout=30) as http:
            for n in counter:
                if time.monotonic() > stop:
                    return
                body = {"patient": f"ผู้ป่วยทดสอบ {i}-{n}", "notes": "เดินวันละ 10 นาที วันละ 2 ครั้ง", "clinic": "demo"}
                t0 = time.perf_counter()
                r = http.post(url + "/handouts/back-pain-after-surgery/th.pdf", data=body)
                dt = time.perf_counter() - t0
                with lock:
                    if r.status_code == 200 and r.content.startswith(b"%PDF-"):
                        latencies.append(dt)
                    else:
                        errors += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0, errors


def peers_cold() -> tuple[float | None, float | None]:
    try:
        import peers
        from render import blocks_for, cold_ms
    except ImportError:
        return None, None
    tmp = Path(tempfile.mkdtemp(prefix="handouts-serve-bench-"))
    blocks = blocks_for("th")
    (tmp / "h.typ").write_text(peers.typst_source(blocks), encoding="utf-8")
    (tmp / "h.html").write_text(peers.html_source(blocks), encoding="utf-8")
    try:
        return (cold_ms(peers.cold_typst_cmd(tmp / "h.typ", tmp / "t.pdf")),
                cold_ms(peers.cold_weasyprint_cmd(tmp / "h.html", tmp / "w.pdf")))  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None, None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    ws = Path(tempfile.mkdtemp(prefix="handouts-serve-ws-")) / "ws"
    subprocess.run([sys.executable, "-m", "handouts", "init", "--demo", str(ws)], check=False, capture_output=True)
    if not (ws / "articles").is_dir():
        subprocess.run([sys.executable, "-m", "handouts", "init", str(ws)], check=True, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "handouts", "serve", "--port", str(port), "--workers",
                               str(args.workers), "-w", str(ws)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait(url)
        load(url, args.clients, 4 * args.clients)  # warm every worker
        lat, wall, errors = load(url, args.clients, args.requests)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(ws.parent, ignore_errors=True)
    lat.sort()
    p50 = statistics.median(lat) * 1000
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000
    print(f"handouts serve, {args.clients} clients, {args.workers} workers, {os.cpu_count()} cores: "
          f"{len(lat)} personalised Thai handouts in {wall:.1f} s, {errors} errors")  # fmt: skip
    print(f"  p50 {p50:.0f} ms, p95 {p95:.0f} ms, {len(lat) / wall:.1f} handouts/s")
    typst, weasy = peers_cold()
    if typst is not None and weasy is not None:
        print(f"  cold, same text: typst compile {typst:.0f} ms, WeasyPrint {weasy:.0f} ms")


if __name__ == "__main__":
    main()
