"""The simulator: a page where anyone plays a newcomer, through a signed webhook.

It behaves as a platform would: the page asks the server to sign a body with the
channel's secret, then POSTs it to the public webhook like any platform's servers do.
Replies are read back from the service's own threads, which is this platform's "app".
"""

import uuid

from passerelle.channels.types.base import SendResult
from passerelle.channels.types.native import NativeChannelType, check_signature

SIGNATURE_HEADER = "X-Passerelle-Signature"


class SimulatorType(NativeChannelType):
    # Its bodies are built and signed by our server (/simulator/<uuid>/sign/, staff only).
    trusts_timestamp = True

    slug = "simulator"
    name = "Simulator"
    platform = "sim"
    privacy_notice = {
        "en": "Simulator: a test page; messages stay on our own server.",
        "fr": "Simulateur : une page d'essai; les messages restent sur notre propre serveur.",
        "ar": "المحاكي: صفحة للتجربة؛ تبقى الرسائل على خادمنا الخاص.",
    }

    def verify(self, channel, request) -> None:
        check_signature(
            channel.secrets.get("signing_secret", ""),
            request.body,
            request.headers.get(SIGNATURE_HEADER, ""),
        )

    def send(self, channel, request) -> SendResult:
        # Nothing leaves the machine: the simulator page shows the thread's messages.
        return SendResult(platform_message_id=f"sim-out-{uuid.uuid4().hex}")


TYPE = SimulatorType()
