"""The portal's own middleware: a friendly 405 page, and the request body cap.

**405.**

Django's ``require_POST`` (and ``require_http_methods``) answer a GET on a POST-only address with a
bare ``HttpResponseNotAllowed`` and no template, unlike 403/404/500. This middleware renders
``405.html`` (Chinese, inside the site layout, with a link home) in its place and keeps the
``Allow`` header. API responses (DRF ``Response``) are not ``HttpResponseNotAllowed`` and pass unchanged.

**413.** ``RequestBodyLimitMiddleware`` answers a request whose declared body is larger than its view accepts
(``tasks.common.http``) with 413 before the body is read: a Chinese page, or JSON under /api/.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from tasks.common.http import REQUEST_BODY_LIMIT_ATTRIBUTE


class MethodNotAllowedPageMiddleware:
    """Replace a bare ``HttpResponseNotAllowed`` with the rendered ``405.html`` (status 405, same Allow)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        page = render(request, "405.html", {"allowed": response["Allow"]}, status=405)
        page["Allow"] = response["Allow"]
        return page


class RequestBodyLimitMiddleware:
    """Refuse (413) a body whose ``Content-Length`` exceeds the view's limit, without reading it.

    Django reads a body only up to ``Content-Length`` (a request without one has none), so the declared length
    is the whole question. Placed before anything touches ``request.POST`` / ``request.body`` (the CSRF check
    reads them in ``process_view``, after every middleware's request phase). ``Connection: close`` tells the
    server not to read the rest of the body to reuse the connection.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self._limit(request) if length else None
        if limit is not None and length > limit:
            return self._refuse(request, length, limit)
        return self.get_response(request)

    @staticmethod
    def _limit(request) -> int:
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return settings.REQUEST_BODY_MAX_BYTES
        return getattr(view, REQUEST_BODY_LIMIT_ATTRIBUTE, settings.REQUEST_BODY_MAX_BYTES)

    @staticmethod
    def _refuse(request, length: int, limit: int):
        message = _("提交的内容过大（%(size)s），本页面最多接受%(limit)s。请减小文件或分次上传。") % {
            "size": _megabytes(length),
            "limit": _megabytes(limit),
        }
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=413)
        else:
            response = render(request, "413.html", {"message": message}, status=413)
        response["Connection"] = "close"
        return response


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
