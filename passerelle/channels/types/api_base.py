"""The API server a channel talks to: the platform's own by default, the operator's choice
otherwise (a self-hosted Telegram Bot API server, a regional proxy, a test double).

One connect field, shared by every type that calls a platform API, and its check: the
address must be https, except on this machine (127.0.0.0/8, ::1, localhost), where a
plain-http server cannot be overheard. Tokens travel to it, so nothing else is accepted.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from passerelle.channels.types.base import ConnectError, ConnectField

NAME = "api_base_url"
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def is_loopback(host: str) -> bool:
    """True for this machine: localhost, 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_base_url_clean(value: str) -> str:
    """The address without its trailing slash, or ConnectError saying what is wrong."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a port that is not a number or too big
    except ValueError:
        parts, port = None, None
    host = (parts.hostname or "") if parts else ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise ConnectError(
            _("API base URL: %(url)s is not an address like https://api.example.org.")
            % {"url": value}
        )
    if parts.username is not None or parts.password is not None:
        raise ConnectError(_("API base URL: leave the user name and password out of it."))
    if parts.query or parts.fragment:
        raise ConnectError(_("API base URL: no ?query or #fragment, only the server's address."))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOST.match(host):
            raise ConnectError(
                _("API base URL: %(host)s is not a host name.") % {"host": host}
            ) from None
    if parts.scheme == "http" and not is_loopback(host):
        raise ConnectError(
            _(
                "API base URL: %(url)s is refused: the platform's tokens would travel "
                "unencrypted. Use https://; http:// is only accepted for a server on this "
                "machine (127.0.0.1, ::1 or localhost)."
            )
            % {"url": value}
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def api_base_url_field(default: str) -> ConnectField:
    """The optional "API base URL" connect field of a type whose platform is at `default`."""
    return ConnectField(
        NAME,
        _l("API base URL"),
        required=False,
        help=format_lazy(
            _l(
                "Leave empty for {default}. Only for a self-hosted server or a proxy: "
                "https://, or http:// on this machine."
            ),
            default=default,
        ),
        check=api_base_url_clean,
    )
