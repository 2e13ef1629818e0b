#!/usr/bin/env python3
"""The "GUI" of the named-pipe layout: reads frob's ui FIFO and nothing else.

    fifo_gui.py UI_FIFO OUT READY

Opens UI_FIFO for reading without waiting for a writer (so frob, which never blocks on a FIFO,
finds a reader), creates READY, then copies every line to OUT until frob closes the FIFO.
"""
import os
import select
import sys


def main():
    fifo, out_path, ready = sys.argv[1:4]
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    open(ready, "w").close()
    with open(out_path, "a", buffering=1) as out:
        for line in lines(fd):
            out.write(line + "\n")


def lines(fd):
    """Lines from a FIFO opened O_NONBLOCK; ends when the writer that came has gone."""
    buf = b""
    while True:
        select.select([fd], [], [])
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            continue
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            yield line.decode()


if __name__ == "__main__":
    main()
