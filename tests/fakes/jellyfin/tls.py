"""A throwaway self-signed certificate for 127.0.0.1, to test clients' certificate trust."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Certificate:
    """PEM files of a self-signed server certificate and its key."""

    cert_path: Path
    key_path: Path

    def server_context(self) -> ssl.SSLContext:
        """The TLS context the fake server listens with."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts exactly this certificate."""
        return ssl.create_default_context(cafile=str(self.cert_path))


def self_signed(directory: Path, host: str = "127.0.0.1") -> Certificate:
    """Write a fresh certificate valid for `host`, 127.0.0.1 and localhost, for one day.

    Made with the `cryptography` package, or with the `openssl` command without it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "fake-jellyfin.pem", directory / "fake-jellyfin.key"
    try:
        _with_cryptography(cert_path, key_path, host)
    except ImportError:
        _with_openssl(cert_path, key_path, host)
    return Certificate(cert_path, key_path)


def _with_openssl(cert_path: Path, key_path: Path, host: str) -> None:
    try:
        ipaddress.ip_address(host)
        extra = f",IP:{host}"
    except ValueError:
        extra = f",DNS:{host}"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=Reel fake Jellyfin",
         "-addext", f"subjectAltName=DNS:localhost,IP:127.0.0.1{extra}",
         "-keyout", str(key_path), "-out", str(cert_path)],
        check=True, capture_output=True,
    )  # fmt: skip


def _with_cryptography(cert_path: Path, key_path: Path, host: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Reel fake Jellyfin")])
    now = datetime.datetime.now(datetime.UTC)
    alt_names: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    try:
        alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
    except ValueError:
        alt_names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(list(dict.fromkeys(alt_names))), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
