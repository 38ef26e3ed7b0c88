"""The audit log's CSV export, run as a job so that a long log never holds a request."""

import csv
import io
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from .jobs import job_handler
from .selectors import audit_entries

AUDIT_EXPORT = "audit.export"
_CHUNK = 2000


@job_handler(AUDIT_EXPORT)
def audit_export(*, job, progress) -> dict:
    """Write the filtered audit log to a CSV file attached to the job."""
    params = job.params
    qs = audit_entries(
        action=params.get("action", ""),
        actor=params.get("actor", ""),
        since=date.fromisoformat(params["since"]) if params.get("since") else None,
        until=date.fromisoformat(params["until"]) if params.get("until") else None,
    )
    total = qs.count()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["when", "actor", "action", "target_type", "target_id", "target", "details"])
    rows = qs.values_list(
        "created_at", "actor__email", "action", "target_type__model", "target_id", "target_repr", "details"
    )
    for done, (when, actor, action, ttype, tid, trepr, details) in enumerate(rows.iterator(_CHUNK), 1):
        writer.writerow([timezone.localtime(when).isoformat(), actor or "", action, ttype or "", tid, trepr,
                         details])
        if done % _CHUNK == 0:
            progress(done * 100 // max(total, 1), f"{done}/{total}")
    # A retried run replaces the file rather than adding a second one.
    if job.result_file:
        job.result_file.delete(save=False)
    content = ContentFile(buffer.getvalue().encode("utf-8-sig"))
    job.result_file.save(f"audit-{job.pk}.csv", content, save=False)
    type(job).objects.filter(pk=job.pk).update(result_file=job.result_file.name)
    return {"rows": total}
