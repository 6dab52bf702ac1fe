"""Every API error is JSON ``{"detail": "<中文>", "errors": {field: [...]}}`` with a 4xx status."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from indicators.entry.services import StaleVersionError
from tasks.common.api import api_exception_handler, errors_flatten

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def assert_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert CHINESE.search(body["detail"]), body
    return body


def test_anonymous_gets_401_with_token_challenge_not_a_redirect(api_for):
    response = api_for(None).get("/api/v1/values/")
    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_is_401(api_for):
    client = api_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_error(client.get("/api/v1/tasks/"), 401)


def test_unknown_object_is_404(api_for, staff_a):
    assert_error(api_for(staff_a).get("/api/v1/values/999999/"), 404)
    assert_error(api_for(staff_a).get("/api/v1/values/abc/"), 404)


def test_method_not_allowed_is_405(api_for, staff_a):
    assert_error(api_for(staff_a).delete("/api/v1/tasks/1/"), 405)


def test_malformed_json_is_400(api_for, staff_a):
    response = api_for(staff_a).post("/api/v1/values/", data="{not json", content_type="application/json")
    assert_error(response, 400)


def test_filter_errors_name_the_fields(api_for, staff_a):
    body = assert_error(api_for(staff_a).get("/api/v1/values/", {"year": "二〇二五", "status": "bogus"}), 400)
    assert set(body["errors"]) == {"year", "status"}
    assert "year" in body["detail"] and "status" in body["detail"]


def test_missing_fields_are_named(api_for, staff_a):
    body = assert_error(api_for(staff_a).post("/api/v1/values/", {}, format="json"), 400)
    assert {"indicator", "period"} <= set(body["errors"])


def test_unknown_indicator_is_400_not_500(api_for, staff_a):
    body = assert_error(
        api_for(staff_a).post("/api/v1/values/", {"indicator": 10**12, "period": "x"}, format="json"), 400
    )
    assert {"indicator", "period"} <= set(body["errors"])


def test_wrong_credentials_for_token_are_400_in_chinese(api_for):
    body = assert_error(
        api_for(None).post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json"), 400
    )
    assert body["errors"]["non_field_errors"]


@pytest.mark.parametrize(
    ("exc", "status", "errors"),
    [
        (
            ValidationError({"value": ["不能大于100%"], "__all__": ["整体错误"]}),
            400,
            {"value": ["不能大于100%"], "non_field_errors": ["整体错误"]},
        ),
        (ValidationError("该填报表没有待审核的内容。"), 400, {"non_field_errors": ["该填报表没有待审核的内容。"]}),
        (PermissionDenied("您只能填报本单位的数据。"), 403, {}),
        (Http404("没有"), 404, {}),
        (StaleVersionError(expected=2, current=3), 409, {}),
    ],
)
def test_service_exceptions_map_to_status_codes(exc, status, errors):
    response = api_exception_handler(exc, {})
    assert response.status_code == status
    assert response.data["errors"] == errors
    assert CHINESE.search(response.data["detail"])


def test_stale_version_message_is_the_services():
    response = api_exception_handler(StaleVersionError(expected=2, current=3), {})
    assert "第 2 版" in response.data["detail"] and "第 3 版" in response.data["detail"]


def test_unknown_exceptions_are_left_to_django():
    assert api_exception_handler(RuntimeError("boom"), {}) is None


def test_nested_errors_are_flattened_to_dotted_field_names():
    detail = {"values": [{}, {"value": ["无法识别"]}], "note": "太长", "non_field_errors": ["x"]}
    assert errors_flatten(detail) == {"values.1.value": ["无法识别"], "note": ["太长"], "non_field_errors": ["x"]}
