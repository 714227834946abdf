#!/usr/bin/env bash
# landed seeds check, its output also in the job summary. A failing seed fails this job; the caller's run
# jobs go on (`if: !cancelled()`), so the run shows the seed as an error cell and the merge alerts on it.
set -uo pipefail
landed seeds check --config "${LANDED_CONFIG:-landed.yaml}" > seeds.txt 2>&1
code=$?
cat seeds.txt
{
  if [ "$code" -eq 0 ]; then echo '## landed seeds check: ✅ every seed usable'; else echo "## landed seeds check: ❌ failed (exit $code)"; fi
  echo
  echo '````text'
  # Server answers are data: no line may close the fence.
  sed 's/`/'"'"'/g' seeds.txt
  echo '````'
} >> "$GITHUB_STEP_SUMMARY"
echo "code=$code" >> "$GITHUB_OUTPUT"
exit "$code"
