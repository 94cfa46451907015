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
from reel_qt.store.views import SourceView


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


async def _sign_in(
    args: argparse.Namespace, runtime: Runtime, url: str, trust: TlsTrust
) -> SignedIn:
    identity = runtime.identity
    try:
        server = await probe(url, identity, trust)
        _say(args, f"Found {server.name} (Jellyfin {server.version}) at {server.url}.")
        if args.quick_connect:
            session = QuickConnect(url, identity, trust)
            try:
                code = await session.start()
                _say(
                    args,
                    f"Quick Connect code: {code}. Enter it in a signed-in Jellyfin app "
                    "(Settings → Quick Connect); waiting for approval…",
                )
                return await session.wait()
            finally:
                await session.close()
        if not args.username:
            raise InvalidArgumentError("Give --username NAME, or use --quick-connect.")
        return await sign_in_with_password(url, args.username, _password(args), identity, trust)
    except UntrustedCertificateError as error:
        raise await _untrusted(error.url, error) from error


async def add_jellyfin(args: argparse.Namespace, runtime: Runtime) -> int:
    """Sign in to a Jellyfin server with a password or Quick Connect and add it."""
    url = normalise_server_url(args.url)
    signed_in = await _sign_in(args, runtime, url, TlsTrust(args.trust_certificate))
    source = await runtime.setup.add_jellyfin(
        signed_in, extra_addresses=args.address, trusted_certificate=args.trust_certificate
    )
    if args.json:
        output.print_json(output.added_source(source, signed_in.user_name))
    else:
        print(
            f"Added source {source.id}: {source.name} as {signed_in.user_name or 'you'}. "
            f"Run `reel sync {source.id}` to fetch its library."
        )
    return 0


async def sign_in_again(args: argparse.Namespace, runtime: Runtime, source: SourceView) -> int:
    """Sign a Jellyfin source in again after its token was revoked or expired."""
    trust = TlsTrust(source.config.get("certificate_sha256"))
    signed_in = await _sign_in(args, runtime, source.url or "", trust)
    if signed_in.server.server_id != source.config.get("server_id"):
        raise InvalidArgumentError(
            f"{source.url} is now a different server ({signed_in.server.name}); add it as a "
            "new source instead."
        )
    await runtime.setup.sign_in_again(source, signed_in)
    print(f"Signed in to {source.name} again as {signed_in.user_name or 'you'}.")
    return 0
