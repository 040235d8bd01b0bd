"""Members tests: one person on WhatsApp and by SMS (passerelle.testing.two_channels)."""

from passerelle.testing import two_channels

fake_graph = two_channels.fake_graph
fake_twilio = two_channels.fake_twilio
wa = two_channels.wa
sms = two_channels.sms
writes = two_channels.writes
role = two_channels.role
person = two_channels.person
