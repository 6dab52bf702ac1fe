"""A friendly 405 page.

Django's ``require_POST`` (and ``require_http_methods``) answer a GET on a POST-only address with a
bare ``HttpResponseNotAllowed`` and no template, unlike 403/404/500. This middleware renders
``405.html`` (Chinese, inside the site layout, with a link home) in its place and keeps the
``Allow`` header. API responses (DRF ``Response``) are not ``HttpResponseNotAllowed`` and pass unchanged.
"""

from django.http import HttpResponseNotAllowed
from django.shortcuts import render


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
