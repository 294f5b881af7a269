#!/usr/bin/env bash
# Django's deployment checks with production settings: DEBUG off, a random SECRET_KEY, a
# host name. Any warning fails the run. No check is silenced (SILENCED_SYSTEM_CHECKS is
# not set); a check ever silenced must say why next to the setting.
set -euo pipefail
cd "$(dirname "$0")/../.."

DEBUG=false \
SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
ALLOWED_HOSTS=kruz.example.uz \
CSRF_TRUSTED_ORIGINS=https://kruz.example.uz \
SITE_URL=https://kruz.example.uz \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
