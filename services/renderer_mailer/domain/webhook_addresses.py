"""Where a webhook may go: public internet addresses only, so a company's endpoint URL cannot make
the service call into its own network (SSRF: the database, the broker, the cloud's metadata service
at 169.254.169.254, the pods of the cluster).

Refused, IPv4 and IPv6 alike (IPv4-mapped IPv6 addresses as their IPv4): private, loopback,
link-local, multicast, reserved and unspecified addresses, and anything else that is not global
(shared address space 100.64.0.0/10, documentation ranges, ...); the name `localhost` and its
subdomains. The URL's host is checked when the endpoint is registered, and every address a name
resolves to is checked again at delivery time (process/webhook_sender.py), since a name can resolve
to a private address later. WEBHOOK_ALLOW_PRIVATE_URLS=true turns this off (development and tests,
whose receivers listen on 127.0.0.1).
"""
from __future__ import annotations

import ipaddress
import socket

PRIVATE_HOST = ("El campo url no puede apuntar a una dirección privada, local o reservada "
                "(localhost, 10.0.0.0/8, 192.168.0.0/16, 169.254.0.0/16, fc00::/7, ...).")
REFUSED_DELIVERY = ("Entrega rechazada: la URL del webhook apunta a una dirección privada, local o reservada "
                    "({address}); solo se entregan webhooks a direcciones públicas.")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(text: str) -> IpAddress | None:
    """The address `text` spells (zone id dropped; legacy IPv4 forms such as 2130706433 too), else None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except (OSError, UnicodeError, ValueError):
        return None


def address_refused(address: IpAddress) -> bool:
    """True when a webhook must not be delivered to `address`."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or not address.is_global)


def refused_ip(text: str) -> bool:
    """True when `text` is an IP address (as a resolver returns it) that is refused."""
    address = _parse(text)
    return address is None or address_refused(address)


def host_refused(host: str | None) -> bool:
    """True when a URL's host is refused before any lookup: a refused IP literal or localhost.
    Other names pass here; what they resolve to is checked at delivery."""
    if not host:
        return True
    host = host.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = _parse(host)
    return address is not None and address_refused(address)
