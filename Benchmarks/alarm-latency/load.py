"""Alarm intake to board, end to end: N devices post signed SOS events at a steady total
rate over keep-alive connections while one board client listens on the live stream
(/api/v1/alarms/events). For every event answered 201, the time from sending the POST to
the alarm's arrival on the board. Prints one line of figures; stdlib only (asyncio).

    load.py BASE TOKEN DEVICES_FILE RATE SECONDS CONNECTIONS
DEVICES_FILE: "serial secret" per line."""
import asyncio
import hashlib
import hmac
import json
import sys
import time
from urllib.parse import urlparse

BASE, TOKEN, DEVICES_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
RATE, SECONDS, CONNECTIONS = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
HOST, PORT = urlparse(BASE).hostname, urlparse(BASE).port

devices = [line.split() for line in open(DEVICES_FILE) if line.strip()]
sent_at = {}          # alarm id -> when its POST was sent
arrived_at = {}       # alarm id -> when the board received it
statuses = {}
errors = []


async def board(ready):
    reader, writer = await asyncio.open_connection(HOST, PORT)
    writer.write(f"GET /api/v1/alarms/events HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {TOKEN}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    assert b" 200 " in status, status
    chunked = False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        chunked |= line.lower().startswith(b"transfer-encoding: chunked")
    ready.set()
    buffer = b""
    while True:
        if chunked:
            size_line = await reader.readline()
            if not size_line:
                return
            size = int(size_line.strip() or b"0", 16)
            if size == 0:
                return
            data = await reader.readexactly(size + 2)
            buffer += data[:-2]
        else:
            data = await reader.read(65536)
            if not data:
                return
            buffer += data
        now = time.perf_counter()
        while b"\n\n" in buffer:
            frame, buffer = buffer.split(b"\n\n", 1)
            for line in frame.split(b"\n"):
                if line.startswith(b"data: "):
                    row = json.loads(line[6:])
                    arrived_at.setdefault(row["id"], now)


async def read_response(reader):
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        lower = line.lower()
        if lower.startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        chunked |= lower.startswith(b"transfer-encoding: chunked")
    body = b""
    if chunked:
        while (size := int((await reader.readline()).strip() or b"0", 16)) > 0:
            body += (await reader.readexactly(size + 2))[:-2]
        await reader.readline()
    elif length:
        body = await reader.readexactly(length)
    return status, body


async def sender(n, start):
    reader, writer = await asyncio.open_connection(HOST, PORT)
    interval = CONNECTIONS / RATE
    k = 0
    while True:
        due = start + (k * CONNECTIONS + n) / RATE
        if due - start > SECONDS:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        serial, secret = devices[(k * CONNECTIONS + n) % len(devices)]
        body = json.dumps({"eventId": f"b{n}-{k}-{int(start)}", "type": "sos"}).encode()
        ts = str(int(time.time()))
        sig = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        request = (f"POST /api/v1/devices/{serial}/events HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\nX-Yanglao-Timestamp: {ts}\r\nX-Yanglao-Signature: {sig}\r\n\r\n").encode() + body
        t0 = time.perf_counter()
        writer.write(request)
        await writer.drain()
        status, answer = await read_response(reader)
        statuses[status] = statuses.get(status, 0) + 1
        if status == 201:
            sent_at[json.loads(answer)["alarm"]["id"]] = t0
        elif len(errors) < 3:
            errors.append((status, answer[:200]))
        k += 1
    writer.close()


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p * len(values) + 0.5)) - 1))]


async def main():
    ready = asyncio.Event()
    listener = asyncio.create_task(board(ready))
    await asyncio.wait_for(ready.wait(), 10)
    start = time.perf_counter() + 0.2
    await asyncio.gather(*(sender(n, start) for n in range(CONNECTIONS)))
    elapsed = time.perf_counter() - start
    await asyncio.sleep(2)    # the last alarms reach the board
    listener.cancel()
    latencies = [(arrived_at[a] - t) * 1000 for a, t in sent_at.items() if a in arrived_at]
    missing = sum(1 for a in sent_at if a not in arrived_at)
    print(f"{len(sent_at)} {len(sent_at) / elapsed:.1f} {pct(latencies, 0.5):.2f} {pct(latencies, 0.99):.2f} {max(latencies or [0]):.2f} {missing} "
          f"{sum(v for s, v in statuses.items() if s != 201)}")
    if errors:
        print("errors:", errors, file=sys.stderr)


asyncio.run(main())
