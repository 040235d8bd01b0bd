"""The live segment counter under the reply box of an SMS conversation."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from passerelle.channels.types.sms_twilio.segments import segments, units
from passerelle.channels.types.sms_twilio.type import MAX_BODY, split_body
from passerelle.orgs.selectors import role_for


@login_required
def segment_count(request, slug):
    """What the text being typed would cost by SMS, counted as Twilio counts."""
    role_for(request.user, slug, "reply")
    text = request.GET.get("text", "")[:4096].strip()
    pieces = split_body(text) if text else []
    encoding, _count = segments(text)
    return render(
        request,
        "sms_twilio/_segments.html",
        {
            "text": text,
            "encoding": encoding,
            "count": sum(segments(piece)[1] for piece in pieces),
            "units": units(text),
            "sms_count": len(pieces),
            "max_body": MAX_BODY,
        },
    )
