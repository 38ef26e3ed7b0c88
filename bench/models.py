"""The bench's own table: what the insert floor writes, so a page's write can be weighed against it."""

from django.db import models


class FloorRow(models.Model):
    """One row inserted by the floor view for each request it answers."""

    created_at = models.DateTimeField(auto_now_add=True)
    label = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.label} {self.pk}"
