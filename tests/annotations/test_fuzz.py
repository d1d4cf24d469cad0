"""Property-based tests: whatever annotators (or extractors) write, the loader either
accepts it or raises KgError. Never another exception, never a hang.

The number of examples per test is KG_FUZZ_EXAMPLES (default 150, which CI runs);
set it higher for a longer run, e.g.
    KG_FUZZ_EXAMPLES=5000 python -m pytest tests/annotations/test_fuzz.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.annotations import load_corpus
from kg.build import build_graphs
from kg.errors import KgError
from tests.conftest import MINI

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "150"))
# CI runs the same examples every time; a longer run on request explores new ones.
FUZZ = settings(max_examples=EXAMPLES, deadline=5000,
                derandomize="KG_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

BASE_ANNOTATION = yaml.safe_load((MINI / "mini.yaml").read_text(encoding="utf-8"))
BASE_REGISTRY = yaml.safe_load((MINI / "actors.yaml").read_text(encoding="utf-8"))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False), st.text(max_size=40),
    st.sampled_from(["2020-02-30", "2020-13", "0000", "sergei-lavrov", "moscow", "Moscow",
                     "occurred", "host", "", " ", "Lavrov", "../etc/passwd", "<script>",
                     "2020-10-20", "Sergei Lavrov", "\u00a0", "\ufeff"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)


def _paths(node, prefix=()):
    """Every place in a nested structure that a mutation could touch."""
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


@st.composite
def mutated(draw, base):
    data = yaml.safe_load(yaml.safe_dump(base))  # deep copy with YAML's own types
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if not path:
            if action == "replace":
                data = draw(values)
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if action == "replace":
            parent[last] = draw(values)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][draw(st.text(max_size=12))] = draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[last])
    return data


def _check(annotation_text: str | None = None, registry_text: str | None = None,
           text_bytes: bytes | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(MINI, seeds)
        if annotation_text is not None:
            (seeds / "mini.yaml").write_text(annotation_text, encoding="utf-8")
        if registry_text is not None:
            (seeds / "actors.yaml").write_text(registry_text, encoding="utf-8")
        if text_bytes is not None:
            (seeds / "mini.txt").write_bytes(text_bytes)
        try:
            corpus = load_corpus(seeds)
        except KgError as exc:
            assert exc.problems, "a KgError must say what is wrong"
            assert all(str(p) for p in exc.problems)
            return
        # Accepted input must also build: the builder trusts the loader's checks.
        for graph in build_graphs(corpus):
            assert graph.quads or graph.graph.value.endswith("registry")


@FUZZ
@given(mutated(BASE_ANNOTATION))
def test_mutated_annotations(data):
    _check(annotation_text=yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(mutated(BASE_REGISTRY))
def test_mutated_registries(data):
    _check(registry_text=yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_yaml_text(text):
    _check(annotation_text=text)


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_article_bytes(data):
    _check(text_bytes=data)


# Pieces of YAML that once broke the loader: escapes that make control characters or
# unpaired surrogates, raw control characters, deep nesting, numbers past Python's
# int-conversion limit, anchors and aliases (which can share or contain a container).
HOSTILE_FRAGMENTS = st.sampled_from([
    '"\\ud800"', '"\\udfff x"', '"\\x0b"', '"\\0"', '"\\e[2J"', '"\\x85"', '"\\uFFFE"',
    "\x1b", "\x0b", "\x7f", "\x85", "\u200b", "\r", "\n", "  ", "9" * 4400, "-0x" + "f" * 5000,
    "[", "]", "{", "}", "{a: ", "- ", ": ", '"', "'", "#", "&a ", "*a", "!!int ", "!!str ",
    "document: mini\n", "title: ", "mentions:\n", "text: ", "quote: ",
])


@FUZZ
@given(st.lists(HOSTILE_FRAGMENTS, max_size=60).map("".join))
def test_hostile_yaml_fragments(text):
    _check(annotation_text=text)


@FUZZ
@given(st.lists(HOSTILE_FRAGMENTS, max_size=60).map("".join))
def test_hostile_registry_fragments(text):
    _check(registry_text=text)


@FUZZ
@given(st.integers(min_value=1, max_value=1000), st.sampled_from(["[", "{a: ", "- ", "!!seq ["]))
def test_any_nesting_depth(depth, opener):
    closer = {"[": "]", "{a: ": "}", "- ": "", "!!seq [": "]"}[opener]
    if opener == "- ":
        body = "".join("  " * i + "-\n" for i in range(depth))
    else:
        body = opener * depth + "1" + closer * depth
    _check(annotation_text=f"document: mini\nmentions: {body}\n")
