"""WhatsApp Cloud API: one-to-one conversations through a business phone number.

Meta's official API has no group chats a service could moderate (groups of more than
8 people cannot be run through it), so this channel carries private threads only.
"""
