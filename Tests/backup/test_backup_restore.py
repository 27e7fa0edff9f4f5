"""A backup taken while orders stream in holds every order acknowledged before it began.

A real server on SQLite takes orders from several threads; `yanglao backup` runs in the
middle of the stream; the backup is restored into a new file with the data key that belongs
to it, passes PRAGMA integrity_check and holds every order answered 201 before the backup
started. A restore with another data key is refused before anything is written.

Needs YANGLAO_BIN (the yanglao binary); scripts/test runs it after the crash test."""
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from yanglao_server import Server  # noqa: E402

BIN = os.environ.get("YANGLAO_BIN", ".build/debug/yanglao")
PORT = int(os.environ.get("YANGLAO_BACKUP_PORT", "18084"))
PASSWORD = "backup-pass-123"
SENDERS = 4
SERVER = Server(BIN, PORT)
call = SERVER.call
yanglao = SERVER.yanglao


def order_ids(db):
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT id FROM service_orders")}


def test_backup_while_orders_stream_in_then_restore():
    work = tempfile.mkdtemp(prefix="yanglao-backup-")
    db = os.path.join(work, "live.sqlite")
    log = open(os.path.join(work, "server.log"), "ab")
    SERVER.demo(db, PASSWORD)
    server = SERVER.start(db, log)
    try:
        status, login = call("POST", "/api/v1/auth/login", {"username": "hotline", "password": PASSWORD})
        assert status == 200, login
        auth = {"Authorization": f"Bearer {login['token']}"}
        status, people = call("GET", "/api/v1/elders?status=active&per=50", headers=auth)
        assert status == 200, people
        people = [p["id"] for p in people["items"]]

        acked = []            # (time answered, order id) for every 201
        lock = threading.Lock()
        stop = threading.Event()

        def sender(n):
            k = 0
            while not stop.is_set():
                body = {"elderId": people[(n * 7 + k) % len(people)], "serviceType": "meal", "channel": "phone"}
                k += 1
                status, answer = call("POST", "/api/v1/orders", body, {**auth, "Idempotency-Key": str(uuid.uuid4())})
                if status == 201:
                    with lock:
                        acked.append((time.monotonic(), answer["id"]))

        threads = [threading.Thread(target=sender, args=(n,)) for n in range(SENDERS)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        backup = os.path.join(work, "backup.sqlite")
        began = time.monotonic()
        taken = yanglao("backup", backup, "--database", f"sqlite://{db}")
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join()
        assert taken.returncode == 0, taken.stdout + taken.stderr
        before = {oid for at, oid in acked if at < began}
        assert len(before) >= 20, f"only {len(before)} orders acknowledged before the backup"
        assert len(acked) > len(before), "no order was written while the backup ran"

        # Restored into a new file with the key that belongs to the backup.
        restored = os.path.join(work, "restored.sqlite")
        shutil.copy(db + ".key", restored + ".key")
        os.chmod(restored + ".key", 0o600)
        done = yanglao("restore", backup, "--database", f"sqlite://{restored}")
        assert done.returncode == 0, done.stdout + done.stderr
        missing = before - order_ids(restored)
        assert not missing, f"{len(missing)} of {len(before)} acknowledged orders missing from the backup"

        # Another key: refused, and nothing written.
        other = os.path.join(work, "other.sqlite")
        with open(other + ".key", "w") as f:
            f.write(os.urandom(32).hex() + "\n")
        os.chmod(other + ".key", 0o600)
        refused = yanglao("restore", backup, "--database", f"sqlite://{other}")
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "数据密钥与备份不符" in refused.stdout
        assert not os.path.exists(other), "a refused restore wrote the target"
        print(f"{len(before)} orders acknowledged before the backup, all restored; {len(acked) - len(before)} more during and after it")
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
