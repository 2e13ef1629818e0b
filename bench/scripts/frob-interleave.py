#!/usr/bin/env python3
"""Connect -> first answered T1, interleaved across several frobs already listening under tcpserver.

Usage: frob-interleave.py N NAME=PORT [NAME=PORT ...]

Makes N rounds; each round connects once to every PORT in turn (0.4 s apart), sends one T1 frame
and times until the T2 arrives. Interleaving puts the variants under the same host noise, which
drifts by ~15 % within minutes on a VM (docs/performance.md). Prints min/p25/median/p75 per NAME.
"""
import socket
import statistics
import sys
import time

T1 = b'\x022711\x1cT1\x1c\x03c'  # STX, token 2711, FS, T1, FS, ETX, LRC


def first_t2_ms(port):
    t0 = time.perf_counter()
    with socket.create_connection(('127.0.0.1', port), timeout=5) as s:
        s.sendall(T1)
        got = b''
        while b'T2' not in got:
            chunk = s.recv(4096)
            if not chunk:
                raise RuntimeError(f'port {port} closed before a T2: {got!r}')
            got += chunk
    return (time.perf_counter() - t0) * 1000


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit():
        sys.exit(__doc__)
    rounds = int(argv[1])
    targets = [(name, int(port)) for name, port in (a.split('=', 1) for a in argv[2:])]
    times = {name: [] for name, _ in targets}
    for _ in range(rounds):
        for name, port in targets:
            times[name].append(first_t2_ms(port))
            time.sleep(0.4)
    for name, v in times.items():
        v.sort()
        print(f'{name:12s} min {v[0]:6.1f}  p25 {v[len(v) // 4]:6.1f}  median {statistics.median(v):6.1f}'
              f'  p75 {v[3 * len(v) // 4]:6.1f} ms  (n={len(v)})')


if __name__ == '__main__':
    main(sys.argv)
