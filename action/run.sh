#!/usr/bin/env bash
# One shard of the plan. Broken expectations (1) and an interruption (3) are the merge's to report, so this
# job stays green for them; anything else (bad config, a crash) fails it.
set -uo pipefail
shard="${LANDED_SHARD:-1/1}"
index="${shard%%/*}"
out="landed-shard-$index"
run_id="${LANDED_RUN_ID:-gh-${GITHUB_RUN_ID:-local}-${GITHUB_RUN_ATTEMPT:-1}}"
# shellcheck disable=SC2086 # LANDED_SCENARIOS is a list of files
landed run ${LANDED_SCENARIOS:-} --config "${LANDED_CONFIG:-landed.yaml}" --shard "$shard" --run-id "$run_id" --out "$out" --reporter console
code=$?
{ echo "code=$code"; echo "out=$out"; echo "shard-index=$index"; } >> "$GITHUB_OUTPUT"
if [ "$code" -eq 0 ] || [ "$code" -eq 1 ] || [ "$code" -eq 3 ]; then exit 0; fi
exit "$code"
