"""Messenger: the inbox of an agency's Facebook Page, one-to-one conversations only."""
