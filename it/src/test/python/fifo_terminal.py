#!/usr/bin/env python3
"""The "terminal software" of the named-pipe layout: reads frob's payment and storage FIFOs,
writes the device FIFO.

    fifo_terminal.py PAYMENT_FIFO STORAGE_FIFO DEVICE_FIFO OUT READY

Opens the two out-FIFOs for reading without waiting (so frob finds readers), creates READY,
then logs every line as "CHANNEL LINE" to OUT. A sale (S1 kind S) is answered on the device FIFO
with I1 20 and an approving S2 carrying the S1's token. Ends when frob has closed both FIFOs.
"""
import json
import os
import select
import sys


def main():
    payment_fifo, storage_fifo, device_fifo, out_path, ready = sys.argv[1:6]
    fds = {os.open(payment_fifo, os.O_RDONLY | os.O_NONBLOCK): "payment",
           os.open(storage_fifo, os.O_RDONLY | os.O_NONBLOCK): "storage"}
    open(ready, "w").close()
    bufs = {fd: b"" for fd in fds}
    device = None
    with open(out_path, "a", buffering=1) as out:
        while fds:
            readable, _, _ = select.select(list(fds), [], [])
            for fd in readable:
                try:
                    chunk = os.read(fd, 4096)
                except BlockingIOError:
                    continue
                if not chunk:
                    del fds[fd]
                    continue
                bufs[fd] += chunk
                while b"\n" in bufs[fd]:
                    line, bufs[fd] = bufs[fd].split(b"\n", 1)
                    out.write(fds[fd] + " " + line.decode() + "\n")
                    m = json.loads(line)
                    if fds[fd] == "payment" and m.get("type") == "S1" and m["fields"]["kind"] == "S":
                        if device is None:
                            device = open(device_fifo, "w", buffering=1)  # frob reads it: opens at once
                        answer(device, m)


def answer(device, m):
    session, token, gross = m["session"], m["token"], m["fields"]["gross"]
    send(device, {"channel": "device", "session": session, "type": "I1", "fields": {"status": "20", "message": "WLOZ KARTE"}})
    send(device, {"channel": "device", "session": session, "type": "S2", "token": token, "fields": {
        "result": "0", "mid": "M00012345", "tid": "T0001234", "transaction_id": "FIFO-1", "amount": gross,
        "cashback": "0", "method": "VISA", "message": "approved", "masked_pan": "411111******1111",
        "auth_code": "FIFO01"}})


def send(device, m):
    device.write(json.dumps(m) + "\n")
    device.flush()


if __name__ == "__main__":
    main()
