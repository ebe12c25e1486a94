"""Outbound requests to URLs people give us (webhooks, evidence archiving) cannot be turned
against our own network: not by DNS rebinding, not by NAT64 or 6to4 spellings of a private
address.

The rebinding tests run a DNS resolver that answers a "public" address to the first lookup
and 127.0.0.1 to every later one, and two real receivers on the same port: the partner's
(127.0.0.2, standing in for a public address) and an internal service (127.0.0.1). Only the
partner's may ever be reached.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.archive import ArchiveRefused, fetch
from factcheck import outbound
from partners import webhooks
from partners.models import DeliveryStatus, WebhookDelivery
from partners.services import webhook_delivery_attempt, webhook_endpoint_create

HOST = "hooks.partner.example"
PARTNER_ADDRESS = "127.0.0.2"
INTERNAL_ADDRESS = "127.0.0.1"

EMBEDDED_PRIVATE = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b:1::a00:1",  # local-use NAT64 prefix
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "::ffff:127.0.0.1",  # IPv4-mapped
]


class Receiver:
    """A real HTTP(S) server that records every request (method, path, Host header, SNI)."""

    def __init__(self, address: str, port: int, *, tls: ssl.SSLContext | None = None):
        self.requests: list[dict] = []
        self.server_names: list[str | None] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append(
                    {"method": self.command, "path": self.path, "host": self.headers["Host"], "body": self.rfile.read(length)}
                )
                body = b"<html><title>ok</title><body>partner page</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((address, port), Handler)
        if tls is not None:
            tls.sni_callback = lambda sock, name, ctx: receiver.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _free_port_on_both() -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((PARTNER_ADDRESS, 0))
            port = probe.getsockname()[1]
            try:
                with socket.socket() as other:
                    other.bind((INTERNAL_ADDRESS, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no port free on both loopback addresses")


class RebindingResolver:
    """A DNS server under an attacker's control: public answer first, internal ever after."""

    def __init__(self, real):
        self.real = real
        self.lookups = 0

    def __call__(self, host, port, *args, **kwargs):
        if host != HOST:
            return self.real(host, port, *args, **kwargs)
        self.lookups += 1
        address = PARTNER_ADDRESS if self.lookups == 1 else INTERNAL_ADDRESS
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]


@pytest.fixture
def rebinding(monkeypatch, settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False
    real_is_public = outbound.address_is_public
    # 127.0.0.2 plays the partner's public server; every other address is judged for real.
    monkeypatch.setattr(outbound, "address_is_public", lambda a: a == PARTNER_ADDRESS or real_is_public(a))
    port = _free_port_on_both()
    resolver = RebindingResolver(socket.getaddrinfo)
    yield port, resolver, monkeypatch
    monkeypatch.undo()


@pytest.fixture
def tls_files(tmp_path):
    """A self-signed certificate for HOST, trusted by the client through SSL_CERT_FILE."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}"],
        check=True, capture_output=True,
    )
    return key, cert


def _delivery(partner, claim, publish_verdict, django_capture_on_commit_callbacks, url: str) -> WebhookDelivery:
    webhook_endpoint_create(partner=partner, url=url)
    # Publishing dispatches its event after commit: the delivery is recorded and its task
    # queued (the database task backend runs nothing until a worker does).
    with django_capture_on_commit_callbacks(execute=True):
        verdict = publish_verdict(claim)
    return WebhookDelivery.objects.get(verdict=verdict)


@pytest.mark.django_db
def test_webhook_delivery_connects_to_the_address_it_checked(
    rebinding, partner, claim, publish_verdict, django_capture_on_commit_callbacks
):
    port, resolver, monkeypatch = rebinding
    partner_server, internal = Receiver(PARTNER_ADDRESS, port), Receiver(INTERNAL_ADDRESS, port)
    try:
        # Registration sees the public answer (the resolver is honest until the delivery).
        monkeypatch.setattr(socket, "getaddrinfo", RebindingResolver(resolver.real))
        delivery = _delivery(partner, claim, publish_verdict, django_capture_on_commit_callbacks, f"http://{HOST}:{port}/hook?x=1")
        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        status = webhook_delivery_attempt(delivery_id=delivery.pk)
    finally:
        partner_server.close()
        internal.close()
    assert internal.requests == [], "the second DNS answer steered the POST into our network"
    assert status == DeliveryStatus.SUCCEEDED
    assert [(r["method"], r["path"], r["host"]) for r in partner_server.requests] == [("POST", "/hook?x=1", f"{HOST}:{port}")]
    assert resolver.lookups == 1


@pytest.mark.django_db
def test_https_webhook_is_pinned_with_sni_and_certificate_of_the_host(
    rebinding, tls_files, partner, claim, publish_verdict, django_capture_on_commit_callbacks
):
    port, resolver, monkeypatch = rebinding
    key, cert = tls_files
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    partner_server, internal = Receiver(PARTNER_ADDRESS, port, tls=context), Receiver(INTERNAL_ADDRESS, port)
    try:
        monkeypatch.setattr(socket, "getaddrinfo", RebindingResolver(resolver.real))
        delivery = _delivery(partner, claim, publish_verdict, django_capture_on_commit_callbacks, f"https://{HOST}:{port}/hook")
        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        status = webhook_delivery_attempt(delivery_id=delivery.pk)
    finally:
        partner_server.close()
        internal.close()
    assert internal.requests == []
    assert status == DeliveryStatus.SUCCEEDED, WebhookDelivery.objects.get().error
    assert partner_server.server_names == [HOST]
    assert [r["host"] for r in partner_server.requests] == [f"{HOST}:{port}"]


@pytest.mark.django_db
def test_https_webhook_with_a_certificate_for_another_name_fails(
    rebinding, tls_files, partner, claim, publish_verdict, django_capture_on_commit_callbacks, settings
):
    """Pinning the address must not pin away certificate checks: the name is still verified."""
    port, resolver, monkeypatch = rebinding
    key, cert = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    partner_server = Receiver(PARTNER_ADDRESS, port, tls=context)
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 1
    try:
        # Not trusted: SSL_CERT_FILE is not set, so the self-signed certificate is refused.
        monkeypatch.setattr(socket, "getaddrinfo", RebindingResolver(resolver.real))
        delivery = _delivery(partner, claim, publish_verdict, django_capture_on_commit_callbacks, f"https://{HOST}:{port}/hook")
        monkeypatch.setattr(socket, "getaddrinfo", RebindingResolver(resolver.real))
        status = webhook_delivery_attempt(delivery_id=delivery.pk)
    finally:
        partner_server.close()
    delivery.refresh_from_db()
    assert status == DeliveryStatus.FAILED
    assert "certificate" in delivery.error.lower()
    assert partner_server.requests == []


def test_archive_fetch_connects_to_the_address_it_checked(rebinding):
    port, resolver, monkeypatch = rebinding
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    partner_server, internal = Receiver(PARTNER_ADDRESS, port), Receiver(INTERNAL_ADDRESS, port)
    try:
        fetched = fetch(
            f"http://{HOST}:{port}/page", timeout=5, max_bytes=10_000, allowed_types=["text/html"], allow_private=False
        )
    finally:
        partner_server.close()
        internal.close()
    assert internal.requests == []
    assert b"partner page" in fetched.content
    assert [r["host"] for r in partner_server.requests] == [f"{HOST}:{port}"]


@pytest.mark.parametrize("address", EMBEDDED_PRIVATE)
def test_embedded_private_ipv4_is_not_public(address):
    assert not outbound.address_is_public(address)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "8.8.8.8", "2a00:1450:4001:80b::200e"])
def test_public_addresses_and_their_nat64_6to4_forms_stay_public(address):
    assert outbound.address_is_public(address)


@pytest.mark.parametrize("address", EMBEDDED_PRIVATE)
def test_webhook_urls_with_embedded_private_addresses_are_refused(settings, address):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(webhooks.UnsafeURL, match="private or local"):
        webhooks.check_url(f"https://[{address}]/hook")


@pytest.mark.parametrize("address", EMBEDDED_PRIVATE)
def test_webhook_hosts_resolving_to_embedded_private_addresses_are_refused(settings, monkeypatch, address):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, port, *a, **k: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]
    )
    with pytest.raises(webhooks.UnsafeURL, match="private or local"):
        webhooks.check_url(f"https://{HOST}/hook")


@pytest.mark.parametrize("address", EMBEDDED_PRIVATE)
def test_archiving_refuses_embedded_private_addresses(address):
    with pytest.raises(ArchiveRefused, match="private or reserved"):
        fetch(f"http://[{address}]/", timeout=2, max_bytes=1000, allowed_types=["text/html"], allow_private=False)
