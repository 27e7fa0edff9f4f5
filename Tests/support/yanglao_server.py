"""A yanglao server on an SQLite file, started by the process tests (crash, backup), and JSON
calls to it. Import with `sys.path.insert(0, <Tests/support>)`."""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request


class Server:
    def __init__(self, binary, port):
        self.binary = binary
        self.base = f"http://127.0.0.1:{port}"
        self.port = port
        self.env = {**os.environ, "YANGLAO_BCRYPT_COST": "4"}

    def call(self, method, path, body=None, headers=None, timeout=5):
        """The status and the decoded JSON answer; `body` is bytes as they are or a value as JSON."""
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"content-type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def yanglao(self, *args):
        """Runs a command of the binary; its completed process."""
        return subprocess.run([self.binary, *args], capture_output=True, text=True, env=self.env)

    def demo(self, db, password):
        made = self.yanglao("demo", "--size", "tiny", "--admin-password", password, "--database", f"sqlite://{db}")
        assert made.returncode == 0, made.stdout + made.stderr

    def start(self, db, log):
        """Serves `db` and waits for /health; the server's process."""
        proc = subprocess.Popen([self.binary, "serve", "--port", str(self.port), "--database", f"sqlite://{db}"],
                                stdout=log, stderr=log, env=self.env)
        for _ in range(150):
            try:
                if self.call("GET", "/health", timeout=1)[0] == 200:
                    return proc
            except OSError:
                pass
            time.sleep(0.2)
        proc.kill()
        raise AssertionError("server did not start")
