#!/usr/bin/env bash
# Scanners (SECURITY.md): bandit must find nothing of medium or high severity in the code
# KRUZ ships; pip-audit must find no known vulnerability in the installed dependencies,
# except those accepted for a limited time in .ci/pip-audit-exceptions.
# (`makemigrations --check` runs in .ci/run itself.)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin

echo "scan: bandit (fails on medium or high severity; low is reported)"
$BIN/bandit -c pyproject.toml -r . -q --severity-level low --exit-zero
$BIN/bandit -c pyproject.toml -r . -q --severity-level medium

echo "scan: pip-audit"
ignores=()
today="$(date +%F)"
while read -r vuln until reason; do
  [[ -z "$vuln" || "$vuln" == \#* ]] && continue
  if [[ "$until" < "$today" ]]; then
    echo "scan: the exception for $vuln expired on $until ($reason): fix it or renew it" >&2
    exit 1
  fi
  echo "scan: accepting $vuln until $until: $reason"
  ignores+=(--ignore-vuln "$vuln")
done < .ci/pip-audit-exceptions

report="$(mktemp)"
errors="$(mktemp)"
trap 'rm -f "$report" "$errors"' EXIT
status=0
$BIN/pip-audit --local --progress-spinner off --format json ${ignores[@]+"${ignores[@]}"} \
  >"$report" 2>"$errors" || status=$?

$BIN/python - "$report" "$errors" "$status" <<'PY'
import json
import re
import sys

report_path, errors_path, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
errors = open(errors_path).read().strip()
try:
    dependencies = json.load(open(report_path))["dependencies"]
except (ValueError, KeyError):
    print(errors[-2000:])
    network = r"connect|resolve|timed? ?out|unreachable|network|Max retries|HTTPSConnectionPool"
    if not re.search(network, errors, re.IGNORECASE):
        print(f"scan: pip-audit failed ({status}) and wrote no report")
        sys.exit(1)
    print("scan: NOTICE: pip-audit could not reach its vulnerability service and audited nothing.")
    print("scan: no claim is made about known vulnerabilities in this run.")
    sys.exit(0)

vulnerable = [d for d in dependencies if d.get("vulns")]
audited = [d for d in dependencies if "skip_reason" not in d]
skipped = [d for d in dependencies if "skip_reason" in d]
for dependency in vulnerable:
    for vuln in dependency["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"scan: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
if vulnerable:
    print(f"scan: pip-audit found known vulnerabilities in {len(vulnerable)} package(s)")
    sys.exit(1)
if status != 0:
    print(f"scan: pip-audit exited with {status}:\n{errors[-2000:]}")
    sys.exit(1)
if not audited:
    print(
        f"scan: NOTICE: pip-audit could not reach its vulnerability service: all "
        f"{len(skipped)} packages came back unaudited "
        f"(\"{skipped[0]['skip_reason'] if skipped else 'no packages'}\")."
    )
    print("scan: no claim is made about known vulnerabilities in this run.")
    sys.exit(0)
print(f"scan: pip-audit: {len(audited)} packages audited, 0 known vulnerabilities; "
      f"{len(skipped)} not audited")
for dependency in skipped:
    print(f"scan:   not audited: {dependency['name']}: {dependency['skip_reason']}")
PY
