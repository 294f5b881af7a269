#!/usr/bin/env bash
# Fuzz the API with every schemathesis phase (examples, coverage, fuzzing, stateful) as an
# integration with a Publisher's token, so writes (POST, PATCH, DELETE) are fuzzed as well
# as reads: no 5xx, no status the schema does not document, no response that breaks the
# schema. Beside 50-schemathesis.sh, which fuzzes anonymously. Runs against gunicorn on
# 127.0.0.1, stops it whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${SCHEMATHESIS_PORT:-8766}"
BIN=.venv/bin
export DEBUG=true                    # the docs' assets from the app's static finders
export API_ANON_RATE="100000/minute"
export LOG_LEVEL=ERROR              # thousands of expected 4xx answers are not news

$BIN/python manage.py migrate --no-input -v0
TOKEN="$($BIN/python manage.py shell -v0 -c '
import time

import factory
from django.contrib.auth.models import Group
from api.models import ApiToken
from tests import factories

# Factory sequences start far from 50-schemathesis.sh'"'"'s, which seeds the same database.
for maker in vars(factories).values():
    if isinstance(maker, type) and issubclass(maker, factory.django.DjangoModelFactory):
        maker.reset_sequence(int(time.time()))

user = factories.UserFactory(username="schemathesis-publisher", is_staff=False)
user.groups.add(Group.objects.get(name="Publishers"))
ApiToken.objects.filter(user=user).delete()
token = ApiToken(name="schemathesis", user=user)
key = token.issue_key()
token.save()
if not factories.ProjectFactory._meta.model.objects.filter(slug="fuzz-0").exists():
    for number in range(2):
        project = factories.ProjectFactory(slug=f"fuzz-{number}", title_ko="타슈켄트")
        factories.FundingFactory(project=project)
        factories.AgreementFactory(slug=f"fuzz-{number}")
        factories.EngagementFactory(slug=f"fuzz-{number}")
        factories.OrganizationFactory(slug=f"fuzz-{number}")
        factories.OfficialFactory(slug=f"fuzz-{number}")
print(key)
' | tail -1)"

$BIN/gunicorn kruz.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

$BIN/schemathesis --no-color run "http://127.0.0.1:$PORT/api/schema/" \
  --wait-for-schema 30 \
  --phases examples,coverage,fuzzing,stateful \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance \
  --header "Authorization: Token $TOKEN" \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
  --seed "${SCHEMATHESIS_SEED:-8}" \
  --workers 2 \
  --request-timeout 20 \
  --output-sanitize true
