"""The app as production runs it: gunicorn with two sync workers on loopback, plus what the
scenarios need to talk to it (a minimal HTTP client) and to watch it (the workers' memory)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psutil

BASE_DIR = Path(__file__).resolve().parent.parent
PORTS = range(8201, 8211)
WORKERS = 2
STARTUP_TIMEOUT_SECONDS = 60


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS.start}–{PORTS.stop - 1} for the benchmark server.")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    cookies: dict[str, str] = field(default_factory=dict)


class Client:
    """HTTP/1.1 to the server, one connection a request (gunicorn's sync workers close it)."""

    def __init__(self, port: int, *, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.headers = dict(headers or {})

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        on_chunk: Callable[[bytes], None] | None = None,
    ) -> Response:
        """Send a request and read the whole answer; with `on_chunk` the body is handed over as
        it arrives instead of kept. `seconds` runs from sending to the last byte."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = connection.getresponse()
            if on_chunk is None:
                data = response.read()
            else:
                data = b""
                while chunk := response.read1(256 * 1024):
                    on_chunk(chunk)
            seconds = time.perf_counter() - started
            cookies = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookies.load(header)
            return Response(
                status=response.status,
                headers={name.lower(): value for name, value in response.getheaders()},
                body=data,
                seconds=seconds,
                cookies={name: morsel.value for name, morsel in cookies.items()},
            )
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.request("POST", path, **kwargs)


class AppServer:
    """gunicorn serving `project.wsgi` with the given environment."""

    def __init__(self, *, port: int, env: dict[str, str], log_path: Path) -> None:
        self.port = port
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> AppServer:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "project.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "900",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_until_ready()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        client = Client(self.port)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                if client.get("/healthz").status == 200 and len(self.workers()) == WORKERS:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {STARTUP_TIMEOUT_SECONDS} s")

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    @contextmanager
    def memory_watch(self, interval: float = 0.01) -> Iterator[MemoryWatch]:
        """Sample the workers' resident memory while the block runs."""
        watch = MemoryWatch(self.workers(), interval)
        watch.start()
        try:
            yield watch
        finally:
            watch.stop()


class MemoryWatch:
    """Peak RSS of each worker against its RSS when the watch began; `growth` is the largest
    difference: the memory a request made its worker take."""

    def __init__(self, workers: list[psutil.Process], interval: float) -> None:
        self.workers = workers
        self.interval = interval
        self.before = {worker.pid: worker.memory_info().rss for worker in workers}
        self.peak = dict(self.before)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            for worker in self.workers:
                try:
                    rss = worker.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                self.peak[worker.pid] = max(self.peak[worker.pid], rss)
            self._stop.wait(self.interval)

    @property
    def growth_bytes(self) -> int:
        return max(self.peak[pid] - self.before[pid] for pid in self.before)

    @property
    def peak_bytes(self) -> int:
        return max(self.peak.values())
