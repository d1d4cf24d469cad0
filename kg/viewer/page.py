"""Assemble the viewer: one self-contained HTML file, built with pyvis and our own template.

Why not pyvis's template: even with `cdn_resources="in_line"` it loads bootstrap from a CDN
(pyvis #229), it does not autoescape, and it switches node titles to `innerHTML` when they
contain "href". So pyvis collects nodes, edges and options as usual, and renders them with
the template in kg/viewer/templates/, in a Jinja environment that autoescapes, with the
vis-network library (kg/viewer/static/, see NOTICE there) written inline.

Safety, in layers: every value from annotations or articles reaches the page only inside
`<script type="application/json">` blocks, serialised with `script_json` (no `<`, `>`, `&`
or line separators survive as such); the page's script puts text on screen with
`textContent` only; and a Content-Security-Policy allows exactly the two inline scripts
we ship (by hash), no inline event handlers and no network access of any kind.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network

from kg.viewer.scale import PHYSICS_MAX_NODES, VIEW_MAX_NODES, reduce_graph
from kg.viewer.style import (
    NODE_STYLES,
    STATUS_STYLES,
    node_size,
    node_style,
    status_style,
)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TEMPLATE = "viewer.html"

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """JSON that is safe between <script> tags: it cannot close the element, open a comment
    or start a line terminator inside a JS string, whatever the strings in it contain."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_SCRIPT_ESCAPES.get(c, c) for c in text)


@cache
def _asset(name: str) -> str:
    text = (STATIC / name).read_text(encoding="utf-8")
    # A source-map comment would make an open DevTools fetch a file that is not there.
    text = "\n".join(line for line in text.split("\n")
                     if not line.startswith(("//# sourceMappingURL", "/*# sourceMappingURL")))
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} cannot be inlined: it contains a closing tag")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@dataclass(frozen=True)
class PageInfo:
    """What the page says about where its graph came from."""

    title: str = "Diplomatic meetings"
    projection: str = "actor-meeting"
    filters: str = ""  # the export's filters, in words; "" when none


def render_page(graph: nx.Graph, details: dict[str, dict], info: PageInfo = PageInfo(),
                *, view_limit: int = VIEW_MAX_NODES) -> str:
    """The viewer page for `graph` (a projection), with `details` (kg.viewer.details, by IRI)
    for the panel. Deterministic: the same graph and details give the same bytes."""
    reduction = reduce_graph(graph, view_limit)
    shown = reduction.graph
    physics = shown.number_of_nodes() <= PHYSICS_MAX_NODES
    positions = {} if physics else _positions(shown)
    net = Network(height="100%", width="100%", cdn_resources="in_line")
    net.options = _vis_options(physics, shown.number_of_nodes())
    panel: dict[str, dict] = {}
    for node in sorted(shown, key=str):
        attrs = graph.nodes[node]
        entry = details.get(attrs.get("iri", ""), {})
        degree = graph.degree(node)
        net.add_node(str(node), **_vis_node(node, attrs, degree, positions.get(node)))
        panel[str(node)] = _panel_entry(node, attrs, entry, degree)
    # pyvis's add_edge looks for duplicates in a list on every call (quadratic in edges);
    # a networkx graph has no duplicates, so its Edge objects are appended directly.
    for index, (u, v, attrs) in enumerate(_sorted_edges(shown)):
        options = _vis_edge(index, attrs, graph.nodes[u], graph.nodes[v], graph)
        net.edges.append(Edge(str(u), str(v), False, **options).options)
    net.set_template_dir(str(TEMPLATES), TEMPLATE)
    net.templateEnv = _environment(reduction, info, panel, physics)
    return net.generate_html(name="kg.html")


def _environment(reduction, info: PageInfo, panel: dict, physics: bool) -> Environment:
    script = _asset("viewer.js")
    vis_js = _asset("vis-network.min.js")
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    # Markup: the JSON is already safe inside <script> (see script_json); HTML-escaping it
    # again would turn its quotes into entities, which a script element does not decode.
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    env.filters["options_json"] = lambda text: Markup(script_json(json.loads(text)))
    shown = reduction.graph
    env.globals.update(
        info=info,
        panel=panel,
        notice=reduction.notice(),
        counts={"nodes": shown.number_of_nodes(), "edges": shown.number_of_edges(),
                "total_nodes": reduction.total_nodes, "total_edges": reduction.total_edges},
        physics=physics,
        node_styles=_legend_types(shown),
        status_styles=_legend_statuses(shown),
        vis_css=_asset("vis-network.min.css"),
        viewer_css=_asset("viewer.css"),
        vis_js=vis_js,
        viewer_js=script,
        csp_scripts=" ".join(_csp_hash(s) for s in (vis_js, script)),
    )
    return env


def _sorted_edges(graph: nx.Graph):
    if graph.is_multigraph():
        edges = graph.edges(keys=True, data=True)
        return [(u, v, d) for u, v, _, d in sorted(edges, key=lambda e: (str(e[0]), str(e[1]),
                                                                         str(e[2])))]
    return sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))


def _legend_types(graph: nx.Graph) -> list[dict]:
    present = {graph.nodes[n].get("type", "") for n in graph}
    rows = [{"key": k, **vars(s)} for k, s in NODE_STYLES.items() if k in present]
    for kind in sorted(present - set(NODE_STYLES)):
        rows.append({"key": kind, **vars(node_style(kind)), "label": kind or "other"})
    return rows


def _legend_statuses(graph: nx.Graph) -> list[dict]:
    present = {graph.nodes[n].get("status") for n in graph if graph.nodes[n].get("status")}
    rows = [{"key": k, "label": s.label, "dashes": " ".join(map(str, s.dashes)),
             "opacity": s.opacity} for k, s in STATUS_STYLES.items() if k in present]
    for status in sorted(present - set(STATUS_STYLES)):
        style = status_style(status)
        rows.append({"key": status, "label": status, "dashes": " ".join(map(str, style.dashes)),
                     "opacity": style.opacity})
    return rows


def _vis_options(physics: bool, nodes: int) -> dict:
    options = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": nodes > 500,
                        "hideEdgesOnZoom": nodes > 500, "navigationButtons": False,
                        "keyboard": False},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "borderWidthSelected": 3},
        "edges": {"smooth": False, "color": {"inherit": False},
                  "font": {"size": 10, "align": "middle", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "selectionWidth": 2},
        "layout": {"randomSeed": 7, "improvedLayout": nodes <= 150},
    }
    if physics:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90,
                                 "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def _positions(graph: nx.Graph) -> dict:
    """Where each node goes when physics is off: the projection's own layout (x, y) when it
    has one, else the same seeded layout computed here; spread out with the node count so
    that a big graph is not a solid blot at first sight."""
    if not all("x" in graph.nodes[n] and "y" in graph.nodes[n] for n in graph):
        from kg.projections.layout import add_layout

        graph = graph.copy()
        add_layout(graph)
    spread = max(1.0, (graph.number_of_nodes() / 150) ** 0.5)
    return {n: (round(float(graph.nodes[n]["x"]) * spread, 1),
                round(float(graph.nodes[n]["y"]) * spread, 1)) for n in graph}


def _vis_node(node, attrs: dict, degree: int, position: tuple | None) -> dict:
    kind = attrs.get("type", "")
    style = node_style(kind)
    status = attrs.get("status", "")
    meeting = kind == "meeting"
    look = status_style(status) if meeting else None
    options = {
        "label": str(attrs.get("label") or node),
        "shape": style.shape,
        "color": {"background": style.colour, "border": style.border,
                  "highlight": {"background": style.colour, "border": "#000000"},
                  "hover": {"background": style.colour, "border": "#000000"}},
        "size": node_size(degree),
        "title": _hover_text(attrs, degree),
        "kind": kind,
    }
    if meeting:
        options.update(status=status, date=attrs.get("date") or "",
                       start=attrs.get("start") or "",
                       end=attrs.get("end") or attrs.get("start") or "",
                       opacity=look.opacity)
        if look.dashes:
            options["shapeProperties"] = {"borderDashes": list(look.dashes)}
            options["borderWidth"] = 2
        options["font"] = {"size": 11, "color": "#5b4a0c"}
    if position is not None:
        options.update(x=position[0], y=position[1])
    return options


def _vis_edge(index: int, attrs: dict, a: dict, b: dict, graph: nx.Graph) -> dict:
    meeting = a if a.get("type") == "meeting" else b if b.get("type") == "meeting" else None
    role = str(attrs.get("role") or attrs.get("label") or "")
    options = {"id": f"e{index}", "label": role, "color": {"color": "#8a8f98",
                                                          "highlight": "#222222",
                                                          "hover": "#222222"}}
    title = [role] if role else []
    side = attrs.get("on_behalf_of")
    if side:
        name = graph.nodes[side].get("label") if side in graph else None
        title.append(f"for {name or str(side).rsplit(':', 1)[-1]}")
    weight = attrs.get("weight")
    if isinstance(weight, int | float) and weight > 1:
        options["value"] = weight
        title.append(f"{weight:g} shared meetings")
    if meeting is not None:
        look = status_style(meeting.get("status", ""))
        if look.dashes:
            options["dashes"] = list(look.dashes)
            options["color"]["opacity"] = max(look.opacity, 0.45)
    if title:
        options["title"] = ", ".join(title)
    return options


def _hover_text(attrs: dict, degree: int) -> str:
    # A plain string: vis-network 9 puts string titles on screen with innerText.
    lines = [str(attrs.get("label") or "")]
    if attrs.get("label_ru") and attrs.get("label_ru") != attrs.get("label"):
        lines.append(str(attrs["label_ru"]))
    kind = attrs.get("type", "")
    facts = [node_style(kind).label if kind in NODE_STYLES else kind]
    if kind == "meeting":
        facts.append(status_style(attrs.get("status", "")).label.lower())
        # The date as written ("2020-10" for a month), falling back to the day bounds.
        when = attrs.get("date") or attrs.get("start") or ""
        if not attrs.get("date") and attrs.get("end") and attrs.get("end") != when:
            when = f"{when} – {attrs['end']}"
        facts.append(when or "undated")
    else:
        facts.append(f"{degree} link{'s' if degree != 1 else ''}")
    lines.append(" · ".join(f for f in facts if f))
    lines.append("click for details and sources")
    return "\n".join(lines)


def _panel_entry(node, attrs: dict, entry: dict, degree: int) -> dict:
    """The detail panel's data for one node: the store's details, filled in from the
    projection's attributes where the store said nothing (a synthetic graph, say)."""
    names = dict(entry.get("names") or {})
    if attrs.get("label"):
        names.setdefault("en", str(attrs["label"]))
    if attrs.get("label_ru"):
        names.setdefault("ru", str(attrs["label_ru"]))
    data = {**entry, "names": names, "type": attrs.get("type", ""), "iri": attrs.get("iri", ""),
            "degree": degree}
    if attrs.get("type") == "meeting" and "facts" not in data:
        data["facts"] = {k: str(attrs[k]) for k in ("status", "meeting_type", "date", "start",
                                                   "end", "place") if attrs.get(k)}
    # Everything a search may match: every name and spelling, lower-cased by the page.
    data["search"] = sorted({*names.values(), *entry.get("aliases", ())})
    return data
