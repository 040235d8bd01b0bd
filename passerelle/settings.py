"""One env-driven settings module.

Defaults give a working single-machine install on SQLite under ./var; production sets
DATABASE_URL, PASSERELLE_SECRET_KEY and PASSERELLE_ALLOWED_HOSTS.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from passerelle.common.tz import use_tzdata_package

# Before any ZoneInfo is built: the current rules from the tzdata package (common/tz.py).
use_tzdata_package()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PASSERELLE_DATA_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    # A laptop trial must not need any set-up, yet the key must survive restarts because
    # channel secrets are encrypted with a key derived from it: keep it in the data dir.
    if key := os.environ.get("PASSERELLE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("PASSERELLE_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("PASSERELLE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PASSERELLE_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
# Public base URL printed for webhooks (what a platform must call).
PUBLIC_URL = os.environ.get("PASSERELLE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the client's
# address to X-Forwarded-For (and strips what clients send of them). Off by default: a
# client talking to Passerelle directly could otherwise claim any address and scheme.
BEHIND_PROXY = _env_bool("PASSERELLE_BEHIND_PROXY", False)

# Transport: everything below is on by default when the public address is https (see
# docs/operations.md, "Production security settings").
_HTTPS = PUBLIC_URL.startswith("https://")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Redirecting needs to know the scheme: directly on TLS, or from the proxy's header.
SECURE_SSL_REDIRECT = _env_bool("PASSERELLE_SSL_REDIRECT", _HTTPS and BEHIND_PROXY)
# Session, CSRF and (through request.is_secure()) the web chat's visitor cookie.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_bool("PASSERELLE_SECURE_COOKIES", _HTTPS)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(os.environ.get("PASSERELLE_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("PASSERELLE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("PASSERELLE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "passerelle.common",
    "passerelle.nlp",
    "passerelle.orgs",
    "passerelle.accounts",
    "passerelle.communities",
    "passerelle.members",
    "passerelle.channels",
    "passerelle.channels.types.whatsapp",
    "passerelle.channels.types.sms_twilio",
    "passerelle.conversations",
    "passerelle.prompts",
    "passerelle.web",
    "passerelle.member_pages",
    "passerelle.api",
    "passerelle.demo",
    "passerelle.history",
    "passerelle.faq",
    "passerelle.questions",
    "passerelle.referrals",
    "passerelle.surveys",
    "passerelle.posts",
    "passerelle.events",
    "passerelle.moderation",
    "passerelle.cases",
    "passerelle.privacy",
    "passerelle.promotion",
    "passerelle.reports",
    "passerelle.evaluation",
    "passerelle.planning",
    "passerelle.setup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the middlewares that set cookies, so it sees every cookie they set.
    "passerelle.web.middleware.SecureCookiesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "passerelle.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it answers a locked-out sign-in attempt (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every page (django-csp): scripts, styles and connections
# from this site only; no inline script, inline handler, style attribute or eval, so an
# HTML injection runs nothing. htmx is configured not to need eval (base.html).
# Member files have their own stricter policy (common/untrusted_files.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for icons in the admin's and Swagger's CSS
        "media-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "passerelle.urls"
WSGI_APPLICATION = "passerelle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Channel types are plain packages (not apps) that keep their own templates.
        "DIRS": sorted((BASE_DIR / "channels" / "types").glob("*/templates")),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "passerelle.web.context.service_shell",
            ],
        },
    },
]

_SQLITE_URL = f"sqlite:///{DATA_DIR / 'passerelle.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _SQLITE_URL))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two workers handling the same
    # event serialise instead of failing on a lock upgrade; WAL lets the UI read meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("PASSERELLE_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in protection (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# account from one address, that pair is refused for the lock-out time (0: until an
# administrator unlocks it with `passerelle axes_reset_username` or the admin site).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PASSERELLE_LOGIN_FAILURE_LIMIT", "5"))
_LOCKOUT_MINUTES = int(os.environ.get("PASSERELLE_LOGIN_LOCKOUT_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "passerelle.accounts.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "passerelle.accounts.client_ip.username"
# Two-factor authentication (django-otp, TOTP): administrators always, other roles when
# their service asks (passerelle.accounts). The issuer names the account in the app.
OTP_TOTP_ISSUER = os.environ.get("PASSERELLE_OTP_ISSUER", "Passerelle")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Channel types are plain packages (not apps) that keep their own static files too.
# Serve straight from the app folders so a fresh checkout needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PASSERELLE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A raw event whose processing failed is offered again after this delay, doubled at each
# attempt (channels/inbound.py). A killed worker's events need no delay: their locks go
# with its connection and the next claim takes them.
RAW_EVENT_RETRY_SECONDS = int(os.environ.get("PASSERELLE_RAW_EVENT_RETRY_SECONDS", "30"))
# Raw events a worker claims and commits together (one savepoint each). More is cheaper
# for one worker, but a batch keeps its row locks until it commits: with several workers,
# one waits on the daily message count row the other's batch holds (channels/inbound.py).
RAW_EVENT_BATCH = int(os.environ.get("PASSERELLE_RAW_EVENT_BATCH", "1"))
# Workers lower their CPU priority by this much (os.nice): where web and workers share
# cores, webhook acknowledgements are served first and processing takes the rest.
WORKER_NICE = int(os.environ.get("PASSERELLE_WORKER_NICE", "5"))
# PostgreSQL: the worker's inbound loop prepares its statements on the server
# (channels.inbound._inbound_session). Off behind a pooler that drops them (PgBouncer in
# transaction mode before 1.21).
INBOUND_PREPARE = os.environ.get("PASSERELLE_INBOUND_PREPARE", "1") != "0"
SCHEDULER_INTERVAL_SECONDS = float(os.environ.get("PASSERELLE_SCHEDULER_INTERVAL", "5"))
# Largest webhook body accepted; platforms send a few KB, anything larger is refused early.
WEBHOOK_MAX_BYTES = int(os.environ.get("PASSERELLE_WEBHOOK_MAX_BYTES", str(256 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = WEBHOOK_MAX_BYTES
# Largest file a member sends on the simulator or the web chat (channels.native_files).
NATIVE_FILE_MAX_BYTES = int(
    os.environ.get("PASSERELLE_NATIVE_FILE_MAX_BYTES", str(16 * 1024 * 1024))
)
# Uploads per sender per minute on those pages.
NATIVE_FILE_UPLOADS_PER_MINUTE = int(
    os.environ.get("PASSERELLE_NATIVE_FILE_UPLOADS_PER_MINUTE", "10")
)

# Web Push for the web chat (channels/types/webchat/push.py). The push services a
# subscription may name (host, or a subdomain of it; https unless written "http://host"):
# the browsers' own, so a visitor cannot point the server's pushes anywhere else.
WEBPUSH_ENDPOINT_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "PASSERELLE_WEBPUSH_ENDPOINT_HOSTS",
        "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
    ).split(",")
    if h.strip()
]
# Who push services may write to about this server's pushes (VAPID "sub"): mailto: or
# https:. Empty: PUBLIC_URL when it is https.
WEBPUSH_CONTACT = os.environ.get("PASSERELLE_WEBPUSH_CONTACT", "")
# Seconds a web process reuses a channel's row (and decrypted secrets) between webhooks.
WEBHOOK_CHANNEL_CACHE_SECONDS = float(os.environ.get("PASSERELLE_WEBHOOK_CHANNEL_CACHE", "5"))

# Outbound pipeline (channels.sending / channels.ratelimit). Platform limits are shared by
# every worker: in the database, or in Redis when PASSERELLE_REDIS_URL is set.
REDIS_URL = os.environ.get("PASSERELLE_REDIS_URL", "")
RATE_LIMITS = _env_bool("PASSERELLE_RATE_LIMITS", True)
# Every limit's period is stretched by this fraction. Uses already count from the platform's
# answer (channels.ratelimit), which covers the time between asking and the request
# arriving; the margin is for platforms whose own windows are not exact.
RATE_LIMIT_MARGIN = float(os.environ.get("PASSERELLE_RATE_LIMIT_MARGIN", "0.01"))
# Sender loops that may work on one channel at once (each in its own worker).
SEND_LANES = int(os.environ.get("PASSERELLE_SEND_LANES", "3"))
# A send still "sending" after this long belonged to a worker that died mid-call.
SENDING_TIMEOUT_SECONDS = int(os.environ.get("PASSERELLE_SENDING_TIMEOUT_SECONDS", "120"))

# Email for moderator alerts and digests. Without PASSERELLE_EMAIL_HOST mail goes to the
# console (a laptop trial needs no mail server); tests use Django's in-memory outbox.
EMAIL_HOST = os.environ.get("PASSERELLE_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "PASSERELLE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("PASSERELLE_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("PASSERELLE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PASSERELLE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("PASSERELLE_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("PASSERELLE_EMAIL_FROM", "passerelle@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Bot tokens sit in Telegram API URLs: httpx logs every URL at INFO and
    # python-telegram-bot its base URL at DEBUG, so both stay at WARNING, and the
    # handler blanks anything shaped like a token that still gets through.
    "filters": {"secrets": {"()": "passerelle.channels.redaction.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("PASSERELLE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "telegram": {"level": "WARNING"},
        # Its lock-outs and failures are warnings; it also says hello at every start.
        "axes": {"level": "WARNING"},
    },
}

# How long a platform call waits for an answer once sent; past it the send is "maybe sent"
# (retried once, after MAYBE_SENT_RETRY_SECONDS, never in a loop).
PLATFORM_READ_TIMEOUT = float(os.environ.get("PASSERELLE_PLATFORM_READ_TIMEOUT", "10"))
MAYBE_SENT_RETRY_SECONDS = float(os.environ.get("PASSERELLE_MAYBE_SENT_RETRY_SECONDS", "120"))

# The inbound port: the pipeline hands every neutral event to this callable
# (channel=, event=), inside the raw event's transaction. Routing knows the order of steps.
INBOUND_HANDLER = "passerelle.routing.dispatch.inbound_event_handle"

SCHEDULED_JOBS = [
    "passerelle.channels.sending.due_outbound_requeue",
    "passerelle.channels.ratelimit.stale_buckets_delete",
    "passerelle.channels.actions.due_actions_requeue",
    "passerelle.questions.sweep.questions_alert_sweep",
    "passerelle.questions.sweep.questions_digest_sweep",
    "passerelle.referrals.sweep.referral_followups_sweep",
    "passerelle.surveys.sending.survey_waves_sweep",
    "passerelle.events.services.event_reminders_sweep",
    "passerelle.posts.sending.posts_sweep",
    "passerelle.prompts.sweep.prompt_deadlines_sweep",
    "passerelle.cases.sweep.urgent_alerts_sweep",
    "passerelle.cases.sweep.case_followups_sweep",
    "passerelle.common.housekeeping.finished_tasks_prune",
    "passerelle.privacy.retention.retention_sweep",
    "passerelle.reports.services.exports_prune",
    # Language assistance (docs/nlp.md): FAQ vectors missing, label classifiers to retrain.
    "passerelle.faq.embedding.faq_embeddings_sweep",
    "passerelle.questions.label_suggestions.labels_retrain_sweep",
]

# What the posts composer shows before sending (docs/outreach.md): the price of one SMS
# segment and of one WhatsApp template message, in the currency below.
POST_SMS_SEGMENT_COST = float(os.environ.get("PASSERELLE_SMS_SEGMENT_COST", "0.0079"))
POST_WHATSAPP_TEMPLATE_COST = float(os.environ.get("PASSERELLE_WHATSAPP_TEMPLATE_COST", "0.0250"))
POST_COST_CURRENCY = os.environ.get("PASSERELLE_COST_CURRENCY", "USD")
# Recipients of one post sent per scheduler tick (a batch is one transaction).
POSTS_BATCH = int(os.environ.get("PASSERELLE_POSTS_BATCH", "200"))

# How often the scheduler looks for services with enough new labels to train their label
# suggestions again (questions/label_suggestions.py, docs/nlp.md).
LABELS_SWEEP_MINUTES = float(os.environ.get("PASSERELLE_LABELS_SWEEP_MINUTES", "10"))

# How often each service's retention (privacy.RetentionPolicy) is swept; see docs/privacy.md.
RETENTION_SWEEP_MINUTES = float(os.environ.get("PASSERELLE_RETENTION_SWEEP_MINUTES", "10"))

# Finished background-task rows are deleted after these many hours (see common/housekeeping).
TASK_RESULTS_KEEP_HOURS = int(os.environ.get("PASSERELLE_TASK_RESULTS_KEEP_HOURS", "24"))
FAILED_TASK_RESULTS_KEEP_HOURS = int(
    os.environ.get("PASSERELLE_FAILED_TASK_RESULTS_KEEP_HOURS", str(30 * 24))
)
# Files staff attach to replies and posts (channels.outgoing_files): largest accepted,
# uploads per staff member per minute, and how long a signed address to one stays valid
# (Twilio fetches an MMS's file from it; a member's page plays it).
OUTGOING_FILE_MAX_BYTES = int(
    os.environ.get("PASSERELLE_OUTGOING_FILE_MAX_BYTES", str(16 * 1024 * 1024))
)
OUTGOING_FILE_UPLOADS_PER_MINUTE = int(
    os.environ.get("PASSERELLE_OUTGOING_FILE_UPLOADS_PER_MINUTE", "20")
)
OUTGOING_FILE_URL_SECONDS = int(
    os.environ.get("PASSERELLE_OUTGOING_FILE_URL_SECONDS", str(7 * 24 * 3600))
)
