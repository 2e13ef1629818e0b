#!/usr/bin/env python3
"""A monolithic terminal application for frob's --channels fd:N (docs/integration.md).

    socketpair_terminal.py TRANSCRIPT PROGRAM [ARGS...]

Creates a socketpair, starts PROGRAM ARGS... --channels fd:N with one end as descriptor N
(its stdin/stdout are ours: the ECR connection), and plays the terminal software on the other
end: every JSON line frob sends is appended to TRANSCRIPT; a sale (S1 kind S) is answered with
I1 20 and an approving S2 tagged "payment", a status query (kind C) with S2 996. Exits with the
program's exit code once it has ended.
"""
import json
import os
import socket
import subprocess
import sys
import threading


def main():
    transcript_path, command = sys.argv[1], sys.argv[2:]
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fd = theirs.fileno()
    frob = subprocess.Popen(command + ["--channels", "fd:%d" % fd], pass_fds=[fd])
    theirs.close()
    with open(transcript_path, "a", buffering=1) as transcript:
        reader = threading.Thread(target=serve, args=(ours, transcript), daemon=True)
        reader.start()
        code = frob.wait()
        reader.join(timeout=5)
    sys.exit(code)


def serve(sock, transcript):
    buf = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            transcript.write(line.decode() + "\n")
            answer(sock, json.loads(line))


def answer(sock, m):
    if m.get("channel") != "payment" or m.get("type") != "S1":
        return
    session, token, fields = m["session"], m["token"], m["fields"]
    if fields["kind"] == "C":
        send(sock, session, "S2", token, {"result": "996", "message": "no such transaction"})
        return
    send(sock, session, "I1", None, {"status": "20", "message": "WLOZ KARTE"})
    send(sock, session, "S2", token, {
        "result": "0", "mid": "M00012345", "tid": "T0001234", "transaction_id": "SOCKETPAIR-1",
        "amount": fields["gross"], "cashback": "0", "method": "VISA", "message": "approved",
        "masked_pan": "411111******1111", "auth_code": "SP0001"})


def send(sock, session, type_, token, fields):
    m = {"channel": "payment", "session": session, "type": type_, "fields": fields}
    if token:
        m["token"] = token
    sock.sendall((json.dumps(m) + "\n").encode())


if __name__ == "__main__":
    main()
