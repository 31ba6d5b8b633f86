"""TLS for account tests: verification is always on, and a custom CA bundle (corporate TLS
interception) is how a private certificate becomes trusted.

A small TLS front with a certificate from a throwaway CA forwards to the sandbox's Snom
simulator (which itself speaks plain http), so ``accounts test`` meets a real certificate chain.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import secrets
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from falconieri_desktop.sandbox import Sandbox
from tests.accounts.conftest import CliResult, MemoryKeyring


def _certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A CA certificate and a server certificate for 127.0.0.1 signed by it (PEM files)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Falconieri Test Corporate CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(hours=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_file, cert_file, key_file = directory / "corp-ca.pem", directory / "server.pem", directory / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_file, cert_file, key_file


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def tls_front(sandbox: Sandbox, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(https endpoint of the Snom simulator behind a TLS front, the CA bundle that trusts it)."""
    ca_file, cert_file, key_file = _certificates(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    backend = urlsplit(sandbox.endpoints["snom"])
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                client.settimeout(5)
                tls = context.wrap_socket(client, server_side=True)
                tls.settimeout(None)
            except (OSError, ssl.SSLError):
                client.close()  # the client refused our certificate: exactly what one test wants
                continue
            upstream = socket.create_connection((backend.hostname, backend.port))
            for pair in ((tls, upstream), (upstream, tls)):
                worker = threading.Thread(target=_pump, args=pair, daemon=True)
                worker.start()
                workers.append(worker)

    acceptor = threading.Thread(target=serve, daemon=True)
    acceptor.start()
    port = listener.getsockname()[1]
    yield f"https://127.0.0.1:{port}{backend.path}", ca_file
    stop.set()
    acceptor.join(timeout=2)
    listener.close()
    for worker in workers:
        worker.join(timeout=2)


def test_tls_needs_the_ca_bundle_and_then_every_step_passes(
        tls_front: tuple[str, Path], sandbox: Sandbox, memory_keyring: MemoryKeyring,
        run_cli: Callable[..., CliResult]) -> None:
    """Unknown CA: the TLS step fails (never skipped). With network.ca_bundle set: all OK, exit 0."""
    endpoint, ca_file = tls_front
    user, secret = f"tls-{secrets.token_hex(3)}", "tls-" + secrets.token_urlsafe(12)
    sandbox.simulator("snom").add_account(user, secret)
    assert run_cli("accounts", "add", "snom", "--name", "corp", "--user", user, "--endpoint", endpoint,
                   "--password-stdin", stdin=secret).code == 0

    untrusted = run_cli("accounts", "test", "corp", "--json")
    steps = {s["name"]: s["ok"] for s in untrusted.json()["steps"]}
    assert untrusted.code == 1 and steps["tls"] is False

    assert run_cli("settings", "set", "network.ca_bundle", str(ca_file)).code == 0
    trusted = run_cli("accounts", "test", "corp")
    assert trusted.code == 0, trusted.out
    assert "All checks passed." in trusted.out and "[ok  ] TLS" in trusted.out
    assert "warning" not in trusted.out
