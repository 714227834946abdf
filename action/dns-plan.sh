#!/usr/bin/env bash
# landed dns plan over the proposed zones, replaying the newest placement run (whatever its expectations
# said); the plan goes to the job summary and, on a pull request from this repository, as a comment.
set -uo pipefail
if [ ! -d reports/runs ] && [ -n "${GH_TOKEN:-}" ] && command -v gh > /dev/null; then
  id=$(gh run list --workflow "${LANDED_PLACEMENT_WORKFLOW:-landed-placement.yml}" --branch "${LANDED_DEFAULT_BRANCH:-main}" \
    --status completed --limit 1 --json databaseId --jq '.[0].databaseId' 2> /dev/null || true)
  if [ -z "$id" ] || ! gh run download "$id" --name landed-runs --dir reports/runs; then
    echo "::warning::No landed-runs artifact from ${LANDED_PLACEMENT_WORKFLOW:-landed-placement.yml}: no route can be replayed."
  fi
fi
zones=()
while IFS= read -r file; do zones+=(--zone "$file"); done < <(find "${LANDED_ZONES:-dns}" -type f \( -name '*.zone' -o -name 'db.*' -o -name '*.yaml' -o -name '*.yml' \) | sort)
config=()
if [ -f "${LANDED_CONFIG:-landed.yaml}" ]; then config=(--config "${LANDED_CONFIG:-landed.yaml}"); fi
rm -f plan.md
landed dns plan "${zones[@]}" "${config[@]}" --reports reports --markdown plan.md 2> plan.err
code=$?
cat plan.err >&2
if [ ! -s plan.md ]; then
  { echo '## landed dns plan: could not judge the proposal'; echo; echo '````text'; sed 's/`/'"'"'/g' plan.err; echo '````'; } > plan.md
fi
cat plan.md >> "$GITHUB_STEP_SUMMARY"
echo "code=$code" >> "$GITHUB_OUTPUT"
# A fork's token is read-only: no comment there.
if [ -n "${LANDED_PR:-}" ] && [ "${LANDED_PR_REPO:-}" = "${GITHUB_REPOSITORY:-}" ] && command -v gh > /dev/null; then
  gh pr comment "$LANDED_PR" --body-file plan.md --edit-last --create-if-none || gh pr comment "$LANDED_PR" --body-file plan.md || true
fi
exit "$code"
