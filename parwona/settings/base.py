"""Settings shared by every environment, read from the environment through one `env`.

With nothing set the portal runs on a SQLite file, runs Celery tasks eagerly, prints
email to the console and caches in local memory, so a newcomer needs nothing else.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-key-only-for-development-and-tests")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "bootstrap",
    "parwona.core",
    "parwona.users",
    "applicants",
    "matching",
    "training",
    "outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "parwona.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "parwona.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "parwona.users.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "parwona.users.middleware.StaffIdleTimeoutMiddleware",
    "parwona.users.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "parwona.urls"
WSGI_APPLICATION = "parwona.wsgi.application"
ASGI_APPLICATION = "parwona.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parwona.core.context_processors.portal",
            ],
        },
    }
]

# Database: a SQLite file unless DATABASE_URL names PostgreSQL. Connections persist between
# requests (a new connection per request cuts a simple insert view to a quarter of its speed).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "parwona.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: email is the login; public sign-up creates applicants only.
ACCOUNT_ADAPTER = "parwona.users.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "parwona.users.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "PARWONA: "
# Rate limits (login failures, sign-ups, resets) count in the default cache: Redis in production.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PARWONA"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="PARWONA <noreply@parwona.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: the browser's language first, Tajik when it asks for none of ours.
LANGUAGE_CODE = "tg"
LANGUAGES = [("tg", "Тоҷикӣ"), ("ru", "Русский"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "parwona_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
TIME_ZONE = "Asia/Dushanbe"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private files (CVs, exports, evidence) live outside static files and are served only
    # through permission-checked views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media"))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers apply everywhere; production adds HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The portal uses no camera, microphone, location or payment API; nothing embedded may either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Staff are signed out after this long without opening a page (applicants keep Django's two weeks).
STAFF_IDLE_TIMEOUT_SECONDS = env.int("STAFF_IDLE_TIMEOUT_SECONDS", default=30 * 60)
# No inline scripts or styles: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Celery: JSON only, late acknowledgement so a task lost with its worker is redelivered, time
# limits, and short broker timeouts so a web request never hangs while Redis is down (the work
# stays recorded in the database and the beat sweep enqueues it again).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # One retry, at once: while Redis refuses connections a request loses milliseconds, not seconds
    # (kombu would sleep 2 s before the retry); an unanswering Redis costs the connect timeout.
    "max_retries": 1,
    "interval_start": 0,
    # Redelivery of unacknowledged tasks after a lost worker; longer than the time limit.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 300,
}
CELERY_TASK_PUBLISH_RETRY = False
# A test or a second deployment on the same Redis can use its own queue.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "jobs-sweep": {"task": "parwona.core.tasks.jobs_sweep", "schedule": 60.0},
    # Scores still pending (their message lost while the broker was down) are computed here, every
    # minute: an application submitted during an outage is scored within two minutes of the broker's
    # return, and a sweep with nothing pending costs one indexed query.
    "scores-sweep": {"task": "applicants.tasks.scores_sweep", "schedule": 60.0},
    # Offers past their deadline close and their seats go to the waiting list.
    "offers-expire": {"task": "applicants.tasks.offers_expire", "schedule": 900.0},
    # Unsuccessful applications whose call's retention has ended lose their personal data.
    "retention-apply": {"task": "applicants.tasks.retention_apply", "schedule": crontab(hour=3, minute=15)},
    # Sessions starting within the next 24 hours are reminded by email, once each.
    "sessions-remind": {"task": "training.tasks.sessions_remind", "schedule": 3600.0},
    # The donors' aggregates are recomputed every night (changes also refresh them within a minute).
    "aggregates-refresh": {
        "task": "outcomes.tasks.aggregates_refresh", "schedule": crontab(hour=2, minute=30),
    },
    # Firms whose last month's report is late are reminded by email (at most every three days).
    "firm-reports-remind": {
        "task": "outcomes.tasks.firm_reports_remind", "schedule": crontab(hour=8, minute=0),
    },
    # Follow-ups due 3, 6 and 12 months after a cohort's training go out by email, each once.
    "follow-ups-send": {"task": "outcomes.tasks.follow_ups_send", "schedule": crontab(hour=9, minute=0)},
    # The previous month's report is built from fresh aggregates and emailed to the coordinators.
    "monthly-report": {
        "task": "outcomes.tasks.monthly_report", "schedule": crontab(day_of_month="1", hour=6, minute=0),
    },
}
# A change to reports, shops, employment, targets, certificates, sessions, participants or matches
# refreshes the aggregates once, this many seconds later.
AGGREGATES_REFRESH_ON_CHANGE = env.bool("AGGREGATES_REFRESH_ON_CHANGE", default=True)
AGGREGATES_DEBOUNCE_SECONDS = env.int(
    "AGGREGATES_DEBOUNCE_SECONDS", default=0 if CELERY_TASK_ALWAYS_EAGER else 60
)

# Jobs: how long a running job may go without a heartbeat (handlers report progress at least
# every minute) before the sweep takes it back,
# how long a pending job waits before the sweep enqueues it again, and how many attempts it gets;
# a failed attempt is retried after JOB_RETRY_DELAY_SECONDS times 2, 4, ... (20 s, then 40 s).
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=300)
JOB_PENDING_GRACE_SECONDS = env.int("JOB_PENDING_GRACE_SECONDS", default=120)
JOB_MAX_ATTEMPTS = 3
JOB_RETRY_DELAY_SECONDS = env.int("JOB_RETRY_DELAY_SECONDS", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

PORTAL_NAME = "PARWONA"
# Absolute links in emails sent outside a request (invitations, reminders).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
