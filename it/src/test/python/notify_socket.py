#!/usr/bin/env python3
"""Plays systemd's side of sd_notify(3) for the tests (docs/install.md).

    notify_socket.py SOCKET OUT

Binds a UNIX datagram socket at SOCKET (a path, or @name for the abstract namespace, as
$NOTIFY_SOCKET names it) and appends every datagram received to OUT as one line, its newlines
written as ';'. Runs until killed.
"""
import socket
import sys


def main():
    name, out = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + name[1:] if name.startswith("@") else name)
    with open(out, "a", encoding="utf-8") as f:
        f.write("bound\n")
        f.flush()
        while True:
            data = s.recv(4096)
            f.write(data.decode("utf-8", "replace").replace("\n", ";") + "\n")
            f.flush()


if __name__ == "__main__":
    main()
