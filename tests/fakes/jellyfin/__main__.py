"""Serve a fake Jellyfin until interrupted: `python -m tests.fakes.jellyfin --port 0 --size small`.

Once listening it prints one JSON line on stdout: url, username, password and counts.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from tests.fakes.jellyfin.generator import SIZES
from tests.fakes.jellyfin.server import FakeJellyfin
from tests.fakes.standalone import serve_until_interrupted


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.jellyfin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8096, help="0 picks a free port")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--username", default="reel")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--base-path", default="", help='e.g. "/jellyfin"')
    parser.add_argument("--tls", action="store_true", help="HTTPS with a self-signed certificate")
    parser.add_argument("--discovery-port", type=int, default=None, help="answer UDP discovery")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Start the server, announce it, wait for SIGINT/SIGTERM, stop."""
    server = FakeJellyfin(
        args.size,
        username=args.username,
        password=args.password,
        seed=args.seed,
        base_path=args.base_path,
        tls=args.tls,
        host=args.host,
        port=args.port,
    )

    async def start() -> dict[str, Any]:
        await server.start()
        ready: dict[str, Any] = {
            "url": server.url,
            "username": server.username,
            "password": server.password,
            "counts": server.counts,
        }
        if server.certificate is not None:
            ready["certificate"] = str(server.certificate.cert_path)
        if args.discovery_port is not None:
            ready["discovery_port"] = await server.start_discovery(args.discovery_port, args.host)
        return ready

    await serve_until_interrupted(start, server.stop)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
