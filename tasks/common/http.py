"""HTTP plumbing views share: how large a request body a view accepts.

``lingqiu_portal.middleware.RequestBodyLimitMiddleware`` refuses a request whose declared ``Content-Length``
exceeds the limit of the view it is for — before anything reads the body, so a 200 MB upload is neither spooled
to disk nor held in memory. The limit is ``settings.REQUEST_BODY_MAX_BYTES`` unless the view declares its own
with ``request_body_limit``.
"""

REQUEST_BODY_LIMIT_ATTRIBUTE = "request_body_max_bytes"


def request_body_limit(max_bytes: int):
    """Decorator: the view accepts request bodies of at most ``max_bytes`` bytes (413 above). Put it outermost
    (or under decorators that copy the function's attributes, as Django's do)."""

    def decorate(view):
        setattr(view, REQUEST_BODY_LIMIT_ATTRIBUTE, max_bytes)
        return view

    return decorate
