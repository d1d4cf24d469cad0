"""A deadline for a request's headers, which waitress does not have on its own.

waitress closes a connection only after `channel_timeout` seconds with no bytes at all, and
stops accepting once `connection_limit` connections are open. A client that opens many
connections and sends a header byte now and then (slowloris) keeps every one of them
"active", so it can hold all the slots for as long as it likes, and /health stops
answering. This module gives each connection `seconds` to deliver a request's complete
headers, counted from when it connected or from the first byte of that request, however
slowly the bytes come. An idle keep-alive connection between requests is left to
`channel_timeout`, and a request whose headers are in is never cut: its query has its own
timeout.

It plugs into waitress through the two hooks waitress's server uses for this itself: the
class it builds a connection with (`channel_class`) and its periodic `maintenance`.
"""

from __future__ import annotations

import time

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer


class _HeaderDeadlineChannel(HTTPChannel):
    """A connection that remembers since when it has owed us a request's headers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.waiting_since: float | None = self.creation_time  # a new connection owes one

    def received(self, data):
        if self.request is None and self.waiting_since is None:
            self.waiting_since = time.time()  # the first byte of a new request
        result = super().received(data)
        if self.request is None or self.request.headers_finished:
            self.waiting_since = None
        return result


def enforce_header_deadline(server, seconds: float) -> None:
    """Close connections of `server` (as returned by waitress.create_server) that have not
    sent a request's complete headers within `seconds`."""
    for listener in _listeners(server):
        listener.channel_class = _HeaderDeadlineChannel
        idle_maintenance = listener.maintenance

        def maintenance(now, idle_maintenance=idle_maintenance, listener=listener):
            idle_maintenance(now)
            for channel in list(listener.active_channels.values()):
                since = getattr(channel, "waiting_since", None)
                if since is not None and not channel.requests and now - since > seconds:
                    channel.will_close = True  # waitress closes it on its next loop turn

        listener.maintenance = maintenance


def _listeners(server) -> list[BaseWSGIServer]:
    if isinstance(server, BaseWSGIServer):
        return [server]
    return [d for d in server.map.values() if isinstance(d, BaseWSGIServer)]  # several sockets
