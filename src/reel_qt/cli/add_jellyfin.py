"""`reel source add jellyfin`: check the server, sign in, store the source."""

from __future__ import annotations

import argparse
import getpass
import sys

from reel_qt.backends.http import TlsTrust, fetch_certificate_fingerprint
from reel_qt.backends.jellyfin.address import normalise_server_url
from reel_qt.backends.jellyfin.signin import QuickConnect, SignedIn, probe, sign_in_with_password
from reel_qt.cli import output
from reel_qt.core.errors import InvalidArgumentError, UntrustedCertificateError
from reel_qt.runtime import Runtime


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass(f"Password for {args.username}: ")
    raise InvalidArgumentError(
        "No password given: pass --password-stdin and write it to standard input."
    )


def _say(args: argparse.Namespace, text: str) -> None:
    # With --json, stdout carries exactly one document; messages go to stderr.
    print(text, file=sys.stderr if args.json else sys.stdout, flush=True)


async def _untrusted(url: str, error: UntrustedCertificateError) -> InvalidArgumentError:
    fingerprint = await fetch_certificate_fingerprint(url)
    if fingerprint is None:
        return InvalidArgumentError(str(error))
    return InvalidArgumentError(
        f"{error} Its SHA-256 fingerprint is {fingerprint}. If that matches your server's, "
        f"add it again with --trust-certificate {fingerprint}"
    )


async def add_jellyfin(args: argparse.Namespace, runtime: Runtime) -> int:
    """Sign in to a Jellyfin server with a password or Quick Connect and add it."""
    url = normalise_server_url(args.url)
    trust = TlsTrust(args.trust_certificate)
    identity = runtime.identity
    try:
        server = await probe(url, identity, trust)
        _say(args, f"Found {server.name} (Jellyfin {server.version}) at {server.url}.")
        signed_in: SignedIn
        if args.quick_connect:
            session = QuickConnect(url, identity, trust)
            try:
                code = await session.start()
                _say(
                    args,
                    f"Quick Connect code: {code}. Enter it in a signed-in Jellyfin app "
                    "(Settings → Quick Connect); waiting for approval…",
                )
                signed_in = await session.wait()
            finally:
                await session.close()
        else:
            if not args.username:
                raise InvalidArgumentError("Give --username NAME, or use --quick-connect.")
            signed_in = await sign_in_with_password(
                url, args.username, _password(args), identity, trust
            )
    except UntrustedCertificateError as error:
        raise await _untrusted(error.url, error) from error
    source = await runtime.setup.add_jellyfin(
        signed_in, extra_addresses=args.address, trusted_certificate=args.trust_certificate
    )
    if args.json:
        output.print_json(
            {
                "id": source.id,
                "type": source.type,
                "name": source.name,
                "url": source.url,
                "user": signed_in.user_name,
            }
        )
    else:
        print(
            f"Added source {source.id}: {source.name} as {signed_in.user_name or 'you'}. "
            f"Run `reel sync {source.id}` to fetch its library."
        )
    return 0
