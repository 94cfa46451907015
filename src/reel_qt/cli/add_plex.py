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

from reel_qt.backends.http import TlsTrust, fetch_certificate_fingerprint
from reel_qt.backends.plex import dto
from reel_qt.backends.plex.signin import (
    AccountServer,
    PinLogin,
    PlexAccount,
    PlexSignedIn,
    connect,
    sign_in_with_token,
)
from reel_qt.cli import output
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import BackendError, InvalidArgumentError, UntrustedCertificateError
from reel_qt.runtime import Runtime
from reel_qt.store.views import SourceView


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


async def _as_user(
    args: argparse.Namespace, account: PlexAccount
) -> tuple[PlexAccount, dto.Account, str | None]:
    """The account to add servers as: the signed-in one, or the home user --user names."""
    if not args.user:
        return account, await account.user(), None
    chosen = await account.home_user(args.user)
    switched, who = await account.switch(chosen, _pin(args, chosen))
    return switched, who, who.title or who.username or args.user


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
    signed_in_account = PlexAccount(account_token, identity)
    account: PlexAccount | None = None
    try:
        account, user, home_user = await _as_user(args, signed_in_account)
        _say(args, f"Signed in to Plex as {user.title or user.username or 'you'}.")
        servers = _chosen(args, await account.servers())
    finally:
        await signed_in_account.close()
        if account is not None and account is not signed_in_account:
            await account.close()
    trust = TlsTrust(args.trust_certificate)
    added: list[tuple[SourceView, PlexSignedIn]] = []
    for server in servers:
        try:
            signed = await connect(
                server,
                identity,
                user=user,
                account_token=account_token,
                home_user=home_user,
                trust=trust,
            )
        except UntrustedCertificateError as error:
            if args.server:
                raise await _untrusted(error) from error
            _say(args, f"Skipped {server.name}: {await _untrusted(error)}")
            continue
        except BackendError as error:
            if args.server:
                raise
            _say(args, f"Skipped {server.name}: {error}")
            continue
        existing = await runtime.setup.find_plex(signed)
        if existing is not None and not args.server:
            _say(args, f"{server.name} is already source {existing.id}; left as it is.")
            continue
        source = await runtime.setup.add_plex(signed, trusted_certificate=args.trust_certificate)
        added.append((source, signed))
    return _report(args, added)


async def _add_directly(args: argparse.Namespace, runtime: Runtime) -> int:
    token = _token(args)
    if token is None:
        raise InvalidArgumentError(
            "Give the server's token with --token-stdin (write it to standard input), or "
            "leave out --server-url to sign in through plex.tv."
        )
    trust = TlsTrust(args.trust_certificate)
    try:
        signed = await sign_in_with_token(args.server_url, token, runtime.identity, trust)
    except UntrustedCertificateError as error:
        raise await _untrusted(error) from error
    _say(args, f"Found {signed.name} (Plex Media Server {signed.version or 'unknown version'}).")
    source = await runtime.setup.add_plex(signed, trusted_certificate=args.trust_certificate)
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
    identity = runtime.identity
    trust = TlsTrust(source.config.get("certificate_sha256"))
    if not source.config.get("account_ref"):  # added directly with a server token
        token = _token(args)
        if token is None:
            raise InvalidArgumentError(
                f"{source.name} was added with a token: give the new one with --token-stdin."
            )
        url = (source.config.get("addresses") or [source.url or ""])[0]
        signed = await sign_in_with_token(url, token, identity, trust)
    else:
        args.user = source.config.get("home_user")
        machine = source.config.get("machine_identifier")
        account_token = await _account_token(args, identity)
        account = PlexAccount(account_token, identity)
        try:
            chosen, user, home_user = await _as_user(args, account)
            servers = [s for s in await chosen.servers() if s.machine_identifier == machine]
            if chosen is not account:
                await chosen.close()
        finally:
            await account.close()
        if not servers:
            raise InvalidArgumentError(
                f"plex.tv no longer lists {source.name} for {user.title or 'this account'}; "
                "it may have been removed or no longer shared."
            )
        signed = await connect(
            servers[0],
            identity,
            user=user,
            account_token=account_token,
            home_user=home_user,
            trust=trust,
        )
    await runtime.setup.plex_sign_in_again(source, signed)
    print(f"Signed in to {source.name} again.")
    return 0
