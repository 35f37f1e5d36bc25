"""Fault tests on the scale-out profile (bot/scale_out.py): PostgreSQL, Redis, two Rasa servers and
two action servers behind nginx, all real. Each test counts the messages sent and the messages
stored, and asserts none is lost."""
from __future__ import annotations

import asyncio
import json
import signal
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from bot.escalation.relay import RasaRelay
from bot.scale_out import Ports, ScaleOut
from bot.settings import Settings
from components.action_server_outage import OUTAGE_TEXT
from tests.conftest import MODEL, _load_demo_cases, free_port
from tests.fake_providers import FakeTwilio

pytestmark = pytest.mark.slow
TOKEN = "scale-out-test-token"
REST_TOKEN = "scale-out-rest-channel-token"
BALANCER_RETRY_SECONDS = 3.5


@pytest.fixture(scope="module")
def profile(trained_model):
    root = Path(tempfile.mkdtemp(prefix="scale-out-", dir="/tmp"))
    ports = Ports(balancer=free_port(), actions_balancer=free_port(), rasa=(free_port(), free_port()),
                  actions=(free_port(), free_port()), postgres=free_port(), redis=free_port(), web=free_port())
    twilio_port = free_port()
    settings = Settings(
        rasa_api_token=TOKEN, rest_channel_token=REST_TOKEN, rasa_port=ports.balancer,
        action_port=ports.actions_balancer, action_server_url="",
        tracker_db="", rasa_model=str(MODEL), log_level="INFO", public_url=f"http://127.0.0.1:{ports.web}",
        channel_settings={"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "scale-twilio-token",
                          "TWILIO_SMS_NUMBER": "+447700900990", "TWILIO_API_URL": f"http://127.0.0.1:{twilio_port}"})
    fake = FakeTwilio(f"http://127.0.0.1:{twilio_port}").start()
    scale_out = ScaleOut(settings, root, ports)
    try:
        scale_out.start()
        _load_demo_cases(scale_out.postgres.url("casework"))
        yield scale_out
    finally:
        scale_out.stop()
        fake.stop()


def say(base, sender, text, timeout=60):
    request = urllib.request.Request(f"{base}/webhooks/rest/webhook", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {REST_TOKEN}"},
        data=json.dumps({"sender": sender, "message": text}).encode())
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def conversation_id(profile, sender):
    """The stored conversation of a sender as its channel named it (`sender` or `<channel>:sender`)."""
    engine = sa.create_engine(profile.postgres.url("tracker"))
    try:
        with engine.connect() as connection:
            found = connection.execute(sa.text(
                "SELECT DISTINCT sender_id FROM events WHERE sender_id = :s OR sender_id LIKE :owned"),
                {"s": sender, "owned": f"%:{sender}"}).scalars().all()
    finally:
        engine.dispose()
    assert len(found) <= 1, found
    return found[0] if found else sender


def saved_conversation_id(profile, sender, wait=10.0):
    """The stored conversation once the server has saved it: a socket's reply is emitted while the
    turn runs, before its tracker is written, so an officer acting at once must wait for the save."""
    deadline = time.monotonic() + wait
    while True:
        found = conversation_id(profile, sender)
        if found != sender or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def stored_user_texts(profile, sender):
    conversation = conversation_id(profile, sender)
    engine = sa.create_engine(profile.postgres.url("tracker"))
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT type_name, action_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": conversation})
            return [(r.type_name, r.action_name, json.loads(r.data).get("text")) for r in rows]
    finally:
        engine.dispose()


def user_texts(profile, sender):
    return [text for kind, _, text in stored_user_texts(profile, sender) if kind == "user"]


def test_conversations_spread_over_both_servers_and_none_is_lost(profile):
    script = ["hi", "my son is 8 and autistic, we're in Leeds", "mainstream primary", "what is SEN support?", "thanks"]
    senders = [f"load-{uuid.uuid4().hex[:8]}" for _ in range(8)]

    def converse(sender):
        return [bool(say(profile.balancer_url, sender, text)) for text in script]

    with ThreadPoolExecutor(8) as pool:
        answered = list(pool.map(converse, senders))
    assert all(all(a) for a in answered), "every message got a reply"
    for sender in senders:
        assert user_texts(profile, sender) == script
    log = (profile.root / "nginx-access.log").read_text()
    assert all(f"127.0.0.1:{port}" in log for port in profile.ports.rasa), "both Rasa servers took messages"
    assert all(f"127.0.0.1:{port}" in log for port in profile.ports.actions), "both action servers ran actions"


@pytest.mark.parametrize("attempt", range(10))  # a race: try it more than once
def test_two_messages_for_one_conversation_at_once_are_processed_in_order(profile, attempt):
    sender = f"race-{uuid.uuid4().hex[:8]}"
    say(profile.balancer_url, sender, "hi")
    barrier = threading.Barrier(2)

    def send(index, text):
        barrier.wait()
        return say(profile.rasa_url(index), sender, text)

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(send, 0, "my daughter is 12")
        second = pool.submit(send, 1, "she has dyslexia")
        assert first.result() and second.result()
    events = stored_user_texts(profile, sender)
    users = [i for i, (kind, _, _) in enumerate(events) if kind == "user"]
    assert len(users) == 3, "\n".join(map(str, events))
    between = events[users[1] + 1:users[2]]
    assert ("action", "action_listen", None) in [(k, a, t) for k, a, t in between], \
        "the first message was finished before the second began (the Redis lock store)"


async def socket_session(url, session_id):
    """A socket.io client in a few lines of the protocol (Engine.IO 4 over a WebSocket)."""
    import websockets

    socket = await websockets.connect(url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket")
    assert (await socket.recv()).startswith("0")
    await socket.send("40")
    assert (await socket.recv()).startswith("40")
    await socket.send("42" + json.dumps(["session_request", {"session_id": session_id}]))
    return socket


async def next_event(socket, name, timeout=30):
    while True:
        frame = await asyncio.wait_for(socket.recv(), timeout)
        if frame == "2":  # Engine.IO ping
            await socket.send("3")
        elif frame.startswith("42"):
            event, *data = json.loads(frame[2:])
            if event == name:
                return data[0] if data else None


def test_a_socket_on_one_server_receives_what_the_other_server_sends(profile):
    async def scenario():
        socket = await socket_session(profile.rasa_url(0), uuid.uuid4().hex)
        confirmed = await next_event(socket, "session_confirm")
        session_id = confirmed.split(".", 1)[0]  # the id the server issued (a signed token carries it first)
        await socket.send("42" + json.dumps(["user_uttered", {"message": "hi", "session_id": confirmed}]))
        first = await next_event(socket, "bot_uttered")
        await RasaRelay(profile.rasa_url(1), TOKEN).trigger(
            await asyncio.to_thread(saved_conversation_id, profile, session_id), "greet", {})
        pushed = await next_event(socket, "bot_uttered")
        await socket.close()
        return first, pushed

    first, pushed = asyncio.run(scenario())
    assert first["text"].startswith("Hello") and pushed["text"].startswith("Hello"), \
        "a greeting sent by the second server reached the socket held by the first (through Redis)"


def test_pending_rest_messages_are_shared_between_servers(profile):
    sender = f"rest-{uuid.uuid4().hex[:8]}"
    say(profile.rasa_url(0), sender, "hi")
    asyncio.run(RasaRelay(profile.rasa_url(1), TOKEN).trigger(conversation_id(profile, sender), "greet", {}))
    pending = urllib.request.Request(f"{profile.rasa_url(0)}/webhooks/rest/pending?sender={sender}&wait=5",
                                     headers={"Authorization": f"Bearer {REST_TOKEN}"})
    with urllib.request.urlopen(pending, timeout=20) as response:
        pending = json.loads(response.read())
    assert pending and pending[0]["text"].startswith("Hello")


def test_a_rasa_server_killed_mid_conversation_loses_nothing(profile):
    sender = f"kill-{uuid.uuid4().hex[:8]}"
    sent = []
    for text in ["hi", "my son is 9", "he is autistic"]:
        assert say(profile.balancer_url, sender, text)
        sent.append(text)
    killed = profile.kill_process("rasa0", signal.SIGKILL)
    for text in ["we live in Leeds", "mainstream primary", "what is SEN support?"]:
        assert say(profile.balancer_url, sender, text), "the other server answers"
        sent.append(text)
    profile.wait_restarted("rasa0", killed)  # by supervisord, nobody asked it to
    profile.wait_until_ready()
    assert say(profile.rasa_url(0), sender, "ok"), "the restarted server answers the same conversation"
    sent.append("ok")
    for text in ["thank you", "goodbye"]:
        assert say(profile.balancer_url, sender, text)
        sent.append(text)
    assert user_texts(profile, sender) == sent


def test_action_servers_down_get_a_kind_reply_and_the_conversation_goes_on(profile):
    sender = f"actions-{uuid.uuid4().hex[:8]}"
    say(profile.balancer_url, sender, "hi")
    profile.stop_process("actions0")
    profile.stop_process("actions1")
    reply = say(profile.balancer_url, sender, "we asked for an assessment on 3 September 2026, when is it due?")
    assert reply[0]["text"] == OUTAGE_TEXT and reply[0]["buttons"][0]["payload"] == "/request_human"
    profile.start_process("actions0")
    profile.start_process("actions1")
    profile.wait_until_ready()
    time.sleep(BALANCER_RETRY_SECONDS)  # nginx tries a failed server again after fail_timeout
    reply = " ".join(r.get("text", "") for r in say(profile.balancer_url, sender, "when is the plan due?"))
    assert "regulation 13" in reply
    assert len(user_texts(profile, sender)) == 3


def test_a_postgres_restart_loses_nothing(profile):
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    assert say(profile.balancer_url, sender, "hi")
    profile.restart_process("postgres")
    for text in ["my son is 8 and autistic, we're in Leeds", "mainstream primary"]:
        assert say(profile.balancer_url, sender, text)
    assert user_texts(profile, sender) == ["hi", "my son is 8 and autistic, we're in Leeds", "mainstream primary"]


def test_every_process_that_dies_is_restarted_and_serves_again(profile):
    sender = f"heal-{uuid.uuid4().hex[:8]}"
    assert say(profile.balancer_url, sender, "hi")
    before = profile.pids()
    assert set(before) >= {"postgres", "redis", "actions0", "actions1", "rasa0", "rasa1", "web", "nginx"}
    killed = {name: profile.kill_process(name) for name in ("redis", "actions0", "actions1", "web", "nginx", "postgres")}
    for name, pid in killed.items():
        assert profile.wait_restarted(name, pid) != pid
    profile.wait_until_ready()
    time.sleep(BALANCER_RETRY_SECONDS)
    reply = " ".join(r.get("text", "") for r in say(profile.balancer_url, sender,
                                                   "we asked for an assessment on 3 September 2026, when is it due?"))
    assert "regulation" in reply, reply
    log = (profile.supervision.logs / "supervisord.log").read_text()
    assert "exited: actions0 (terminated by SIGKILL; not expected)" in log


def test_a_retried_webhook_reaching_both_servers_is_processed_once(profile):
    sender, sid = f"+447700{uuid.uuid4().int % 10**6:06d}", "SM" + uuid.uuid4().hex
    params = {"From": sender, "Body": "hello", "MessageSid": sid}
    barrier = threading.Barrier(2)

    def post(index):
        url = f"{profile.rasa_url(index)}/webhooks/twilio/webhook"
        signature = RequestValidator("scale-twilio-token").compute_signature(url, params)
        request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
        barrier.wait()
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(post, [0, 1])) == [200, 200]
    time.sleep(0.5)
    assert user_texts(profile, sender) == ["hello"]


def test_the_balancer_config_is_valid_nginx(tmp_path):
    import subprocess

    from bot.scale_out import _which, nginx_config

    (tmp_path / "nginx-tmp").mkdir()
    config = nginx_config(Ports(), tmp_path, as_root=False)
    assert "server 127.0.0.1:5101" in config and "server 127.0.0.1:5152" in config
    assert "proxy_set_header Upgrade $http_upgrade" in config, "the widget's WebSocket passes through"
    (tmp_path / "nginx.conf").write_text(config.replace("daemon off;\n", ""))
    checked = subprocess.run([_which("nginx"), "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_postgres_refuses_a_connection_without_the_password(profile):
    import psycopg2

    port = profile.ports.postgres
    for target in ({"host": "127.0.0.1"}, {"host": str(profile.postgres.root)}):  # TCP and the local socket
        with pytest.raises(psycopg2.OperationalError, match="password"):
            psycopg2.connect(dbname="casework", user="casework", port=port, **target).close()
        with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
            psycopg2.connect(dbname="casework", user="casework", password="wrong", port=port, **target).close()
    with psycopg2.connect(dbname="casework", user="casework", password=profile.postgres.password,
                          host="127.0.0.1", port=port) as connection:
        assert connection.server_version > 0
    hba = (profile.postgres.data / "pg_hba.conf").read_text()
    assert "trust" not in hba and "scram-sha-256" in hba


def test_redis_refuses_a_client_without_the_password(profile):
    import redis

    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=profile.ports.redis).get("anything")
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=profile.ports.redis, password="wrong").ping()
    assert redis.Redis.from_url(profile.redis_url).ping()


def test_the_action_servers_refuse_callers_without_the_secret(profile):
    body = json.dumps({"next_action": "action_show_case", "sender_id": "x",
                       "tracker": {"sender_id": "x", "events": [], "slots": {}}}).encode()
    ports = [profile.ports.actions_balancer, *profile.ports.actions]
    for port in ports:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401


def test_no_secret_of_the_profile_is_on_a_command_line(profile):
    from pathlib import Path as P

    settings = profile.profile_settings()
    secrets = {*settings.secrets().values(), profile.postgres.password, profile.redis_password,
               settings.channel_settings["TWILIO_AUTH_TOKEN"]}
    for process in P("/proc").iterdir():
        if process.name.isdigit():
            try:
                argv = (process / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            assert not [s for s in secrets if s and s in argv], argv


def test_an_action_server_taking_90_seconds_keeps_the_conversation_in_order(profile):
    """Longer than the lock's 60 s lifetime: the holder's lease is renewed, so the next message,
    sent to the other server meanwhile, waits its turn instead of running alongside."""
    sender = f"slow-{uuid.uuid4().hex[:8]}"
    assert say(profile.rasa_url(0), sender, "hi")
    slow_actions = [profile.kill_process_group(name, signal.SIGSTOP) for name in ("actions0", "actions1")]
    replies = {}

    def send(key, server, text):
        replies[key] = say(profile.rasa_url(server), sender, text, timeout=300)

    first = threading.Thread(target=send, args=("first", 0, "we asked for an assessment on 3 September 2026, "
                                                           "when is it due?"))
    first.start()
    time.sleep(2)
    second = threading.Thread(target=send, args=("second", 1, "what is SEN support?"))
    second.start()
    try:
        time.sleep(88)
    finally:
        for group in slow_actions:
            profile.signal_group(group, signal.SIGCONT)
    first.join(120)
    second.join(120)
    assert "regulation" in " ".join(r.get("text", "") for r in replies["first"])
    assert replies["second"] and all(r.get("text") != OUTAGE_TEXT for r in replies["second"])
    assert user_texts(profile, sender) == ["hi", "we asked for an assessment on 3 September 2026, when is it due?",
                                           "what is SEN support?"]


def test_a_rasa_server_paused_while_holding_a_conversation_cannot_write_over_it(profile):
    """Rasa server 0 holds a conversation (waiting for a slow action server) and is paused
    (SIGSTOP) past its lock's lease; server 1 takes the next message. When server 0 resumes, its
    stale turn is refused and its parent told so: every message is stored once, in order, or said
    not saved; never two servers' events interleaved."""
    from channels.delivery import NOT_SAVED_TEXT

    sender = f"paused-{uuid.uuid4().hex[:8]}"
    assert say(profile.rasa_url(0), sender, "hi")
    slow_actions = [profile.kill_process_group(name, signal.SIGSTOP) for name in ("actions0", "actions1")]
    replies = {}

    def first():
        replies["first"] = say(profile.rasa_url(0), sender, "we asked for an assessment on 3 September 2026, "
                                                            "when is it due?", timeout=300)

    holder = threading.Thread(target=first)
    holder.start()
    time.sleep(3)  # server 0 now holds the conversation, waiting for the action server
    paused = profile.kill_process_group("rasa0", signal.SIGSTOP)
    for group in slow_actions:
        profile.signal_group(group, signal.SIGCONT)
    try:
        replies["second"] = say(profile.rasa_url(1), sender, "mainstream primary", timeout=300)
    finally:
        profile.signal_group(paused, signal.SIGCONT)
    holder.join(120)
    assert [r.get("text") for r in replies["first"]] == [NOT_SAVED_TEXT]
    assert replies["second"] and NOT_SAVED_TEXT not in [r.get("text") for r in replies["second"]]
    assert user_texts(profile, sender) == ["hi", "mainstream primary"]


def test_the_daily_retention_purge_runs_on_the_profiles_databases(profile):
    log = profile.supervision.logs / "retention.log"
    deadline = time.monotonic() + 60
    while "Retention (" not in (log.read_text() if log.exists() else "") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "erased:" in log.read_text() and "Traceback" not in log.read_text()
    spec = json.loads((profile.root / "processes" / "retention.json").read_text())
    assert set(spec["env"]) & {"RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN", "CONSOLE_SECRET"} == set()


def test_health_reports_every_part_with_redis(profile):
    with urllib.request.urlopen(f"http://127.0.0.1:{profile.ports.web}/health", timeout=30) as response:
        health = json.loads(response.read())
    assert health["parts"] == {"rasa": "ok", "actions": "ok", "database": "ok", "redis": "ok"}, health
    web_environment = json.loads((profile.root / "processes" / "web.json").read_text())["env"]
    assert profile.redis_password not in json.dumps(web_environment), "the web server never holds Redis's password"


def test_killing_the_supervisor_leaves_no_process_and_frees_every_port(profile):
    """Last in this file: it ends the profile the tests above share."""
    import socket

    pids = [pid for pid in profile.pids().values() if pid]
    profile.supervisor.kill()  # SIGKILL: supervisord can do nothing about it
    profile.supervisor.wait()
    ports = [profile.ports.balancer, profile.ports.actions_balancer, *profile.ports.rasa, *profile.ports.actions,
             profile.ports.postgres, profile.ports.redis, profile.ports.web]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()
                 and "zombie" not in Path(f"/proc/{pid}/status").read_text(errors="replace").lower()]
        listening = []
        for port in ports:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                listening.append(port)
            except OSError:
                pass
        if not alive and not listening:
            break
        time.sleep(0.25)
    assert not alive and not listening, (alive, listening)
