// Reads a GraphML or GEXF file with the parsers Gephi Lite uses (graphology-graphml,
// graphology-gexf) and prints what they saw as JSON: counts, graph type, every node's and
// edge's attributes. Run by tests/export/test_graphml.py and test_gexf.py:
//   node tests/js/read_graph.mjs FILE.graphml|FILE.gexf
import { readFileSync } from "node:fs";
import Graph from "graphology";
import * as gexf from "graphology-gexf/node/index.js";
import * as graphml from "graphology-graphml/node/index.js";

const path = process.argv[2];
const text = readFileSync(path, "utf-8");
const parser = path.endsWith(".gexf") ? gexf : graphml;
const graph = parser.parse(Graph, text);

const nodes = {};
graph.forEachNode((id, attributes) => { nodes[id] = attributes; });
const edges = [];
graph.forEachEdge((id, attributes, source, target, _s, _t, undirected) => {
  edges.push({ id, source, target, undirected, attributes });
});
process.stdout.write(JSON.stringify({
  order: graph.order, size: graph.size, type: graph.type, multi: graph.multi,
  nodes, edges,
}));
