#!/usr/bin/env bash
# Fuzz the served API against its own OpenAPI schema: no 5xx, no response that breaks
# the schema. Runs on the CI database with a few published records, against gunicorn on
# 127.0.0.1, stops the server whatever happens, and fails the run on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${SCHEMATHESIS_PORT:-8765}"
BIN=.venv/bin
export DEBUG=true                    # the docs' assets from the app's static finders
export API_ANON_RATE="100000/minute" # the fuzzer is one anonymous client sending thousands

$BIN/python manage.py migrate --no-input -v0
$BIN/python manage.py shell -v0 -c '
from projects.models import Project
from tests import factories

if not Project.objects.filter(slug__startswith="schemathesis-").exists():
    for number in range(3):
        slug = f"schemathesis-{number}"
        project = factories.ProjectFactory(slug=slug, title_ru="Ташкент")
        factories.ProjectSectorFactory(project=project)
        factories.FundingFactory(project=project)
        draft_funder = factories.OrganizationFactory(publication="draft")
        factories.FundingFactory(project=project, funder=draft_funder, amount=None, currency_id=None)
        factories.ParticipatingOrganizationFactory(project=project)
        factories.MilestoneFactory(project=project)
        factories.StatusReportFactory(project=project)
        project.agreements.add(factories.AgreementFactory(slug=slug))
        factories.EngagementFactory(slug=slug)
        factories.PositionFactory(official=factories.OfficialFactory(slug=slug))
'

$BIN/gunicorn kruz.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

$BIN/schemathesis --no-color run "http://127.0.0.1:$PORT/api/schema/" \
  --wait-for-schema 30 \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
  --workers 2 \
  --request-timeout 20
