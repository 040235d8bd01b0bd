"""How many SMS segments a text costs, counted the way Twilio (and the handset) counts.

GSM-7: 160 septets in one SMS, 153 per segment once concatenated; characters of the
extension table (€ [ ] { } ^ ~ | \\ and form feed) take two septets and never straddle two
segments. Any other character makes the whole message UCS-2: 70 UTF-16 units alone, 67
per segment, and a surrogate pair (an emoji) is never split either. Arabic is UCS-2.
"""

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7, UCS2 = "GSM-7", "UCS-2"
# (one message, per concatenated segment), in the encoding's units.
CAPACITY = {GSM7: (160, 153), UCS2: (70, 67)}


def encoding(text: str) -> str:
    """GSM-7 when every character is in the GSM 03.38 tables, else UCS-2."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return GSM7
    return UCS2


def _width(char: str, enc: str) -> int:
    if enc == GSM7:
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def segments(text: str) -> tuple[str, int]:
    """(encoding, number of segments) of a text; an empty text is 0 segments."""
    enc = encoding(text)
    if not text:
        return enc, 0
    single, per_segment = CAPACITY[enc]
    widths = [_width(c, enc) for c in text]
    if sum(widths) <= single:
        return enc, 1
    count, used = 1, 0
    for width in widths:
        # A two-unit character that does not fit starts the next segment whole.
        if used + width > per_segment:
            count, used = count + 1, 0
        used += width
    return enc, count


def units(text: str) -> int:
    """Septets (GSM-7) or UTF-16 units (UCS-2) the text uses."""
    enc = encoding(text)
    return sum(_width(c, enc) for c in text)
