#!/usr/bin/env python3
"""A misbehaving Docker engine on a unix socket, for the fault-injection tests
(tst_docker_faults). It stands in for what a real engine cannot be made to do
on demand: stall, drip, never end, lie about sizes, or flood.

    fake_docker_engine.py SOCKET MODE [--log FILE] [--flood-events N]

Every request line is appended to --log (one line each, flushed), so a test
can count what the client asked for. Modes:

  stall     accept, read the request, say nothing
  partial   send part of a response head, then stall
  drip      answer /_ping correctly, one byte a second
  endless   /_ping answered with a chunked body that never ends
  huge      /_ping with a huge Content-Length, streaming bytes forever
  badjson   /_ping is fine, /version is not JSON
  flood     a well-behaved engine whose /events sends N events (default
            1,000,000) about containers nobody knows, as fast as the socket
            takes them, then "flood-done" in the log and an idle stream
  hang      well-behaved until /events is open, then /_ping answers nothing
  bigevent  well-behaved, but /events sends one 5 MiB event

A real Docker answers /_ping with "OK" and /version with a JSON object.
"""

import os
import socket
import sys
import threading
import time

CHUNK = 64 * 1024


def log(path, text):
    if not path:
        return
    with open(path, "a") as f:
        f.write(text + "\n")
        f.flush()


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        part = conn.recv(65536)
        if not part:
            return None
        data += part
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def respond(conn, status, body, content_type="application/json"):
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Api-Version: 1.43\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    conn.sendall(head.encode() + body)


def stall(conn):
    while conn.recv(65536):
        pass


def well_behaved(conn, line, state, args):
    path = line.split(" ")[1] if " " in line else ""
    if "/_ping" in path:
        respond(conn, "200 OK", b"OK", "text/plain")
    elif path.endswith("/version"):
        respond(
            conn,
            "200 OK",
            b'{"Version":"24.0.0-fake","ApiVersion":"1.43","MinAPIVersion":"1.12"}',
        )
    elif "/containers/json" in path:
        respond(conn, "200 OK", b"[]")
    elif "/networks" in path:
        respond(conn, "200 OK", b"[]")
    elif "/volumes" in path:
        respond(conn, "200 OK", b'{"Volumes":[]}')
    elif "/events" in path:
        if args["mode"] == "flood":
            flood(conn, args)
        else:
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            if args["mode"] == "bigevent":
                event = b'{"Type":"container","Action":"' + b"x" * (5 << 20) + b'"}\n'
                conn.sendall(f"{len(event):x}\r\n".encode() + event + b"\r\n")
            args["events_open"].set()
            stall(conn)
    else:
        respond(conn, "404 Not Found", b'{"message":"no such thing"}')


def flood(conn, args):
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    total = args["flood_events"]
    batch = 2000
    sent = 0
    n = 0
    while sent < total:
        lines = []
        for _ in range(batch):
            n += 1
            cid = f"{n:064x}"
            if n % 2:
                # Old-shaped: no name, so only a listing could tell it.
                lines.append(
                    f'{{"status":"die","id":"{cid}","from":"x","time":1700000000}}\n'
                )
            else:
                # Modern, named, but not a container anybody watches.
                lines.append(
                    f'{{"Type":"container","Action":"start","Actor":{{"ID":"{cid}",'
                    f'"Attributes":{{"name":"flood-{n}"}}}},"time":1700000000,'
                    f'"timeNano":1700000000000000000}}\n'
                )
        payload = "".join(lines).encode()
        conn.sendall(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        sent += batch
    log(args["log"], "flood-done")
    stall(conn)


def serve(conn, args):
    mode = args["mode"]
    try:
        line = read_request(conn)
        if line is None:
            return
        log(args["log"], line)
        if mode == "stall":
            stall(conn)
        elif mode == "partial":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: appl")
            stall(conn)
        elif mode == "drip":
            for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK":
                conn.sendall(bytes([b]))
                time.sleep(1)
        elif mode == "endless":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = f"{CHUNK:x}\r\n".encode() + b"O" * CHUNK + b"\r\n"
            while True:
                conn.sendall(chunk)
        elif mode == "huge":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999\r\n\r\n")
            block = b"O" * CHUNK
            while True:
                conn.sendall(block)
        elif mode == "badjson":
            if "/_ping" in line:
                respond(conn, "200 OK", b"OK", "text/plain")
            else:
                respond(conn, "200 OK", b"<html>this is not json {", "application/json")
        elif mode == "hang" and args["events_open"].is_set() and "/_ping" in line:
            stall(conn)
        elif mode in ("flood", "hang", "bigevent"):
            well_behaved(conn, line, None, args)
    except OSError:
        pass  # the client gave up: that is what the tests want
    finally:
        conn.close()


def main():
    argv = sys.argv[1:]
    if len(argv) < 2:
        sys.exit(__doc__)
    args = {"path": argv[0], "mode": argv[1], "log": None, "flood_events": 1000000,
            "events_open": threading.Event()}
    rest = argv[2:]
    while rest:
        key = rest.pop(0)
        if key == "--log":
            args["log"] = rest.pop(0)
        elif key == "--flood-events":
            args["flood_events"] = int(rest.pop(0))
        else:
            sys.exit(f"unknown option {key}")
    if args["mode"] not in (
        "stall", "partial", "drip", "endless", "huge", "badjson", "flood", "hang",
            "bigevent"):
        sys.exit(f"unknown mode {args['mode']}")
    if os.path.exists(args["path"]):
        os.unlink(args["path"])
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(args["path"])
    server.listen(64)
    print("listening", flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn, args), daemon=True).start()


if __name__ == "__main__":
    main()
