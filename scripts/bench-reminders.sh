#!/usr/bin/env bash
# Measures the delay between a reminder's due time and its Notify call on the session bus,
# through the real app with its window hidden (about two minutes). Prints each delay and
# min / median / max.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/e2e.sh reminder_delay_figures --ignored 2>&1 | grep -E "Notify .* after due|reminder delay over|test result: .* [1-9] passed|FAILED|panicked"
