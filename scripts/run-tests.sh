#!/usr/bin/env bash
# Runs the whole test suite (Swift Testing). Assumes `swift build --build-tests` has run.
# Tests start their own nats-server and Postgres in temporary directories.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_DETERMINISTIC_HASHING=1

exec swift test --skip-build "$@"
