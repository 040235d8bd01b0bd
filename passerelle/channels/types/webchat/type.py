"""Web chat: a member talks to the service from a phone browser, no app to install.

Each visitor gets a random id kept in a cookie and a token = HMAC(channel secret, id);
the page sends that token with every webhook call, so a visitor can only speak as
themselves and nobody can post without first loading the chat page.
"""

import hashlib
import hmac
import uuid

from passerelle.channels.types.base import SendResult, WebhookRejected
from passerelle.channels.types.native import NativeChannelType
from passerelle.channels.types.webchat.push import push_notify, vapid_keys_ensure
from passerelle.common.crypto import same_secret
from passerelle.common.text import has_surrogates

TOKEN_HEADER = "X-Passerelle-Webchat-Token"


def visitor_token(secret: str, visitor_id: str) -> str:
    """The token that lets one visitor post as themselves."""
    return hmac.new(secret.encode(), f"webchat:{visitor_id}".encode(), hashlib.sha256).hexdigest()


class WebchatType(NativeChannelType):
    gates_group = True
    slug = "webchat"
    name = "Web chat"
    platform = "webchat"
    privacy_notice = {
        "en": (
            "Web chat: messages are encrypted (TLS) between your browser and our own server; "
            "no other company carries them."
        ),
        "fr": (
            "Clavardage Web : les messages sont chiffrés (TLS) entre votre navigateur et "
            "notre propre serveur; aucune autre entreprise ne les transmet."
        ),
        "ar": (
            "الدردشة على الويب: الرسائل مشفّرة (TLS) بين متصفحكم وخادمنا الخاص؛ ولا تنقلها "
            "أي شركة أخرى."
        ),
    }

    def verify(self, channel, request) -> None:
        token = request.headers.get(TOKEN_HEADER, "")
        try:
            # load_json, not json.loads: this runs before the token is checked, so anyone
            # can send it a body nested deep enough to overflow the stack.
            data = self.load_json(request.body)
            sender_id, event_id = str(data["sender"]["id"]), str(data["event_id"])
        except (WebhookRejected, KeyError, TypeError):
            raise WebhookRejected("missing sender or event_id", status=403) from None
        if has_surrogates(sender_id):
            # Not an id this server gave out, and one the token's HMAC cannot encode.
            raise WebhookRejected("bad visitor id", status=403)
        # A visitor's event ids carry their own id, so nobody can claim (and so block)
        # another visitor's deliveries through the once-only store.
        if not event_id.startswith(f"wc-{sender_id}-"):
            raise WebhookRejected("event_id does not belong to this visitor", status=403)
        expected = visitor_token(channel.secrets.get("signing_secret", ""), sender_id)
        if not token or not same_secret(expected, token):
            raise WebhookRejected("bad or missing web chat token", status=403)

    supported_actions = NativeChannelType.supported_actions | {"notify"}

    def perform(self, channel, action, params) -> dict:
        if action != "notify":
            return super().perform(channel, action, params)
        # A group message: each member's browsers, as the domain listed them.
        counts = {"sent": 0, "gone": 0, "dropped": 0}
        for address in params.get("addresses") or []:
            for key, n in push_notify(channel, str(address), params.get("text", "")).items():
                counts[key] += n
        return counts

    def connect(self, channel) -> None:
        # Push keys at set-up; channels older than push get theirs on first use.
        vapid_keys_ensure(channel)

    def send(self, channel, request) -> SendResult:
        # The visitor's page polls its thread; delivery is the row existing. Their
        # browsers are then told (Web Push) — a group post reaches pages, not addresses.
        result = SendResult(platform_message_id=f"webchat-out-{uuid.uuid4().hex}")
        if request.recipient != self.group_recipient(channel):
            push_notify(channel, request.recipient, request.text)
        return result


TYPE = WebchatType()
