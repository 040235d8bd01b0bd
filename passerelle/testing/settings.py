"""Test settings: the real settings, with tasks run inline and fast password hashing."""

import os
import tempfile

os.environ.setdefault("PASSERELLE_DATA_DIR", tempfile.mkdtemp(prefix="passerelle-test-"))
os.environ.setdefault("PASSERELLE_SECRET_KEY", "test-secret-key-not-for-production")

from passerelle.settings import *  # noqa: E402,F403

# Inline tasks: a committed webhook is processed before the test looks. Tests of the
# real worker start `passerelle worker` in a subprocess with the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests change channels between webhooks; production reuses a row for a few seconds.
WEBHOOK_CHANNEL_CACHE_SECONDS = 0.0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Inline tasks cannot wait for a platform limit to free up, so two quick sends to one
# person would leave the second queued: limits are off unless a test turns them on
# (`settings.RATE_LIMITS = True`, as the outbound pipeline's own tests do).
RATE_LIMITS = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: threads and subprocesses then see the real locking
    # (busy timeout, IMMEDIATE transactions) that production SQLite has.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
