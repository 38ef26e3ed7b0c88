"""Probes for /readyz: can this process reach its database and its broker?"""

import logging

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)


def database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means not ready
        logger.warning("Readiness: database unreachable")
        return False


def broker_ready() -> bool:
    """Return True if the broker answers; with eager tasks there is none to reach."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True
    from parwona.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # any failure means not ready
        logger.warning("Readiness: broker unreachable")
        return False
