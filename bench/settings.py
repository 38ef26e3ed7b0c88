"""Settings for benchmarks: production behaviour over plain HTTP on 127.0.0.1, plus floor views."""

from parwona.settings.base import *  # noqa: F403
from parwona.settings.base import INSTALLED_APPS, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"]]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
