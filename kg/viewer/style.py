"""How the viewer draws each kind of node and each meeting status: data, not code, so the
legend on the page and the drawing come from the same table and cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    label: str  # legend text
    shape: str  # a vis-network shape with the label below it
    colour: str  # fill
    border: str


# Colour-blind-safe (Tableau 10) fills; each kind also has its own shape, so the legend
# still reads in greyscale print.
NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("Person", "dot", "#4e79a7", "#2d4a6b"),
    "state": NodeStyle("State", "square", "#e15759", "#8f2e30"),
    "government-body": NodeStyle("Government body", "triangle", "#f28e2b", "#9a5513"),
    "igo": NodeStyle("Intergovernmental organisation", "hexagon", "#59a14f", "#33622c"),
    "news-outlet": NodeStyle("News outlet", "triangleDown", "#b07aa1", "#6d4463"),
    "organisation": NodeStyle("Organisation", "triangle", "#9c755f", "#5e4535"),
    "meeting": NodeStyle("Meeting", "diamond", "#edc948", "#8a7219"),
    "place": NodeStyle("Place", "star", "#76b7b2", "#3f6d69"),
}
UNKNOWN_STYLE = NodeStyle("Other", "dot", "#bab0ac", "#6f6764")


@dataclass(frozen=True)
class StatusStyle:
    label: str
    dashes: tuple[int, ...]  # edge and node-border dash pattern; () is a solid line
    opacity: float  # of the meeting node: anything that did not (yet) happen is faded


# A meeting that happened is drawn solid; one that is only planned or talked about is
# dashed and faded, so that the eye does not count it as a meeting that took place.
STATUS_STYLES: dict[str, StatusStyle] = {
    "occurred": StatusStyle("Occurred", (), 1.0),
    "planned": StatusStyle("Planned", (8, 5), 0.6),
    "proposed": StatusStyle("Proposed", (2, 5), 0.5),
    "postponed": StatusStyle("Postponed", (8, 5), 0.45),
    "ruled-out": StatusStyle("Ruled out", (2, 5), 0.35),
    "cancelled": StatusStyle("Cancelled", (2, 5), 0.35),
}
UNKNOWN_STATUS = StatusStyle("Unknown", (4, 4), 0.5)


def node_style(kind: str) -> NodeStyle:
    return NODE_STYLES.get(kind, UNKNOWN_STYLE)


def status_style(status: str) -> StatusStyle:
    return STATUS_STYLES.get(status, UNKNOWN_STATUS)


def node_size(degree: int) -> float:
    """Area grows with degree, so a hub with 16 meetings is 4 times as wide as a node with 1."""
    return round(9 + 7 * max(degree, 0) ** 0.5, 2)
