"""A corpus: the registry plus every annotated article in one folder, checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.annotations.document import load_document, part_of_cycles
from kg.annotations.fields import suggest
from kg.annotations.files import not_a_regular_file
from kg.annotations.records import Document, Registry
from kg.annotations.registry import load_registry
from kg.errors import KgError, Problem, display_path

REGISTRY_FILE = "actors.yaml"


@dataclass
class Corpus:
    folder: Path
    registry: Registry
    documents: list[Document]  # sorted by document id, whatever order the files came in
    unannotated: list[Path]  # texts with no annotation beside them (skipped, and reported)

    def meeting_ids(self) -> set[str]:
        return {m.id for d in self.documents for m in d.meetings}


def annotation_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != REGISTRY_FILE)


def seed_entry_problems(folder: Path) -> list[Problem]:
    """Every `*.txt` and `*.yaml` in the seeds folder must be a regular file, or a link to
    one: a folder, a dangling link, a link loop, a FIFO or a device named like an input is
    a problem of its own (a FIFO would make the build wait for a writer forever). A seeds
    folder that is not there is the one problem then: checked before a build makes anything."""
    folder = Path(folder)
    if not folder.is_dir():
        return [Problem(display_path(folder), None, "seeds folder not found")]
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".txt", ".yaml"):
            reason = not_a_regular_file(path)
            if reason:
                found.append(Problem(display_path(path), None, reason))
    return found


def load_corpus(folder: Path, on_document=None) -> Corpus:
    """Load and check everything in `folder`; raise KgError listing every problem in every file."""
    folder = Path(folder)
    problems: list[Problem] = seed_entry_problems(folder)
    if problems:
        raise KgError(problems)
    try:
        registry = load_registry(folder / REGISTRY_FILE)
    except KgError as exc:
        # Without a registry no reference can be checked; report what is wrong with it alone.
        raise KgError(exc.problems) from None
    files = annotation_files(folder)
    if not files:
        raise KgError(Problem(display_path(folder), None, "no annotations (*.yaml) found besides "
                              f"{REGISTRY_FILE}; see seeds/README.md for the format"))
    documents = []
    for path in files:
        try:
            documents.append(load_document(path, registry))
        except KgError as exc:
            problems.extend(exc.problems)
        if on_document:
            on_document(path)
    texts = {p.stem for p in folder.glob("*.txt")}
    annotated = {p.stem for p in files}
    unannotated = sorted(folder / f"{stem}.txt" for stem in texts - annotated)
    corpus = Corpus(folder, registry, sorted(documents, key=lambda d: d.doc_id), unannotated)
    problems.extend(_cross_document_problems(corpus))
    problems.extend(part_of_cycles(corpus.documents))
    if problems:
        raise KgError(sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message)))
    return corpus


def _cross_document_problems(corpus: Corpus) -> list[Problem]:
    """References between articles: sidelines and statements may point at another's meeting."""
    known = corpus.meeting_ids()
    found = []
    for doc in corpus.documents:
        where = display_path(doc.path)
        for meeting in doc.meetings:
            if meeting.part_of and meeting.part_of not in known:
                found.append(Problem(where, meeting.line, f"part_of: unknown meeting id "
                                     f"'{meeting.part_of}'{suggest(meeting.part_of, known)}"))
            if meeting.part_of == meeting.id:
                found.append(Problem(where, meeting.line, f"meeting '{meeting.id}' cannot be "
                                     "part of itself"))
        for statement in doc.statements:
            if statement.about not in known:
                found.append(Problem(where, statement.line, f"statement '{statement.id}' is "
                                     f"about unknown meeting id '{statement.about}'"
                                     f"{suggest(statement.about, known)}"))
    return found
