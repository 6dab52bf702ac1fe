"""The request body cap (lingqiu_portal.middleware.RequestBodyLimitMiddleware): a body larger than its view
accepts is refused with 413 — a Chinese page, JSON under /api/ — before a byte of it is read; under gunicorn a
200 MB upload streamed to the Excel upload is answered within 2 seconds."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from indicators.entry.upload.views import UPLOAD_BODY_MAX_BYTES

MB = 1024 * 1024
BODY = 200 * MB


class NeverRead:
    """A wsgi.input that fails the test when anything reads the body."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the body was read")


def post_declared(client, url: str, length: int, content_type="multipart/form-data; boundary=x"):
    return client.generic(
        "POST", url, b"", content_type=content_type, CONTENT_LENGTH=str(length), **{"wsgi.input": NeverRead()}
    )


@pytest.fixture
def upload_url(dept_a):
    return reverse("entry:upload", args=[dept_a.code, 2025, 4])


def test_a_200_mb_upload_is_refused_unread_with_a_chinese_page(client_for, staff_a, upload_url):
    response = post_declared(client_for(staff_a), upload_url, BODY)
    page = response.content.decode()
    assert response.status_code == 413 and response["Connection"] == "close"
    assert "413 · 提交的内容过大" in page and "200.0 MB" in page and "6.0 MB" in page
    assert "Content-Security-Policy" in response.headers


def test_the_excel_upload_takes_its_own_limit_other_pages_the_general_one(client_for, staff_a, dept_a, upload_url):
    client = client_for(staff_a)
    assert post_declared(client, upload_url, UPLOAD_BODY_MAX_BYTES + 1).status_code == 413
    form = reverse("entry:form", args=[dept_a.code, 2025, 4])
    assert post_declared(client, form, settings.REQUEST_BODY_MAX_BYTES + 1).status_code == 413
    small = client.post(upload_url, {})  # within the limit: the view answers (form error: no file)
    assert small.status_code == 200 and "请选择要上传的Excel文件" in small.content.decode()


def test_the_api_answers_413_in_json(client_for, staff_a):
    response = post_declared(client_for(staff_a), "/api/v1/values/", BODY, content_type="application/json")
    assert response.status_code == 413 and "提交的内容过大" in response.json()["detail"]


def test_anonymous_and_unknown_addresses_are_capped_too(client):
    assert post_declared(client, "/no-such-page/", BODY).status_code == 413
    assert post_declared(client, reverse("login"), BODY).status_code == 413


# ---------------------------------------------------------------- under gunicorn, over a real socket


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_url(tmp_path):
    """The portal under gunicorn (test settings; the 413 answer needs no database)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lingqiu_portal.settings.test", "ENV_FILE": ""}
    process = subprocess.Popen(
        [str(gunicorn), "lingqiu_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the worker has loaded the portal and answers a page
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                    sock.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if sock.recv(12).startswith(b"HTTP/1.1"):
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


PART = (
    b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
    b"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
)


def stream_until_answered(port: int, path: str, length: int, budget: float) -> tuple[bytes, float, int]:
    """POST a multipart upload of ``length`` bytes (one file part, then zeros sent from one 64 KB buffer:
    nothing of that size is allocated) to ``path``, stopping as soon as the server answers.
    Returns (the answer's first bytes, seconds, bytes sent)."""
    chunk = b"\0" * (64 * 1024)
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=budget) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            # a CSRF cookie, so that without the cap Django's CSRF check would read (spool) the whole form
            f"Cookie: csrftoken={'a' * 32}\r\nContent-Length: {length}\r\n\r\n"
        )
        sock.sendall(head.encode() + PART)
        sent = len(PART)
        sock.setblocking(False)
        answer = b""
        while time.monotonic() - started < budget:
            try:
                answer += sock.recv(65536)
                if answer:
                    break
            except BlockingIOError:
                pass
            if sent < length:
                try:
                    sent += sock.send(chunk[: min(len(chunk), length - sent)])
                except BlockingIOError:
                    time.sleep(0.001)
                except (BrokenPipeError, ConnectionResetError):
                    time.sleep(0.01)
            else:
                time.sleep(0.01)
        return answer, time.monotonic() - started, sent


def test_a_200_mb_body_streamed_to_gunicorn_is_answered_413_within_2_seconds(gunicorn_url):
    answer, seconds, sent = stream_until_answered(gunicorn_url, "/entry/ecoenv/2025/4/upload/", BODY, budget=2.0)
    assert answer.startswith(b"HTTP/1.1 413"), (answer[:200], seconds)
    assert seconds < 2.0 and sent < BODY
