#!/usr/bin/env bash
# Fuzz the served API anonymously against its own OpenAPI schema, in every schemathesis
# phase (examples, coverage, fuzzing, stateful): no 5xx, no status the schema does not
# document for the operation, no response body that breaks the schema. Runs on the CI
# database with a few published records, against gunicorn on 127.0.0.1, stops the server
# whatever happens, and fails the run on any finding. 55-schemathesis-all-phases.sh does
# the same with a Publisher's token.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${SCHEMATHESIS_PORT:-8765}"
BIN=.venv/bin
export DEBUG=true                    # the docs' assets from the app's static finders
export API_ANON_RATE="100000/minute" # the fuzzer is one anonymous client sending thousands
export LOG_LEVEL=ERROR              # thousands of expected 4xx answers are not news

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
  --phases examples,coverage,fuzzing,stateful \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
  --seed "${SCHEMATHESIS_SEED:-8}" \
  --workers 2 \
  --request-timeout 20
