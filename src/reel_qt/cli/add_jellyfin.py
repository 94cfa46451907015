"""`reel source add jellyfin`: check the server, sign in, store the source."""

from __future__ import annotations

import argparse
import getpass
import sys

from reel_qt.backends.http import fetch_certificate_fingerprint
from reel_qt.backends.jellyfin.signin import SignedIn
from reel_qt.cli import output
from reel_qt.core.errors import InvalidArgumentError, UntrustedCertificateError
from reel_qt.runtime import Runtime
from reel_qt.store.views import SourceView
from reel_qt.sync.jellyfin_signin import JellyfinSignIn
from reel_qt.sync.jellyfin_signin import sign_in_again as jellyfin_sign_in_again


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


async def _sign_in(args: argparse.Namespace, flow: JellyfinSignIn) -> SignedIn:
    try:
        server = await flow.check()
        _say(args, f"Found {server.name} (Jellyfin {server.version}) at {server.url}.")
        if args.quick_connect:
            session = flow.quick_connect()
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
        return await flow.with_password(args.username, _password(args))
    except UntrustedCertificateError as error:
        raise await _untrusted(error.url, error) from error


async def add_jellyfin(args: argparse.Namespace, runtime: Runtime) -> int:
    """Sign in to a Jellyfin server with a password or Quick Connect and add it."""
    flow = JellyfinSignIn(args.url, runtime.identity, trusted_certificate=args.trust_certificate)
    signed_in = await _sign_in(args, flow)
    source = await flow.add(runtime.setup, signed_in, extra_addresses=args.address)
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
    signed_in = await _sign_in(args, JellyfinSignIn.for_source(source, runtime.identity))
    await jellyfin_sign_in_again(runtime.setup, source, signed_in)
    print(f"Signed in to {source.name} again as {signed_in.user_name or 'you'}.")
    return 0
