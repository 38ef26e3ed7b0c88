"""Small-group suppression of indicator cells, so that no figure a donor sees is about fewer than five people.

Primary suppression hides every cell about 1 to 4 people. Complementary suppression then works on every
line of cells that adds up to a visible total (the groups of a breakdown within a cohort, the cohorts
within a group, the cohorts within the programme): while a line's hidden cells are one alone, or together
about fewer than five people, the next smallest visible cell of the line is hidden too, so that the total
minus the visible cells never reveals a small group. If no cell is left to hide, the total is hidden.
The loop runs until no line changes, because hiding a cell in one line can open another.
"""

from collections import defaultdict

from .enums import SUPPRESS_BELOW
from .indicators import PROGRAMME

Key = tuple  # (cohort, indicator, breakdown, group)


def _key(cell: dict) -> Key:
    return (cell["cohort"], cell["indicator"], cell["breakdown"], cell["group"])


def _lines(cells: dict[Key, dict]) -> list[tuple[Key, list[Key]]]:
    """Return each (total, members) line whose members add up to the total."""
    members: dict[Key, list[Key]] = defaultdict(list)
    for key in cells:
        cohort, indicator, breakdown, group = key
        if breakdown:
            members[(cohort, indicator, "", "")].append(key)  # groups within a cohort (or the programme)
        if cohort is not PROGRAMME:
            members[(PROGRAMME, indicator, breakdown, group)].append(key)  # cohorts within a group
    by_total: dict[Key, dict[str, list[Key]]] = {}
    for total, keys in members.items():
        if total not in cells:
            continue
        # A cohort total gathers the groups of each breakdown separately: each breakdown is its own line.
        split: dict[str, list[Key]] = defaultdict(list)
        for key in keys:
            split[key[2] if key[2] != total[2] else "cohorts"].append(key)
        by_total[total] = split
    return [(total, keys) for total, split in by_total.items() for keys in split.values()]


def cells_suppress(cells: list[dict], *, below: int = SUPPRESS_BELOW) -> list[dict]:
    """Return the cells with `suppressed` set, and value, n and baseline blanked where it is."""
    by_key = {_key(cell): dict(cell) for cell in cells}
    hidden = {
        key for key, cell in by_key.items() if cell["n"] is not None and 0 < cell["n"] < below
    }
    lines = _lines(by_key)
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            if total in hidden or by_key[total]["n"] is None:
                continue
            gone = [key for key in members if key in hidden]
            if not gone:
                continue
            people = sum(by_key[key]["n"] for key in gone)
            if len(gone) > 1 and people >= below:
                continue
            visible = sorted(
                (key for key in members if key not in hidden and by_key[key]["n"]),
                key=lambda key: (by_key[key]["n"], str(key)),
            )
            hidden.add(visible[0] if visible else total)
            changed = True
    for key, cell in by_key.items():
        cell["suppressed"] = key in hidden
        if cell["suppressed"]:
            cell["value"] = cell["n"] = cell["baseline"] = None
    return list(by_key.values())
