"""The SPARQL 1.1 Protocol endpoint as a WSGI application (Werkzeug), over a worker pool.

Routes:
  /sparql           the protocol: GET ?query=, POST form (query= or update=), POST
                    application/sparql-query and application/sparql-update; without a
                    query, the service description (RDF clients) or the query page
  /queries          the query library as JSON; /queries/<name>?param=value runs one
  /                 a small query page (no CDN)
  /viewer/          exports/kg.html, the interactive viewer, when it has been written
  /health           liveness and the pool's state, as JSON

Werkzeug parses requests, forms and Accept headers; Oxigraph parses and runs SPARQL and
writes every result format. What is left here is the protocol's small surface: which
parameter holds the query, which status code each failure gets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from kg.query.formats import ALIASES, BOOLEANS, BY_MEDIA_TYPE, BY_NAME, GRAPHS, RESULTS, Format
from kg.query.guard import NO_SERVICE, ServicePolicy
from kg.query.library import QueryLibrary
from kg.query.pool import MemoryCapExceeded, PoolBusy, QueryTimeout, WorkerDied, WorkerPool
from kg.server.cors import preflight_headers
from kg.server.description import serialize_description, service_description
from kg.server.guard import write_refusal
from kg.server.jobs import Job
from kg.server.negotiate import best_match

_STATIC = Path(__file__).resolve().parent / "static"
_STATUS = {"bad-request": 400, "not-acceptable": 406, "too-large": 422, "internal": 500,
           "bad-gateway": 502, "memory": 503}
_FORM = "application/x-www-form-urlencoded"
# The methods each route answers; OPTIONS and 405 answers list exactly these.
_READ_ONLY = ("GET", "HEAD", "OPTIONS")
_METHODS = {"sparql": ("GET", "HEAD", "POST", "OPTIONS")}
_NAMED_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


@dataclass(frozen=True)
class Settings:
    timeout: float = 5.0                # seconds a query may run
    max_result_bytes: int = 10 << 20    # serialised result cap
    max_body_bytes: int = 1 << 20       # request body cap
    cors: bool = False
    allow_update: bool = False
    exports: Path = Path("exports")     # where the viewer (kg.html) is looked for
    services: ServicePolicy = NO_SERVICE  # SERVICE endpoints queries may reach (kg.query.guard)
    allowed_origins: frozenset[str] = frozenset()  # besides its own, for writes (kg.server.guard)


class Endpoint:
    def __init__(self, pool: WorkerPool, settings: Settings, library: QueryLibrary | None = None):
        self.pool, self.settings = pool, settings
        self.library = library or QueryLibrary()
        self.urls = Map([
            Rule("/", endpoint="page"),
            Rule("/sparql", endpoint="sparql"),
            Rule("/queries", endpoint="queries"),
            Rule("/queries/<name>", endpoint="library"),
            Rule("/viewer/", endpoint="viewer"),
            Rule("/viewer/kg.html", endpoint="viewer"),
            Rule("/health", endpoint="health"),
        ])

    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = self.settings.max_body_bytes
        try:
            response = self._dispatch(request)
        except HTTPException as exc:
            response = _text(exc.code or 500, exc.description or exc.name)
        if self.settings.cors:
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        endpoint, values = self.urls.bind_to_environ(request.environ).match()
        allowed = _METHODS.get(endpoint, _READ_ONLY)
        if request.method == "OPTIONS":
            return self._preflight(request, allowed)
        if request.method not in allowed:
            return _text(405, f"{request.method} is not allowed here", Allow=", ".join(allowed))
        if request.content_length and request.content_length > self.settings.max_body_bytes:
            return _text(413, f"request body over {self.settings.max_body_bytes} bytes")
        return getattr(self, f"_{endpoint}")(request, **values)

    def _preflight(self, request: Request, allowed: tuple[str, ...]) -> Response:
        response = Response(status=204, headers={"Allow": ", ".join(allowed)})
        if self.settings.cors:
            response.headers.update(preflight_headers(request, allowed))
        return response

    # The protocol.

    def _sparql(self, request: Request) -> Response:
        args, query, update = request.args, None, None
        if request.method == "POST":
            kind = request.mimetype
            if kind == _FORM:
                args = request.form
                query, update = _single(args, "query"), _single(args, "update")
                graphs_from = request.form
            elif kind == "application/sparql-query":
                query = request.get_data(as_text=True)
                graphs_from = request.args
            elif kind == "application/sparql-update":
                update = request.get_data(as_text=True)
                graphs_from = request.args
            else:
                return _text(415, f"POST a query as {_FORM}, application/sparql-query or "
                                  f"application/sparql-update, not {kind or 'no content type'}")
        else:
            query, graphs_from = _single(args, "query"), args
            if "update" in args:
                return self._refuse_update() if not self.settings.allow_update else _text(
                    405, "updates must be POSTed", Allow="POST")
        if query is not None and update is not None:
            return _text(400, "give either query or update, not both")
        if update is not None:
            if not self.settings.allow_update:
                return self._refuse_update()
            refusal = write_refusal(request, self.settings.allowed_origins)
            if refusal:
                return _text(403, refusal)
            return self._run(Job("update", text=update,
                                 default_graphs=tuple(graphs_from.getlist("using-graph-uri")),
                                 named_graphs=tuple(graphs_from.getlist(
                                     "using-named-graph-uri"))), request)
        if not query:
            return self._description_or_page(request) if request.method in (
                "GET", "HEAD") and not args else _text(
                400, "missing the query parameter (the SPARQL Protocol's query=)")
        job = Job("query", text=query,
                  default_graphs=tuple(graphs_from.getlist("default-graph-uri")),
                  named_graphs=tuple(graphs_from.getlist("named-graph-uri")))
        return self._run(job, request)

    def _refuse_update(self) -> Response:
        return _text(403, "this endpoint is read-only; start it with `kg serve --allow-update` "
                          "to accept SPARQL updates")

    def _library(self, request: Request, name: str) -> Response:
        if name not in self.library:
            return _text(404, f"no query named {name!r}; GET /queries lists them")
        params = {k: v for k, v in request.args.items() if k != "graph"}
        return self._run(Job("library", name=name, params=params,
                             graph=request.args.get("graph") or None), request)

    def _run(self, job: Job, request: Request) -> Response:
        accept = request.headers.get("Accept")
        job = Job(**{**job.__dict__, "results_format": _negotiate(accept, RESULTS),
                     "boolean_format": _negotiate(accept, BOOLEANS),
                     "graph_format": _negotiate(accept, GRAPHS),
                     "max_bytes": self.settings.max_result_bytes,
                     "services": self.settings.services})
        if job.kind != "update" and not (job.results_format or job.graph_format):
            offered = ", ".join(f.media_type for f in RESULTS + GRAPHS)
            return _text(406, f"none of the accepted types can be served; offered: {offered}")
        try:
            status, first, second = self.pool.run(job, timeout=self.settings.timeout)
        except QueryTimeout:
            return _text(503, f"query timed out after {self.settings.timeout:g} s "
                              f"(the server's --timeout); it was stopped")
        except PoolBusy as exc:
            return _text(503, f"server busy: {exc}; try again", **{"Retry-After": "1"})
        except MemoryCapExceeded:
            return _text(503, "the query needed more memory than the server's --max-memory "
                              "allows; it was stopped. Narrow it, or add a LIMIT")
        except WorkerDied as exc:
            return _text(500, str(exc))
        if status == "error":
            return _text(_STATUS.get(first, 500), second)
        if first is None:
            return Response(status=204)
        return Response(second, status=200, content_type=first, headers={"Vary": "Accept"})

    # Pages and listings.

    def _queries(self, request: Request) -> Response:
        listing = [{"name": q.name, "title": q.title, "description": q.description,
                    "parameters": [{"name": p.name, "type": p.type, "doc": p.doc,
                                    "required": p.required, "default": p.default}
                                   for p in q.params],
                    "examples": list(q.examples), "sparql": q.text} for q in self.library]
        return Response(json.dumps(listing, ensure_ascii=False, indent=1),
                        content_type="application/json; charset=utf-8")

    def _description_or_page(self, request: Request) -> Response:
        """GET /sparql with no query: RDF clients get the service description (SPARQL 1.1
        Service Description §2), browsers the query page. The page wins ties, so `*/*`
        and a browser's Accept get HTML; only a client preferring an RDF syntax gets RDF."""
        offered = ["text/html"] + _offers(GRAPHS)
        chosen = best_match(request.headers.get("Accept"), offered)
        if chosen is None:
            return _text(406, f"GET /sparql without a query answers in: {', '.join(offered)}")
        if chosen == "text/html":
            response = self._page(request)
        else:
            response = self._description(request, _format_of(chosen))
        response.headers["Vary"] = "Accept"
        return response

    def _description(self, request: Request, fmt: Format) -> Response:
        job = Job("query", text=_NAMED_GRAPHS, results_format="json")
        try:
            status, _, body = self.pool.run(job, timeout=self.settings.timeout)
        except (QueryTimeout, PoolBusy, WorkerDied) as exc:
            return _text(503, f"cannot list the store's graphs now: {exc}; try again")
        if status != "ok":
            return _text(500, body)
        graphs = [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]]
        triples = service_description(request.host_url + "sparql", RESULTS + GRAPHS, graphs,
                                      self.settings.allow_update)
        return Response(serialize_description(triples, fmt), content_type=fmt.media_type + (
            "; charset=utf-8" if fmt.text else ""))

    def _page(self, request: Request) -> Response:
        html = (_STATIC / "index.html").read_text(encoding="utf-8")
        viewer = (self.settings.exports / "kg.html").is_file()
        html = html.replace("<!--viewer-->", '<a href="viewer/">Open the graph viewer</a>'
                            if viewer else "")
        return Response(html, content_type="text/html; charset=utf-8")

    def _viewer(self, request: Request) -> Response:
        # kg.html carries its scripts and styles inline, so it is the only file served:
        # the rest of the exports folder (or whatever a link there leads to) is not.
        folder = self.settings.exports.resolve()
        page = (folder / "kg.html").resolve()
        if page.parent != folder or not page.is_file():
            raise NotFound("the viewer has not been written yet: run `kg build`")
        return send_file(page, request.environ, mimetype="text/html")

    def _health(self, request: Request) -> Response:
        body = {"status": "ok", "workers": self.pool.size, "restarts": self.pool.restarts,
                "timeout": self.settings.timeout, "update": self.settings.allow_update}
        return Response(json.dumps(body), content_type="application/json")


def _single(values, name: str) -> str | None:
    found = values.getlist(name)
    if len(found) > 1:
        raise _BadRequest(f"{name} given {len(found)} times; give it once")
    return found[0] if found else None


class _BadRequest(HTTPException):
    code = 400


def _offers(formats) -> list[str]:
    """The media types that select one of `formats`: registered ones first, then aliases."""
    return [f.media_type for f in formats] + [
        media for media, name in ALIASES.items() if BY_NAME[name] in formats]


def _format_of(media_type: str) -> Format:
    return BY_NAME[ALIASES[media_type]] if media_type in ALIASES else BY_MEDIA_TYPE[media_type]


def _negotiate(accept: str | None, formats) -> str | None:
    """The format name to answer in, or None if the client accepts none of `formats`."""
    best = best_match(accept, _offers(formats))
    return None if best is None else _format_of(best).name


def _text(status: int, message: str, **headers) -> Response:
    return Response(message.rstrip() + "\n", status=status, headers=headers,
                    content_type="text/plain; charset=utf-8")
