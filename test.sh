#!/usr/bin/env bash
# Runs every test of Martin360: unit, HTTP, real-trace and browser tests.
# Installs Debian's chromium first when it is missing (the browser tests drive it with Playwright).
# Ends with one line: "N passed, N failed" (totals over all test projects; skipped tests, if any, on the line before); exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium from Debian for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || {
    echo "Could not install chromium (apt-get). The browser tests need /usr/bin/chromium."
  }
fi

if [ ! -d ../shared/traces ]; then
  echo "warning: ../shared/traces is missing; the real-trace tests will fail (they read the real traces there)."
fi

dotnet build Martin360.sln -c Debug -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; skipped=0; status=0
for project in tests/*/*.Tests.csproj; do
  log=$(mktemp)
  dotnet test "$project" --no-build -c Debug --nologo 2>&1 | tee "$log" | grep -E "^\s*(Failed|Passed|Skipped) |Error Message|Passed!|Failed!|error" | grep -vE "^\s*Passed " || true
  # A failed test's message (the lines under "Error Message:") says what went wrong; show the first few.
  grep -E -A4 "^\s*Error Message:" "$log" | grep -vE "^\s*Error Message:|^--$" | head -n 40 || true
  summary=$(grep -E "(Passed|Failed)!\s+- Failed:" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "$project: no test summary (the test host did not finish)"
    failed=$((failed + 1)); status=1
  else
    p=$(echo "$summary" | sed -E 's/.*Passed:\s*([0-9]+).*/\1/')
    f=$(echo "$summary" | sed -E 's/.*Failed:\s*([0-9]+),.*/\1/')
    s=$(echo "$summary" | sed -E 's/.*Skipped:\s*([0-9]+).*/\1/')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$f" -gt 0 ] && status=1
  fi
  grep -qE "Failed!|Test Run Aborted" "$log" && status=1
  rm -f "$log"
done

[ "$skipped" -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
exit $status
