"""Geometry of the skills charts drawn as inline SVG, without JavaScript: bars on a fixed 0-5 scale."""

from .enums import RATING_MAX

# Room on the left for the point's name and on the right for the value.
LABEL = 64
VALUE = 28
BAR = 10
GAP = 4
GROUP_GAP = 8
DESCENT = 4


def rating_bars(groups: list[dict], *, width: int = 320, series: tuple[str, ...]) -> dict:
    """Return the box and bars of a chart of `groups` (each {"point", "label", <series>: value|None}).

    Each group is a row of thin horizontal bars, one for each name in `series`, scaled so that a
    rating of 5 fills the plot; a missing value is drawn as no bar and its value shown as a dash.
    A group's "count", when given, is shown after its value as "n=count".
    """
    plot = width - LABEL - VALUE
    bars, labels = [], []
    y = 0.0
    for group in groups:
        labels.append({"text": group["label"], "x": 0, "y": round(y + BAR + 1, 2)})
        for index, name in enumerate(series):
            value = group.get(name)
            length = 0 if value is None else value / RATING_MAX * plot
            text = "—" if value is None else str(value)
            if value is not None and group.get("count"):
                text = f"{text} · n={group['count']}"
            bars.append(
                {
                    "series": index,
                    "name": name,
                    "value": value,
                    "x": LABEL,
                    "y": round(y, 2),
                    "width": round(length, 2),
                    "height": BAR,
                    "value_x": round(LABEL + length + 4, 2),
                    "value_y": round(y + BAR - 1, 2),
                    "label": group["label"],
                    "text": text,
                }
            )
            y += BAR + GAP
        y += GROUP_GAP
    # Room below the last row for the descenders of its label.
    height = round(max(y - GROUP_GAP - GAP, 0) + DESCENT, 2)
    return {"width": width, "height": height, "bars": bars, "labels": labels}
