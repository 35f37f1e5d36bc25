#!/usr/bin/env python
"""Benchmark the REST channel: this assistant (with its actions) against stock Rasa.

Starts this assistant as `make run` does (SQLite tracker store, action server) on free ports,
and a stock `rasa init` project trained in a temporary folder, then drives both with the same
multi-turn conversations at concurrency 1 and 20. Prints messages per second and p50/p95
latency for each, and their ratios. Not a test: it prints figures.

Usage: python scripts/benchmark.py [--messages 300] [--concurrency 1 20] [--stock-dir DIR]
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List, Sequence

import aiohttp

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.casework.database import upgrade  # noqa: E402
from bot.services import VENV_BIN, service_commands, start, stop  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.conftest import free_port, wait_for  # noqa: E402

REST_TOKEN = "benchmark-rest-channel-token"
CONVERSATION = [
    "hi",
    "my son is 8 and autistic, we're in Leeds",
    "when is the plan due?",
    "he goes to a mainstream primary",
    "we asked for an assessment",
    "3 September 2026",
    "thank you",
    "bye",
]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def drive(url: str, messages: int, concurrency: int) -> Dict[str, float]:
    """Send `messages` messages as `concurrency` parents talking at once; measure each reply."""
    latencies: List[float] = []
    errors = 0
    remaining = messages

    async def parent(session: aiohttp.ClientSession) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            sender = f"bench-{uuid.uuid4()}"
            for text in CONVERSATION:
                if remaining <= 0:
                    return
                remaining -= 1
                started = time.perf_counter()
                try:
                    async with session.post(url, json={"sender": sender, "message": text}) as reply:
                        await reply.read()
                        if reply.status != 200:
                            errors += 1
                except aiohttp.ClientError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

    timeout = aiohttp.ClientTimeout(total=120)
    headers = {"Authorization": f"Bearer {REST_TOKEN}"}  # our REST channel's token (stock Rasa ignores it)
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        started = time.perf_counter()
        await asyncio.gather(*(parent(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "msgs_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "errors": errors,
    }


def start_assistant(tmp: Path) -> tuple:
    action_port = free_port()
    settings = Settings(
        web_port=free_port(),
        rasa_api_token="bench-" + uuid.uuid4().hex, rest_channel_token=REST_TOKEN, rasa_port=free_port(),
        action_port=action_port,
        action_server_url=f"http://127.0.0.1:{action_port}/webhook",
        tracker_db=str(tmp / "tracker.db"),
        casework_db_url=f"sqlite:///{tmp / 'casework.db'}",  # its own store, never the developer's
        rasa_model=str(PROJECT_DIR / "models" / "assistant.tar.gz"), log_level="WARNING",
    )
    upgrade(settings.casework_db_url)  # as `make run` does: the web server's live console reads it
    processes = start(service_commands(settings), settings.process_environment())
    wait_for(f"http://127.0.0.1:{action_port}/health")
    wait_for(f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/")
    return processes, f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"


def start_stock(stock_dir: Path) -> tuple:
    rasa = str(VENV_BIN / "rasa")
    if not list((stock_dir / "models").glob("*.tar.gz")):
        print(f"Training a stock `rasa init` project in {stock_dir} ...", flush=True)
        subprocess.run([rasa, "init", "--no-prompt", "--init-dir", str(stock_dir)], check=True,
                       stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen(
        [rasa, "run", "--port", str(port), "--enable-api", "--auth-token", uuid.uuid4().hex],
        cwd=stock_dir, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/webhooks/rest/")
    return [process], f"http://127.0.0.1:{port}/webhooks/rest/webhook"


def measure(name: str, url: str, messages: int, levels: Sequence[int]) -> Dict[int, Dict[str, float]]:
    asyncio.run(drive(url, 40, 4))  # warm up: load graphs, open connections
    results = {}
    for concurrency in levels:
        results[concurrency] = asyncio.run(drive(url, messages, concurrency))
        r = results[concurrency]
        print(f"{name:<10} c={concurrency:<3} {r['msgs_per_s']:7.1f} msg/s  p50 {r['p50_ms']:7.1f} ms  "
              f"p95 {r['p95_ms']:7.1f} ms  errors {r['errors']}", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--stock-dir", type=Path, help="reuse a stock project folder (trained once)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="send-bench-"))
    stock_dir = args.stock_dir or tmp / "stock"
    stock_dir.mkdir(parents=True, exist_ok=True)
    try:
        processes, url = start_stock(stock_dir)
        try:
            stock = measure("stock", url, args.messages, args.concurrency)
        finally:
            stop(processes)
        processes, url = start_assistant(tmp)
        try:
            ours = measure("assistant", url, args.messages, args.concurrency)
        finally:
            stop(processes)
    finally:
        shutil.rmtree(tmp if args.stock_dir else tmp, ignore_errors=True)
    print("\nratio (assistant / stock)")
    for c in args.concurrency:
        print(f"c={c:<3} throughput x{ours[c]['msgs_per_s'] / stock[c]['msgs_per_s']:.2f}   "
              f"p95 x{ours[c]['p95_ms'] / stock[c]['p95_ms']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
