"""`python -m bot run` starts the whole service, and one signal stops every process it started."""
import signal
import subprocess
import sys
import time

import pytest

from bot import PROJECT_DIR
from tests.conftest import free_port, wait_for

pytestmark = pytest.mark.slow


def _alive(pid: int) -> bool:
    try:
        return subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True,
                              text=True).stdout.strip() not in ("", "Z")
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_every_process(signum, tmp_path, trained_model):
    action_port, rasa_port, web_port = free_port(), free_port(), free_port()
    env = {
        "PATH": "/usr/bin:/bin", "RASA_API_TOKEN": "t" * 32, "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port), "WEB_PORT": str(web_port), "TRACKER_DB": str(tmp_path / "tracker.db"),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
    }
    children: list = []
    supervisor = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=PROJECT_DIR, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{rasa_port}/webhooks/rest/")
        wait_for(f"http://127.0.0.1:{web_port}/health")
        children = subprocess.run(
            ["pgrep", "-f", "--", f"--port {rasa_port}|--port {action_port}|--port {web_port}"],
            capture_output=True, text=True).stdout.split()
        assert len(children) >= 3
        supervisor.send_signal(signum)
        assert supervisor.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while any(_alive(int(pid)) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not any(_alive(int(pid)) for pid in children)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        for pid in children:
            subprocess.run(["kill", "-9", pid], capture_output=True)
