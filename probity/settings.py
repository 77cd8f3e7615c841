"""Probity settings: one file, read from the environment, loud on bad values.

Every knob is an environment variable. A development run needs none of them:
the database defaults to a SQLite file under ``var/`` and a secret key is
generated there once. Production (``PROBITY_ENV=production``) requires the
secret key, the allowed hosts and the identity keys to be given explicitly.
"""

import base64
import binascii
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: use true or false")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: use an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PROBITY_ENV = env("PROBITY_ENV", "development")
if PROBITY_ENV not in ("development", "production", "test"):
    raise ImproperlyConfigured(f"PROBITY_ENV must be development, production or test, not {PROBITY_ENV!r}")
PRODUCTION = PROBITY_ENV == "production"

DATA_DIR = Path(env("PROBITY_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret(name: str, factory) -> str:
    """A secret kept under DATA_DIR, generated on first use, for development runs only."""
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(factory(), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when PROBITY_ENV=production")
    SECRET_KEY = _development_secret("secret_key", lambda: secrets.token_urlsafe(50))

# Complainant identities are sealed with these keys (Fernet, comma separated,
# newest first). Rotation: put the new key first, keep the old ones after it,
# run `manage.py rotate_identity_keys`, then drop the old keys.
PROBITY_IDENTITY_KEYS = env_list("PROBITY_IDENTITY_KEYS", [])
# Who receives the audit chain's daily anchor (manage.py anchor_audit_chain): people outside the database's reach.
PROBITY_AUDIT_ANCHOR_EMAILS = env_list("PROBITY_AUDIT_ANCHOR_EMAILS", [])
if not PROBITY_IDENTITY_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("PROBITY_IDENTITY_KEYS is required when PROBITY_ENV=production")
    PROBITY_IDENTITY_KEYS = [_development_secret("identity_key", _fernet_key)]
for _key in PROBITY_IDENTITY_KEYS:
    try:
        from cryptography.fernet import Fernet

        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured("PROBITY_IDENTITY_KEYS holds a key that is not a valid Fernet key") from None


def _signing_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _is_signing_key(value: str) -> bool:
    """32 bytes in base64: an Ed25519 key, private (the seed) or public."""
    try:
        return len(base64.b64decode(value, validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


# Filing proofs (收件證明) given to complainants are signed with this Ed25519 key (32 bytes, base64). Proofs signed
# by an earlier key keep verifying while its public key (base64) is listed in PROBITY_FILING_PROOF_OLD_KEYS.
PROBITY_FILING_PROOF_KEY = env("PROBITY_FILING_PROOF_KEY")
if not PROBITY_FILING_PROOF_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("PROBITY_FILING_PROOF_KEY is required when PROBITY_ENV=production")
    PROBITY_FILING_PROOF_KEY = _development_secret("filing_proof_key", _signing_key)
PROBITY_FILING_PROOF_OLD_KEYS = env_list("PROBITY_FILING_PROOF_OLD_KEYS", [])
if not _is_signing_key(PROBITY_FILING_PROOF_KEY):
    raise ImproperlyConfigured("PROBITY_FILING_PROOF_KEY holds a key that is not 32 bytes in base64 (an Ed25519 key)")
if not all(_is_signing_key(old) for old in PROBITY_FILING_PROOF_OLD_KEYS):
    raise ImproperlyConfigured(
        "PROBITY_FILING_PROOF_OLD_KEYS holds a key that is not 32 bytes in base64 (an Ed25519 key)"
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION and PROBITY_ENV != "test")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when PROBITY_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for the form renderer below
    "rules.apps.AutodiscoverRulesConfig",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "probity.core",
    "probity.audit",
    "probity.org",
    "probity.activities",
    "probity.prevention",
    "probity.conflicts",
    "probity.declarations",
    "probity.complaints",
    "probity.accessaudit",
    "probity.reports",
    "probity.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "probity.org.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Widgets render through the project's templates, so that templates/django/forms/widgets can adjust them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "probity.urls"
WSGI_APPLICATION = "probity.wsgi.application"
ASGI_APPLICATION = "probity.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "probity.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: SQLite under DATA_DIR unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{DATA_DIR / 'probity.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", _default_db), conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, but its flush lifts the audit log's append-only trigger (see its base.py).
    DATABASES["default"]["ENGINE"] = "probity.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests run on a file, as the app does: an in-memory database shared between threads refuses a second
    # writer at once ("database table is locked") instead of waiting, so concurrency could not be tested.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if PROBITY_ENV == "test":
    # Hashing cost is not what the tests check; argon2 stays first everywhere else.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "org:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "org:login"

# Lockout: five failures lock the account-and-address pair for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "org/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Probity 政風業務整合平臺"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Thousands grouped by commas in Chinese too (probity/formats/zh_Hant).
FORMAT_MODULE_PATH = ["probity.formats"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
PROBITY_IMPORT_MAX_BYTES = env_int("PROBITY_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
PROBITY_IMPORT_MAX_ROWS = env_int("PROBITY_IMPORT_MAX_ROWS", 50_000)

# Access-log audit: DuckDB's memory ceiling (it spills to DATA_DIR/accesslogs/.tmp beyond it),
# how many months of lookups to keep before `manage.py purge_access_logs` removes them, and how many
# seconds a rule run waits for a rekey or purge of its system's store to end.
PROBITY_ACCESSLOG_MEMORY = env("PROBITY_ACCESSLOG_MEMORY", "4GB")
PROBITY_ACCESSLOG_RETENTION_MONTHS = env_int("PROBITY_ACCESSLOG_RETENTION_MONTHS", 60)
PROBITY_ACCESSLOG_LOCK_WAIT = env_int("PROBITY_ACCESSLOG_LOCK_WAIT", 3600)

# Complaints: the statutory deadlines (公益揭弊者保護法: acknowledgement within 20 days, outcome within
# 6 months), attachment limits, and the public portal's rate limits ("count/seconds", per visitor and in all).
PROBITY_COMPLAINT_ACK_DAYS = env_int("PROBITY_COMPLAINT_ACK_DAYS", 20)
PROBITY_COMPLAINT_OUTCOME_MONTHS = env_int("PROBITY_COMPLAINT_OUTCOME_MONTHS", 6)
PROBITY_COMPLAINT_DUE_SOON_DAYS = env_int("PROBITY_COMPLAINT_DUE_SOON_DAYS", 5)
PROBITY_COMPLAINT_ATTACHMENT_MAX_BYTES = env_int("PROBITY_COMPLAINT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
PROBITY_COMPLAINT_ATTACHMENT_MAX_FILES = env_int("PROBITY_COMPLAINT_ATTACHMENT_MAX_FILES", 5)
PROBITY_PORTAL_SUBMIT_RATE = env("PROBITY_PORTAL_SUBMIT_RATE", "5/3600")
PROBITY_PORTAL_SUBMIT_GLOBAL_RATE = env("PROBITY_PORTAL_SUBMIT_GLOBAL_RATE", "300/3600")
PROBITY_PORTAL_CODE_RATE = env("PROBITY_PORTAL_CODE_RATE", "10/900")
PROBITY_PORTAL_CLIENT_IP_HEADER = env("PROBITY_PORTAL_CLIENT_IP_HEADER", "")
PROBITY_RECEIPT_SCRYPT_N = env_int("PROBITY_RECEIPT_SCRYPT_N", 2**14)
PROBITY_BASE_URL = env("PROBITY_BASE_URL", "")
# Public copies of a unit's report give sensitive counts below this as 「未滿N」 (reports.disclosure); 0 or 1: off.
PROBITY_PUBLIC_MIN_COUNT = env_int("PROBITY_PUBLIC_MIN_COUNT", 3)

# Rate limits and other short-lived counters; use a shared cache (REDIS_URL) with several web processes.
REDIS_URL = env("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# E-mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "probity@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)

TASKS = {
    "default": {
        "BACKEND": env(
            "PROBITY_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if PROBITY_ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# Security headers. HTTPS-only settings follow PROBITY_HTTPS (on in production).
HTTPS = env_bool("PROBITY_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

PROBITY_SITE_NAME = _("政風業務整合平臺")
