#!/usr/bin/env python
"""Load figures (not a test): N concurrent conversations with realistic multi-turn scripts for a
fixed time, against the single-process default profile and against the scale-out profile.

Prints for each: messages, throughput, p50/p95/p99 latency, errors (the parent was told: an HTTP
error or "not saved"), lost messages (answered but not in the tracker store), duplicated messages
(stored more often than sent), and the resident memory of every process. Each profile is started
on free ports in a temporary folder and stopped afterwards.

With --faults, the scale-out run is disturbed while it runs: a quarter of the way in, Rasa server 0
is killed (SIGKILL; supervisord restarts it), and half-way, action server 0 is paused (SIGSTOP)
for 30 s.

Usage: python scripts/load.py [--conversations 50] [--seconds 60] [--profile default scale-out] [--faults]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import aiohttp

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.scale_out import Ports, ScaleOut  # noqa: E402
from bot.services import service_commands, start, stop  # noqa: E402
from bot.settings import Settings  # noqa: E402
from channels.delivery import NOT_SAVED_TEXT  # noqa: E402
from components.action_server_outage import OUTAGE_TEXT  # noqa: E402
from tests.conftest import MODEL, _load_demo_cases, free_port, wait_for  # noqa: E402

TOKEN = "load-test-token"
REST_TOKEN = "load-test-rest-channel-token"  # the REST channel's Bearer token (an integration API)
SCRIPTS: List[List[str]] = [
    ["hi", "my son is 8 and autistic, we're in Leeds", "mainstream primary", "we asked for an assessment",
     "3 September 2026", "when is the plan due?", "thank you"],
    ["hello", "what is SEN support?", "do we need a diagnosis?", "who can help me in Manchester?", "thanks", "bye"],
    ["my daughter is in year 7 and has anxiety", "she's at a secondary school in Kent", "she has an EHC plan",
     "the school keeps sending her home", "I want to talk to a person", "no", "goodbye"],
    ["where is my case?", "SR-2026-0001", "14/05/2018", "thanks"],
    ["hi", "the council refused to assess my son", "I want to appeal", "no thanks", "what is mediation?", "bye"],
]


@dataclass
class Results:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    sent: Dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answered: Dict[str, int] = field(default_factory=lambda: defaultdict(int))  # replied to, not "not saved"


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


async def parent(session: aiohttp.ClientSession, url: str, stop_at: float, results: Results, seed: int) -> None:
    """One parent: a script after another until time is up, one message at a time."""
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        sender = f"load-{uuid.uuid4().hex}"
        for text in rng.choice(SCRIPTS):
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                        timeout=aiohttp.ClientTimeout(total=60)) as response:
                    body = await response.json(content_type=None)
                    ok = response.status == 200 and isinstance(body, list) and not any(
                        m.get("text") in (OUTAGE_TEXT, NOT_SAVED_TEXT) for m in body)  # a fault was said
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok = False
            results.sent[sender] += 1
            if ok:
                results.answered[sender] += 1
                results.latencies.append(time.perf_counter() - started)
            else:
                results.errors += 1


async def stored_counts(url: str, senders: Sequence[str]) -> Dict[str, int]:
    """User messages each conversation's tracker holds, read through the Rasa HTTP API."""
    counts: Dict[str, int] = {}
    limit = asyncio.Semaphore(10)
    async with aiohttp.ClientSession() as session:
        async def one(sender: str) -> None:
            async with limit:
                async with session.get(f"{url}/conversations/rest:{sender}/tracker",
                                       params={"token": TOKEN, "include_events": "ALL"}) as response:
                    tracker = await response.json()
                    counts[sender] = sum(1 for e in tracker.get("events", []) if e.get("event") == "user")
        await asyncio.gather(*(one(s) for s in senders))
    return counts


async def drive(url: str, conversations: int, seconds: float) -> Tuple[Results, float]:
    results = Results()
    connector = aiohttp.TCPConnector(limit=conversations * 2)
    headers = {"Authorization": f"Bearer {REST_TOKEN}"}
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        started = time.monotonic()
        await asyncio.gather(*(parent(session, url, started + seconds, results, n) for n in range(conversations)))
        elapsed = time.monotonic() - started
    return results, elapsed


def rss_by_process(groups: Dict[str, int]) -> Dict[str, float]:
    """Resident memory (MiB) of every process, by name: all processes in each one's process group."""
    found: Dict[str, float] = defaultdict(float)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            group = int(stat.rsplit(")", 1)[1].split()[2])
            rss = next((int(line.split()[1]) for line in (proc / "status").read_text().splitlines()
                        if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        for name, leader in groups.items():
            if group == leader:
                found[name] += rss / 1024
    return dict(found)


def report(name: str, results: Results, elapsed: float, stored: Dict[str, int], memory: Dict[str, float]) -> None:
    sent = sum(results.sent.values())
    lost = sum(max(0, results.answered[s] - stored.get(s, 0)) for s in results.sent)
    duplicated = sum(max(0, stored.get(s, 0) - results.sent[s]) for s in results.sent)
    lat = [x * 1000 for x in results.latencies]
    print(f"\n== {name} ==")
    print(f"messages sent {sent}, answered {len(lat)}, errors (the parent was told) {results.errors}, "
          f"lost {lost}, duplicated {duplicated}")
    print(f"throughput {len(lat) / elapsed:.1f} msg/s over {elapsed:.0f} s")
    print(f"latency p50 {percentile(lat, .5):.0f} ms, p95 {percentile(lat, .95):.0f} ms, p99 {percentile(lat, .99):.0f} ms")
    print("resident memory (MiB): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(memory.items()))
          + f"; total {sum(memory.values()):.0f}")


def run_default(conversations: int, seconds: float) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="load-default-"))
    web, actions, rasa = free_port(), free_port(), free_port()
    settings = Settings(rasa_api_token=TOKEN, rest_channel_token=REST_TOKEN, rasa_port=rasa, action_port=actions,
                        action_server_url=f"http://127.0.0.1:{actions}/webhook", tracker_db=str(tmp / "tracker.db"),
                        rasa_model=str(MODEL), log_level="WARNING", web_port=web,
                        public_url=f"http://127.0.0.1:{web}", casework_db_url=f"sqlite:///{tmp / 'casework.db'}")
    _load_demo_cases(settings.casework_db_url)
    commands = service_commands(settings)
    processes = start(commands, settings.process_environment())
    try:
        wait_for(f"http://127.0.0.1:{actions}/health")
        wait_for(f"http://127.0.0.1:{rasa}/webhooks/rest/")
        url = f"http://127.0.0.1:{rasa}"
        results, elapsed = asyncio.run(drive(url, conversations, seconds))
        memory = rss_by_process({c.name: p.pid for c, p in zip(commands, processes)})
        report(f"default profile (1 Rasa, 1 action server, SQLite), {conversations} conversations", results, elapsed,
               asyncio.run(stored_counts(url, list(results.sent))), memory)
    finally:
        stop(processes)


async def disturb(profile: ScaleOut, seconds: float) -> None:
    """The faults of --faults: kill Rasa server 0 a quarter in; pause action server 0 for 30 s half-way."""
    import signal

    await asyncio.sleep(seconds / 4)
    killed = await asyncio.to_thread(profile.kill_process, "rasa0")
    print(f"fault: Rasa server 0 killed (pid {killed}); supervisord restarts it", flush=True)
    await asyncio.sleep(seconds / 4)
    group = await asyncio.to_thread(profile.kill_process_group, "actions0", signal.SIGSTOP)
    print("fault: action server 0 paused for 30 s", flush=True)
    await asyncio.sleep(30)
    profile.signal_group(group, signal.SIGCONT)


async def drive_with_faults(profile: ScaleOut, conversations: int, seconds: float) -> Tuple[Results, float]:
    (results, elapsed), _ = await asyncio.gather(drive(profile.balancer_url, conversations, seconds),
                                                 disturb(profile, seconds))
    return results, elapsed


def run_scale_out(conversations: int, seconds: float, faults: bool = False) -> None:
    root = Path(tempfile.mkdtemp(prefix="load-scale-out-", dir="/tmp"))
    ports = Ports(balancer=free_port(), actions_balancer=free_port(), rasa=(free_port(), free_port()),
                  actions=(free_port(), free_port()), postgres=free_port(), redis=free_port(), web=free_port())
    settings = Settings(rasa_api_token=TOKEN, rest_channel_token=REST_TOKEN, rasa_port=ports.balancer,
                        action_port=ports.actions_balancer,
                        action_server_url="", tracker_db="", rasa_model=str(MODEL), log_level="WARNING",
                        public_url=f"http://127.0.0.1:{ports.web}")
    profile = ScaleOut(settings, root, ports)
    try:
        profile.start()
        _load_demo_cases(profile.postgres.url("casework"))
        if faults:
            results, elapsed = asyncio.run(drive_with_faults(profile, conversations, seconds))
            profile.wait_until_ready()
        else:
            results, elapsed = asyncio.run(drive(profile.balancer_url, conversations, seconds))
        memory = rss_by_process(profile.pids())
        label = ", a Rasa server killed and an action server paused 30 s" if faults else ""
        report(f"scale-out profile (2 Rasa, 2 action servers, nginx, PostgreSQL, Redis), {conversations} "
               f"conversations{label}", results, elapsed,
               asyncio.run(stored_counts(profile.balancer_url, list(results.sent))), memory)
    finally:
        profile.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--profile", nargs="+", default=["default", "scale-out"], choices=["default", "scale-out"])
    parser.add_argument("--faults", action="store_true", help="kill a Rasa server and pause an action server "
                                                              "during the scale-out run")
    args = parser.parse_args()
    if "default" in args.profile:
        run_default(args.conversations, args.seconds)
    if "scale-out" in args.profile:
        run_scale_out(args.conversations, args.seconds, args.faults)
    return 0


if __name__ == "__main__":
    sys.exit(main())
