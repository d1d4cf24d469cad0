"""`kg push`: the built store's named graphs, sent to a server-grade SPARQL store.

Two ways in, both standard or the server's own:
- the SPARQL 1.1 Graph Store HTTP Protocol (`gsp.py`): one PUT per named graph, only the
  graphs whose content changed since the last push to that endpoint, DELETE for graphs
  that are gone; resumable after an interruption;
- the server's bulk loader (`bulk.py`): gzipped N-Quads chunks and the loader commands,
  for the first load of a large corpus.
"""

from kg.push.graphs import LocalGraph, local_graphs
from kg.push.gsp import PushReport, push
from kg.push.state import state_path

__all__ = ["LocalGraph", "PushReport", "local_graphs", "push", "state_path"]
