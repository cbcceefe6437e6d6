"""The actor network: actors as nodes, events between them as weighted directed edges, and GraphML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sorot.analytics.dyads import count_expr, pairs_sql
from sorot.store.queries import EventFilter

MAX_EDGES = 5000


@dataclass(slots=True)
class Network:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges}


def actor_network(store: Any, flt: EventFilter | None = None, *, count: str = "reports", min_weight: int = 1,
                  max_edges: int = MAX_EDGES) -> Network:
    """Edges actor -> recipient weighted by events (filtered by type/context/dates), heaviest first."""
    where, params = (flt or EventFilter()).where()
    edges = store.query(
        f"SELECT a AS source, r AS target, {count_expr(count)} AS weight, "
        f"{count_expr(count, 'quad IN (1, 2)')} AS cooperation, {count_expr(count, 'quad IN (3, 4)')} AS conflict, "
        "round(sum(goldstein), 3) AS goldstein_sum, round(avg(goldstein), 3) AS goldstein_mean, "
        "list_sort(list_distinct(list(type))) AS types "
        f"FROM ({pairs_sql(where)}) WHERE a <> '' AND r <> '' GROUP BY 1, 2 HAVING weight >= ? "
        "ORDER BY weight DESC, source, target LIMIT ?", [*params, min_weight, max_edges])
    strength: dict[str, dict[str, int]] = {}
    for e in edges:
        strength.setdefault(e["source"], {"out_weight": 0, "in_weight": 0})["out_weight"] += e["weight"]
        strength.setdefault(e["target"], {"out_weight": 0, "in_weight": 0})["in_weight"] += e["weight"]
    nodes = [{"id": code, "weight": s["out_weight"] + s["in_weight"], **s}
             for code, s in sorted(strength.items(), key=lambda kv: (-(kv[1]["out_weight"] + kv[1]["in_weight"]),
                                                                     kv[0]))]
    return Network(nodes=nodes, edges=edges)


_NODE_KEYS = (("weight", "int"), ("out_weight", "int"), ("in_weight", "int"))
_EDGE_KEYS = (("weight", "int"), ("cooperation", "int"), ("conflict", "int"), ("goldstein_sum", "double"),
              ("goldstein_mean", "double"), ("types", "string"))


def to_graphml(net: Network) -> bytes:
    """The network as a GraphML document (directed, with weights and scores as data keys)."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for scope, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(root, "key", {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name,
                                        "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="actors", edgedefault="directed")
    for node in net.nodes:
        el = ET.SubElement(graph, "node", id=node["id"])
        for name, _ in _NODE_KEYS:
            ET.SubElement(el, "data", key=f"n_{name}").text = str(node[name])
    for i, edge in enumerate(net.edges):
        el = ET.SubElement(graph, "edge", id=f"e{i}", source=edge["source"], target=edge["target"])
        for name, _ in _EDGE_KEYS:
            value = edge[name]
            if value is None:
                continue
            ET.SubElement(el, "data", key=f"e_{name}").text = ";".join(value) if isinstance(value, list) else str(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_graphml(store: Any, output: Path, flt: EventFilter | None = None) -> list[Path]:
    """Exporter: DIR/actors.graphml (or the given .graphml file) of the whole network."""
    path = output if output.suffix == ".graphml" else output / "actors.graphml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_graphml(actor_network(store, flt)))
    return [path]
