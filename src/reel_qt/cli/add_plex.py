"""`reel source add plex` and `reel source signin` for Plex sources.

Through plex.tv (the default): the PIN sign-in prints a link to approve Reel, or
`--token-stdin` reads an account token; then every server the account can reach becomes
a source (`--server NAME|ID` picks some), as the account's owner or as the Plex Home user
named by `--user` (`--pin-stdin` for a protected one). Directly: `--server-url URL
--token-stdin` adds one server with a token, for servers that cannot reach plex.tv.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from reel_qt.backends.http import fetch_certificate_fingerprint
from reel_qt.backends.plex import dto
from reel_qt.backends.plex.signin import AccountServer, PinLogin, PlexAccount, PlexSignedIn
from reel_qt.cli import output
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import InvalidArgumentError, UntrustedCertificateError
from reel_qt.runtime import Runtime
from reel_qt.store.views import SourceView
from reel_qt.sync.plex_signin import (
    ActingAs,
    act_as,
    add_direct,
    add_servers,
    sign_in_again_through_plex_tv,
    sign_in_again_with_token,
    signs_in_through_plex_tv,
    user_label,
)


def _say(args: argparse.Namespace, text: str) -> None:
    # With --json, stdout carries exactly one document; messages go to stderr.
    print(text, file=sys.stderr if getattr(args, "json", False) else sys.stdout, flush=True)


def _token(args: argparse.Namespace) -> str | None:
    if not args.token_stdin:
        return None
    token = sys.stdin.readline().strip()
    if not token:
        raise InvalidArgumentError(
            "No token on standard input: write your Plex token to it (with --token-stdin)."
        )
    return token


def _pin(args: argparse.Namespace, user: dto.HomeUser) -> str | None:
    """The home user's PIN: the next line of stdin, a prompt, or none if it has none."""
    name = user.title or user.username or "that user"
    if args.pin_stdin:
        return sys.stdin.readline().strip() or None
    if not user.protected:
        return None
    if sys.stdin.isatty():
        return getpass.getpass(f"PIN of {name}: ")
    raise InvalidArgumentError(
        f"{name} is protected by a PIN: pass --pin-stdin and write the PIN to standard input."
    )


async def _untrusted(error: UntrustedCertificateError) -> InvalidArgumentError:
    fingerprint = await fetch_certificate_fingerprint(error.url)
    if fingerprint is None:
        return InvalidArgumentError(str(error))
    return InvalidArgumentError(
        f"{error} Its SHA-256 fingerprint is {fingerprint}. If that matches your server's, "
        f"run the command again with --trust-certificate {fingerprint}"
    )


async def _account_token(args: argparse.Namespace, identity: DeviceIdentity) -> str:
    token = _token(args)
    if token is not None:
        return token
    login = PinLogin(identity)
    try:
        pin = await login.start()
        _say(
            args,
            "To sign in to Plex, open this page and approve Reel:\n"
            f"  {login.link}\n"
            f"(sign-in code {pin.code}). Waiting for approval…",
        )
        return await login.wait()
    finally:
        await login.close()


async def _acting(
    args: argparse.Namespace, account_token: str, identity: DeviceIdentity, wanted: str | None
) -> ActingAs:
    """The account to add servers as: the signed-in one, or the home user named `wanted`."""
    if not wanted:
        return await act_as(account_token, identity, None, None)
    account = PlexAccount(account_token, identity)
    try:
        chosen = await account.home_user(wanted)
    finally:
        await account.close()
    return await act_as(account_token, identity, chosen, _pin(args, chosen))


def _chosen(args: argparse.Namespace, servers: list[AccountServer]) -> list[AccountServer]:
    if not servers:
        raise InvalidArgumentError("This Plex account has no servers Reel can use.")
    if not args.server:
        return servers
    wanted = {w.casefold() for w in args.server}
    picked = [
        s for s in servers if s.name.casefold() in wanted or s.machine_identifier in args.server
    ]
    if not picked:
        names = ", ".join(s.name for s in servers)
        raise InvalidArgumentError(f"No server called {', '.join(args.server)} (found: {names}).")
    return picked


async def _add_through_plex_tv(args: argparse.Namespace, runtime: Runtime) -> int:
    identity = runtime.identity
    account_token = await _account_token(args, identity)
    acting = await _acting(args, account_token, identity, args.user)
    _say(args, f"Signed in to Plex as {user_label(acting.user)}.")
    servers = _chosen(args, acting.servers)
    try:
        outcome = await add_servers(
            runtime.setup,
            servers,
            acting,
            account_token,
            trusted_certificate=args.trust_certificate,
            strict=bool(args.server),
        )
    except UntrustedCertificateError as error:
        raise await _untrusted(error) from error
    for server, problem in outcome.skipped:
        if isinstance(problem, UntrustedCertificateError):
            _say(args, f"Skipped {server.name}: {await _untrusted(problem)}")
        else:
            _say(args, f"Skipped {server.name}: {problem}")
    for server, existing in outcome.already:
        _say(args, f"{server.name} is already source {existing.id}; left as it is.")
    return _report(args, outcome.added)


async def _add_directly(args: argparse.Namespace, runtime: Runtime) -> int:
    token = _token(args)
    if token is None:
        raise InvalidArgumentError(
            "Give the server's token with --token-stdin (write it to standard input), or "
            "leave out --server-url to sign in through plex.tv."
        )
    try:
        source, signed = await add_direct(
            runtime.setup, args.server_url, token, trusted_certificate=args.trust_certificate
        )
    except UntrustedCertificateError as error:
        raise await _untrusted(error) from error
    _say(args, f"Found {signed.name} (Plex Media Server {signed.version or 'unknown version'}).")
    return _report(args, [(source, signed)])


def _report(args: argparse.Namespace, added: list[tuple[SourceView, PlexSignedIn]]) -> int:
    if args.json:
        output.print_json(
            [output.added_source(source, signed.user_name) for source, signed in added]
        )
    for source, signed in added:
        who = f" as {signed.user_name}" if signed.user_name else ""
        _say(
            args,
            f"Added source {source.id}: {source.name}{who}. "
            f"Run `reel sync {source.id}` to fetch its library.",
        )
    if not added:
        _say(args, "No Plex server was added.")
    return 0 if added else 1


async def add_plex(args: argparse.Namespace, runtime: Runtime) -> int:
    """Add Plex servers through plex.tv (PIN or account token), or one server directly."""
    if args.server_url:
        return await _add_directly(args, runtime)
    return await _add_through_plex_tv(args, runtime)


async def sign_in_again(args: argparse.Namespace, runtime: Runtime, source: SourceView) -> int:
    """Sign a Plex source in again after its token was revoked or expired."""
    if not signs_in_through_plex_tv(source):  # added directly with a server token
        token = _token(args)
        if token is None:
            raise InvalidArgumentError(
                f"{source.name} was added with a token: give the new one with --token-stdin."
            )
        await sign_in_again_with_token(runtime.setup, source, token)
    else:
        account_token = await _account_token(args, runtime.identity)
        wanted = source.config.get("home_user")
        pin = None
        if wanted:
            account = PlexAccount(account_token, runtime.identity)
            try:
                pin = _pin(args, await account.home_user(str(wanted)))
            finally:
                await account.close()
        await sign_in_again_through_plex_tv(runtime.setup, source, account_token, pin)
    print(f"Signed in to {source.name} again.")
    return 0
