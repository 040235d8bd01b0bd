"""One package per platform; see registry.py."""
