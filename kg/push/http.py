"""HTTP for the push: one keep-alive session, the password from the environment or
~/.netrc, Basic or Digest as the server asks, retries for what is transient, and a clear
error for a refusal.

The password never comes from the command line (it would sit in the shell history and in
every process listing): $KG_PUSH_PASSWORD, else the ~/.netrc entry for the server's host.
"""

from __future__ import annotations

import netrc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from kg.errors import KgError

PASSWORD_ENV = "KG_PUSH_PASSWORD"
TRANSIENT_STATUS = {429, 502, 503, 504}
_TRANSIENT_ERRORS = (requests.ConnectionError, requests.Timeout,
                     requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def credentials(url: str, user: str | None) -> Credentials | None:
    """$KG_PUSH_PASSWORD (with --user), else the ~/.netrc entry for the URL's host; the
    netrc login is used when --user is not given, and must match it when it is."""
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        if not user:
            raise KgError(f"${PASSWORD_ENV} is set but no --user is given")
        return Credentials(user, password)
    host = urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        entry = None
    except (netrc.NetrcParseError, OSError) as exc:
        raise KgError(f"~/.netrc: {exc}") from None
    if entry is None:
        if user:
            raise KgError(f"--user {user} needs a password: set ${PASSWORD_ENV}, or add "
                          f"'machine {host} login {user} password ...' to ~/.netrc")
        return None
    login, _, netrc_password = entry
    if user and login and login != user:
        raise KgError(f"~/.netrc has login {login!r} for {host}, not --user {user}")
    return Credentials(user or login, netrc_password or "")


class Refused(KgError):
    """The server answered, and the answer was no (401, 403, any other 4xx, a 500...)."""


class Client:
    """Requests to one server, authenticated the way its first challenge asks."""

    def __init__(self, creds: Credentials | None, *, attempts: int = 6,
                 backoff: float = 0.5, max_backoff: float = 20.0, timeout: float = 300.0,
                 log: Callable[[str], None] = lambda message: None):
        self.creds = creds
        self.attempts, self.backoff, self.max_backoff = attempts, backoff, max_backoff
        self.timeout, self.log = timeout, log
        self.session = requests.Session()
        # No implicit ~/.netrc Basic header, no proxy from the environment: what is sent
        # is what this module decides.
        self.session.trust_env = False
        self.requests_sent = 0

    def send(self, method: str, url: str, what: str, *, body: bytes | None = None,
             headers: dict | None = None, ok_missing: bool = False) -> requests.Response:
        """One request, retried while the failure is transient; `what` names the graph in
        messages. A 404 is an answer, not a refusal, when `ok_missing`."""
        for attempt in range(1, self.attempts + 1):
            try:
                response = self._send_once(method, url, body, headers)
            except _TRANSIENT_ERRORS as exc:
                if attempt == self.attempts:
                    raise KgError(f"{method} {what}: no answer from {_origin(url)} after "
                                  f"{attempt} attempts ({_reason(exc)})") from None
                self._wait(attempt, None, f"{method} {what}: {_reason(exc)}")
                continue
            if response.status_code in TRANSIENT_STATUS and attempt < self.attempts:
                self._wait(attempt, response.headers.get("Retry-After"),
                           f"{method} {what}: {response.status_code} {response.reason}")
                continue
            if response.ok or (ok_missing and response.status_code == 404):
                return response
            raise Refused(refusal_message(method, what, response))
        raise AssertionError("unreachable")

    def _send_once(self, method, url, body, headers) -> requests.Response:
        self.requests_sent += 1
        response = self.session.request(method, url, data=body, headers=headers,
                                        timeout=self.timeout)
        if response.status_code == 401 and self.session.auth is None and self.creds:
            # The first challenge says which scheme the server wants; Virtuoso's
            # authenticated endpoints want Digest, most others Basic.
            challenge = response.headers.get("WWW-Authenticate", "").lower()
            user, password = self.creds.user, self.creds.password
            self.session.auth = (HTTPDigestAuth(user, password) if challenge.startswith("digest")
                                 else HTTPBasicAuth(user, password))
            response.close()
            response = self.session.request(method, url, data=body, headers=headers,
                                            timeout=self.timeout)
        return response

    def _wait(self, attempt: int, retry_after: str | None, why: str) -> None:
        delay = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        if retry_after and retry_after.isdigit():
            delay = min(max(delay, float(retry_after)), self.max_backoff)
        self.log(f"{why}; retrying in {delay:.1f}s")
        time.sleep(delay)

    def close(self) -> None:
        self.session.close()


def refusal_message(method: str, what: str, response: requests.Response) -> str:
    text = " ".join(response.text.split())[:400] if response.content else ""
    answer = f"{response.status_code} {response.reason}" + (f": {text}" if text else "")
    hint = ""
    if response.status_code == 401:
        hint = " (the user name or password was not accepted; check --user, " \
               f"${PASSWORD_ENV} or ~/.netrc)"
    elif response.status_code == 403:
        hint = " (the user may not write graphs here; on Virtuoso, grant it SPARQL_UPDATE)"
    return f"{method} {what} refused by {_origin(response.url)}: {answer}{hint}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection reset", "Connection refused", "Read timed out",
                  "Connection aborted", "RemoteDisconnected"):
        if known in text:
            return known.lower()
    return type(exc).__name__
