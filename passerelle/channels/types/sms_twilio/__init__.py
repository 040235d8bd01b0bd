"""SMS through Twilio: for members without a smartphone or a data plan.

Twilio posts form-encoded webhooks signed with `X-Twilio-Signature` over the public URL it
called; outbound messages go through the Messages API, paced per sender by segments.
"""
