#!/usr/bin/env bash
# The shards into one run: job summary and annotations (github reporter), JUnit, Markdown and HTML; the run
# added to the history kept on a branch (one force-pushed commit holding history.sqlite: it lasts, unlike a
# cache or an artifact, and the repository does not grow), the trend report, alerts; landed-site/ assembled.
set -uo pipefail
run_id="${LANDED_RUN_ID:-gh-${GITHUB_RUN_ID:-local}-${GITHUB_RUN_ATTEMPT:-1}}"
branch="${LANDED_HISTORY_BRANCH:-landed-history}"
shards="${LANDED_SHARDS_DIR:-landed-shards}"
mkdir -p reports
if git fetch --quiet --depth 1 origin "$branch" 2>/dev/null; then
  git show FETCH_HEAD:history.sqlite > reports/history.sqlite
else
  echo "::notice::No $branch branch yet: this run starts the history."
fi
alert=()
if [ -n "${LANDED_ALERT_WEBHOOK:-}" ]; then alert=(--alert "${LANDED_ALERT_FORMAT:-slack}"); fi
landed merge "$shards" --run-id "$run_id" --out "reports/runs/$run_id" \
  --reporter console --reporter github --reporter junit --reporter markdown --reporter html \
  --history reports/history.sqlite "${alert[@]}"
code=$?
echo "code=$code" >> "$GITHUB_OUTPUT"
if [ ! -f "reports/runs/$run_id/results.json" ]; then exit "$code"; fi
echo "run-dir=reports/runs/$run_id" >> "$GITHUB_OUTPUT"

landed report --trend --since 90d --history reports/history.sqlite --out reports || exit $?
export GIT_AUTHOR_NAME=landed GIT_AUTHOR_EMAIL=landed@users.noreply.github.com
export GIT_COMMITTER_NAME=landed GIT_COMMITTER_EMAIL=landed@users.noreply.github.com
blob=$(git hash-object -w reports/history.sqlite)
tree=$(printf '100644 blob %s\thistory.sqlite\n' "$blob" | git mktree)
commit=$(git commit-tree "$tree" -m "landed history after run $run_id")
git push --quiet --force origin "$commit:refs/heads/$branch" || exit $?

mkdir -p "landed-site/runs/$run_id"
cp reports/trend.html landed-site/index.html
cp "reports/runs/$run_id/report.html" "landed-site/runs/$run_id/report.html"
exit "$code"
