"""Geometry of the bar charts that staff pages draw as inline SVG, without JavaScript."""

# Room for the numbers above (vertical) or beside (horizontal) the bars, and for the labels.
_TEXT = 16
_GAP = 0.2


def bar_chart(rows: list[tuple], *, width: int, height: int, horizontal: bool = False) -> list[dict]:
    """Return one dict a bar for `rows` of (label, value), scaled to a `width` x `height` box.

    Vertical bars stand on the bottom edge, leaving room below for the first and last labels
    (`tick`) and above for the values. Horizontal bars start at the left edge, each under its
    label. The longest bar fills the box; a zero is a bar of no length.
    """
    if not rows:
        return []
    top = max(value for _label, value in rows) or 1
    slot = (height if horizontal else width) / len(rows)
    bars = []
    for index, (label, value) in enumerate(rows):
        start = index * slot
        if horizontal:
            thickness = max(slot - _TEXT - 4, 2)
            length = value / top * (width - 3 * _TEXT)
            bar = {
                "x": 0, "y": start + _TEXT, "width": length, "height": thickness,
                "label_x": 0, "label_y": start + _TEXT - 4,
                "value_x": length + 4, "value_y": start + _TEXT + thickness / 2 + 4,
            }
        else:
            plot = height - 2 * _TEXT
            thickness = slot * (1 - _GAP)
            length = value / top * plot
            x = start + slot * _GAP / 2
            bar = {
                "x": x, "y": _TEXT + plot - length, "width": thickness, "height": length,
                "label_x": x + thickness / 2, "label_y": height - 4,
                "value_x": x + thickness / 2, "value_y": _TEXT + plot - length - 4,
            }
        bars.append(
            {"label": label, "value": value, "tick": index in (0, len(rows) - 1)}
            | {key: round(number, 2) for key, number in bar.items()}
        )
    return bars


def chart(rows: list[tuple], *, width: int, height: int, horizontal: bool = False) -> dict:
    """Return what a chart template needs: its box and its bars."""
    return {
        "width": width,
        "height": height,
        "horizontal": horizontal,
        "rows": rows,
        "bars": bar_chart(rows, width=width, height=height, horizontal=horizontal),
    }
