# The portal's image: gunicorn serves the pages (static files through WhiteNoise); the same
# image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=parwona.settings.production \
    DJANGO_PRIVATE_MEDIA_ROOT=/data/private_media

# DejaVu fonts give the certificate PDFs their Cyrillic letters (ғ ӣ қ ӯ ҳ ҷ).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/parwona --shell /usr/sbin/nologin parwona

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements/lock.txt requirements/lock.txt
RUN pip install -r requirements/lock.txt

# The code stays owned by root: the portal's user reads it but cannot change it.
# Translation catalogues (.po and .mo) are committed, so no gettext is needed here.
COPY . .

# Static files are collected at build time. These values exist only for this command:
# collectstatic opens neither the database nor Redis, and none of them reaches the image.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# Private files (CVs, exports, evidence) live on a volume mounted here; a new named volume
# takes this directory's owner, so the portal's user can write to it.
RUN mkdir -p /data/private_media && chown parwona:parwona /data/private_media

USER parwona

EXPOSE 8000

CMD ["gunicorn", "parwona.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
