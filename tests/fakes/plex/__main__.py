"""Serve a fake plex.tv + PMS until interrupted: `python -m tests.fakes.plex --port 0`.

Once both listen it prints one JSON line on stdout: url (the server), plex_tv_url,
server_url (the same as url), token, counts.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from tests.fakes.plex.generator import SIZES
from tests.fakes.plex.server import FakePlex
from tests.fakes.standalone import serve_until_interrupted


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.plex", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=32400, help="the PMS port; 0 picks one")
    parser.add_argument("--plex-tv-port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tls", action="store_true", help="HTTPS with a self-signed certificate")
    parser.add_argument("--gdm-port", type=int, default=None, help="answer GDM searches here")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Start, announce, wait for SIGINT/SIGTERM, stop."""
    plex = FakePlex(args.size, seed=args.seed, tls=args.tls, host=args.host, port=args.port,
                    plex_tv_port=args.plex_tv_port)  # fmt: skip

    async def start() -> dict[str, Any]:
        await plex.start()
        ready: dict[str, Any] = {
            "url": plex.server_url,  # the name for the server's address
            "plex_tv_url": plex.plex_tv_url,
            "server_url": plex.server_url,
            "token": plex.account_token,
            "machine_identifier": plex.machine_identifier,
            "counts": plex.counts,
        }
        if plex.certificate is not None:
            ready["certificate"] = str(plex.certificate.cert_path)
        if args.gdm_port is not None:
            ready["gdm_port"] = await plex.start_gdm(args.gdm_port, args.host)
        return ready

    await serve_until_interrupted(start, plex.stop)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
