# Image for docker-compose.yml: migrate (one-off), web (gunicorn), worker and beat share it.
# Two stages: the builder installs the pinned requirements into a virtualenv; the final image gets only
# that virtualenv and the application, and runs as the unprivileged user `app`.

FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install --upgrade pip && pip install -r /tmp/requirements.txt


FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=lingqiu_portal.settings.production
# procps: pgrep for beat's health check.
RUN apt-get update && apt-get install -y --no-install-recommends procps && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# Code and static files stay owned by root (read-only for `app`), which writes only var/, /data/media and /data/backups
# (MEDIA_ROOT in docker-compose.yml). .dockerignore keeps .env, .git, .venv, var/ and media out.
COPY . .
# Static files with the production settings (manifest + compressed). The three values exist only for this
# command: the production settings refuse to import without them; nothing connects to the broker here.
RUN SECRET_KEY=collectstatic-only-not-a-secret ALLOWED_HOSTS=localhost CELERY_BROKER_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media /data/backups \
    && chown app:app /app/var /data/media /data/backups
USER app
EXPOSE 8000
CMD ["gunicorn", "lingqiu_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
