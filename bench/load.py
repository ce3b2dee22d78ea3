"""The load side of `make bench`: gunicorn processes, sign-in over HTTP, wrk runs and their
figures, worker memory from /proc."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def ensure_wrk() -> str:
    """wrk from Debian's packages, installed with apt-get if missing (as .ci/run installs
    chromium)."""
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("wrk not found: installing Debian's package (apt-get install wrk)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env
    )
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is still missing after apt-get install wrk")
    return found


# HTTP ---------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: str
    cookies: dict[str, str]
    location: str = ""


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    jar = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or []:
        jar.load(value)
    connection.close()
    return Answer(
        status=response.status,
        body=text,
        cookies={name: morsel.value for name, morsel in jar.items()},
        location=response.headers.get("Location", ""),
    )


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_pair(port: int, path: str, cookies: dict[str, str] | None = None) -> tuple[str, dict]:
    """A form's CSRF token and the cookies that go with it (GET the page that holds the form)."""
    page = request(port, "GET", path, cookies=cookies)
    match = CSRF_INPUT.search(page.body)
    if page.status != 200 or not match:
        raise SystemExit(f"no CSRF token on {path} (HTTP {page.status})")
    return match.group(1), {**(cookies or {}), **page.cookies}


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """Sign in through the login form as a person would; return the session's cookies."""
    token, cookies = csrf_pair(port, "/accounts/login/")
    answer = request(
        port,
        "POST",
        "/accounts/login/",
        cookies=cookies,
        form={"csrfmiddlewaretoken": token, "username": username, "password": password},
    )
    if answer.status != 302 or "sessionid" not in answer.cookies:
        raise SystemExit(f"sign-in of {username} failed: HTTP {answer.status}")
    return {**cookies, **answer.cookies}


# gunicorn -------------------------------------------------------------------------------------


class Server:
    """gunicorn with the production WSGI entry point on 127.0.0.1:port (settings from the
    environment: DJANGO_SETTINGS_MODULE=bench.settings)."""

    def __init__(self, port: int, workers: int, log: Path):
        self.port = port
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(GUNICORN),
            "exchange_portal.wsgi",
            f"--workers={self.workers}",
            f"--bind=127.0.0.1:{self.port}",
            f"--chdir={ROOT}",
            "--log-level=warning",
            "--timeout=60",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own fixed command)
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn on port {self.port} exited; see {self.log}")
            try:
                answered = request(self.port, "GET", "/bench/bare/").status == 200
                if answered and len(self.worker_pids()) >= self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn on port {self.port} did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        master = self.process.pid
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == master:
                children.append(int(entry.name))
        return children

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes


# wrk ------------------------------------------------------------------------------------------


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers and socket errors
    raw: str = field(repr=False, default="")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> Load:
    def find(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match:
            return match.group(1)
        if default is None:
            raise SystemExit(f"unexpected wrk output:\n{output}")
        return default

    errors = int(find(r"Non-2xx or 3xx responses: (\d+)", "0"))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Load(
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(find(r"^\s+50%\s+(\S+)")),
        p99_ms=_ms(find(r"^\s+99%\s+(\S+)")),
        requests=int(find(r"^\s+(\d+) requests in")),
        errors=errors,
        raw=output,
    )


POST_SCRIPT = """
-- A form POST per request, each with one of the prepared bodies (picked at random).
local bodies = {%(bodies)s}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  return wrk.format(nil, nil, nil, bodies[math.random(#bodies)])
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(
    url: str,
    *,
    duration: int,
    connections: int,
    threads: int = 2,
    cookies: dict[str, str] | None = None,
    post_bodies: list[str] | None = None,
) -> Load:
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        "--latency",
    ]
    if cookies:
        command += ["--header", f"Cookie: {cookie_header(cookies)}"]
    with tempfile.TemporaryDirectory() as folder:
        if post_bodies:
            script = Path(folder) / "post.lua"
            script.write_text(
                POST_SCRIPT % {"bodies": ", ".join(lua_string(b) for b in post_bodies)}
            )
            command += ["--script", str(script)]
        finished = subprocess.run(  # noqa: S603 (wrk with our own arguments)
            [*command, url], capture_output=True, text=True, check=True
        )
    return parse_wrk(finished.stdout)
