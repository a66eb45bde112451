#!/usr/bin/env bash
# Runs the whole test suite (Swift Testing). Assumes `swift build --build-tests` has run.
# Tests start their own nats-server and Postgres in temporary directories.
#
# The full output goes to the terminal and to .build/test-output.log; when a test fails, the
# failures are repeated at the end, so the last lines of a CI log always say which test failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export SWIFT_DETERMINISTIC_HASHING=1

log=.build/test-output.log
mkdir -p .build
swift test --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "=== failed tests (full output in $log) ==="
    grep -E "✘|recorded an issue|Expectation failed|Caught error|error:|Fatal error" "$log" | grep -v "^.*✘ Test run with" | head -40
    grep -E "✘ Test run with" "$log" | tail -1
fi
exit "$status"
