"""Reading what annotators write: the registry and one YAML file per article, with every
quote resolved to a character span, or a list of problems naming file and line."""

from kg.annotations.corpus import Corpus, load_corpus
from kg.annotations.document import load_document
from kg.annotations.registry import load_registry

__all__ = ["Corpus", "load_corpus", "load_document", "load_registry"]
