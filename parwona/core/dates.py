"""Calendar arithmetic shared by the apps."""

import calendar
from datetime import date, datetime


def months_after(moment: date | datetime, months: int) -> date | datetime:
    """Return `moment` moved `months` calendar months later (the 31st becomes the month's last day)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
