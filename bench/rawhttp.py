"""Shared by bench/slowloris and bench/soak: a minimal HTTP/1.1 client over
raw sockets (so that hostile request lines go out byte for byte, which
http.client refuses), and starting examples/conformance in release."""

import os
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Closed(Exception):
    """The server closed the connection before a whole response arrived."""


class Conn:
    """One keep-alive connection; reconnects after the server closes it."""

    def __init__(self, port, timeout=10.0):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buf = b""

    def _connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise Closed()
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def request(self, raw, head_only=False):
        """Sends `raw` (a whole request) and returns (status, headers, body);
        header names lowercased."""
        if self.sock is None:
            self._connect()
        try:
            self.sock.sendall(raw)
        except OSError:
            # The server may answer (e.g. 431) and close before reading all.
            pass
        try:
            status_line = self._line()
            status = int(status_line.split(b" ", 2)[1])
            headers = {}
            while True:
                line = self._line()
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
            body = b""
            if head_only or status in (204, 304) or 100 <= status < 200:
                pass
            elif "content-length" in headers:
                body = self._exact(int(headers["content-length"]))
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                parts = []
                while True:
                    size = int(self._line().split(b";")[0], 16)
                    if size == 0:
                        while self._line():
                            pass
                        break
                    parts.append(self._exact(size))
                    self._exact(2)
                body = b"".join(parts)
            else:
                try:
                    while True:
                        self._fill()
                except Closed:
                    pass
                body, self.buf = self.buf, b""
                self.close()
            if headers.get("connection", "").lower() == "close":
                self.close()
            return status, headers, body
        except (Closed, OSError):
            self.close()
            raise


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def raise_fd_limit():
    """Lifts the soft descriptor limit to the hard one (for us and the server)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def start_conformance(env=None, build=True):
    """Builds examples/conformance (release, unless build=False) and serves it
    on a free port; returns (process, port)."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    if build:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "-p", "conformance"], cwd=ROOT, check=True
        )
    port = free_port()
    # RUST_LOG is passed through: unset, serve()'s default filter (info) runs.
    full_env = dict(os.environ, PORT=str(port))
    full_env.update(env or {})
    log = open(os.path.join(target, "bench-server.log"), "wb")
    proc = subprocess.Popen(
        [os.path.join(target, "release", "conformance")], env=full_env, stdout=log, stderr=log
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}; see {log.name}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("the server did not start listening within 30 s")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p / 100))]
