#!/usr/bin/env python3
"""Holds many cheap, hostile connections open against a server on loopback, for bench/soak.sh.

Kinds of connection (each from its own loopback source addresses, 127.0.x.y, so that the
server's per-client cap does not refuse them; "greedy" all come from one address, to be refused):

  slow    a request line, then one header line every 5 s, never finishing the head (slowloris)
  idle    connects and sends nothing
  big     about 15 KiB of header at once, never finished, then one more line every 5 s
  greedy  idle connections from a single address, more than the per-client cap allows

A connection the server closes is opened again, so the pressure lasts the whole run. Prints one
line of counts at the end. Bounded: at most the given number of connections of each kind, for
at most --seconds. Loopback only.
"""

import argparse
import asyncio
import ipaddress
import json
import time

SLOW_EVERY = 5.0


def sources(base, count, per_address):
    """`count` source addresses from `base` onward, for `per_address` connections each."""
    first = ipaddress.IPv4Address(base)
    n = max(1, -(-count // per_address))
    return [str(first + i) for i in range(n)]


class Stats:
    def __init__(self):
        self.opened = {}
        self.closed_by_server = {}
        self.refused = {}
        self.connect_failed = {}
        self.open_now = {}
        self.open_peak = {}

    def bump(self, table, kind):
        table[kind] = table.get(kind, 0) + 1

    def opened_one(self, kind):
        self.bump(self.opened, kind)
        self.open_now[kind] = self.open_now.get(kind, 0) + 1
        self.open_peak[kind] = max(self.open_peak.get(kind, 0), self.open_now[kind])

    def closed_one(self, kind):
        self.open_now[kind] -= 1


async def hold(kind, src, args, stats, stop_at, delay):
    await asyncio.sleep(delay)
    big_head = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(
        b"X-Big-%d: %s\r\n" % (i, b"b" * 200) for i in range(70)
    )
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(args.host, args.port, local_addr=(src, 0)), 5
            )
        except (OSError, asyncio.TimeoutError):
            stats.bump(stats.connect_failed, kind)
            await asyncio.sleep(1)
            continue
        stats.opened_one(kind)
        try:
            if kind == "slow":
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            elif kind == "big":
                writer.write(big_head)
            elif kind == "kept":
                # One request hyper serves, then silence: its buffers are what is kept.
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            elif kind == "kept_page":
                # One fixed page from the direct path, then silence.
                writer.write(b"GET /417 HTTP/1.1\r\nHost: x\r\n\r\n")
            n = 0
            while time.monotonic() < stop_at:
                try:
                    data = await asyncio.wait_for(reader.read(4096), SLOW_EVERY)
                except asyncio.TimeoutError:
                    data = None
                if data == b"" or (data and data.startswith(b"HTTP/1.1 503")):
                    if data:
                        stats.bump(stats.refused, kind)
                    else:
                        stats.bump(stats.closed_by_server, kind)
                    break
                if kind in ("slow", "big"):
                    n += 1
                    writer.write(b"X-Slow-%d: yes\r\n" % n)
                    await writer.drain()
        except (OSError, ConnectionError):
            stats.bump(stats.closed_by_server, kind)
        finally:
            stats.closed_one(kind)
            writer.close()
        if kind == "greedy":
            # A refused greedy client tries again a little later.
            await asyncio.sleep(2)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--seconds", type=float, default=45)
    p.add_argument("--slow", type=int, default=2000)
    p.add_argument("--idle", type=int, default=2000)
    p.add_argument("--big", type=int, default=2000)
    p.add_argument("--greedy", type=int, default=600)
    p.add_argument("--kept", type=int, default=0, help="connections idle after a request hyper serves")
    p.add_argument("--kept-page", type=int, default=0, help="connections idle after a fixed page")
    p.add_argument("--per-address", type=int, default=200, help="connections per source address")
    p.add_argument("--ramp", type=float, default=5.0, help="seconds over which connections open")
    args = p.parse_args()
    assert ipaddress.ip_address(args.host).is_loopback, "loopback only"

    stats = Stats()
    stop_at = time.monotonic() + args.seconds
    tasks = []
    plan = [
        ("slow", "127.0.1.1"),
        ("idle", "127.0.2.1"),
        ("big", "127.0.3.1"),
        ("kept", "127.0.5.1"),
        ("kept_page", "127.0.6.1"),
    ]
    total = args.slow + args.idle + args.big + args.kept + args.kept_page + args.greedy
    i = 0
    for kind, base in plan:
        count = getattr(args, kind)
        addrs = sources(base, count, args.per_address)
        for j in range(count):
            delay = args.ramp * i / max(1, total)
            tasks.append(hold(kind, addrs[j // args.per_address], args, stats, stop_at, delay))
            i += 1
    for j in range(args.greedy):
        delay = args.ramp * i / max(1, total)
        tasks.append(hold("greedy", "127.0.4.1", args, stats, stop_at, delay))
        i += 1
    await asyncio.gather(*tasks)
    print(
        "attack: "
        + json.dumps(
            {
                "opened": stats.opened,
                "open_peak": stats.open_peak,
                "closed_by_server": stats.closed_by_server,
                "refused_503": stats.refused,
                "connect_failed": stats.connect_failed,
            },
            sort_keys=True,
        ),
        flush=True,
    )


asyncio.run(main())
