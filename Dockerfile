# KRUZ web, worker and beat image (docker-compose.yml runs it three ways).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pg_dump/pg_restore for backups; gettext for compiling translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 kruz
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .

COPY --chown=kruz:kruz . .
RUN SECRET_KEY=collectstatic-only SITE_URL=https://collectstatic.invalid DEBUG=false python manage.py collectstatic --no-input

USER kruz
EXPOSE 8000
CMD ["gunicorn", "kruz.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
