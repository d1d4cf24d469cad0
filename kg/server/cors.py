"""CORS preflight answers for `kg serve --cors` (Fetch standard, "CORS protocol").

A browser sends a preflight before a cross-origin request that carries a header outside
the CORS-safelisted few (Authorization, X-Requested-With, ...) and goes ahead only if the
answer lists every such header. Query clients add headers of their own (an Authorization
a proxy in front checks, X-Requested-With from older libraries), so the preflight allows
whatever header names the browser asks for. That grants nothing: the endpoint answers
`Access-Control-Allow-Origin: *` without credentials, so the browser sends no cookies,
and the endpoint itself reads none of these headers.
"""

from __future__ import annotations

import re

from werkzeug.wrappers import Request

# Header names are RFC 9110 tokens; anything else in the request is not echoed back.
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# What a preflight without Access-Control-Request-Headers is told.
COMMON_HEADERS = ("Accept", "Accept-Language", "Authorization", "Cache-Control",
                  "Content-Language", "Content-Type", "If-None-Match", "X-Requested-With")


def requested_headers(request: Request) -> list[str]:
    value = request.headers.get("Access-Control-Request-Headers", "")
    names = [name.strip() for name in value.split(",") if name.strip()]
    return [name for name in names if _TOKEN.match(name)]


def preflight_headers(request: Request, methods: tuple[str, ...]) -> dict[str, str]:
    return {
        "Access-Control-Allow-Methods": ", ".join(methods),
        "Access-Control-Allow-Headers": ", ".join(requested_headers(request)
                                                  or COMMON_HEADERS),
        "Access-Control-Max-Age": "600",
        # The answer depends on what was asked, so a cache must not reuse it for others.
        "Vary": "Access-Control-Request-Headers, Access-Control-Request-Method",
    }
