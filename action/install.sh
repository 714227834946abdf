#!/usr/bin/env bash
# The action's own copy of landed, at the action's version: its production dependencies only, run from its
# sources by the Node 24 that setup-node installed (the action's folder is not under node_modules, so Node
# strips the types itself); `landed` is put on the PATH of the following steps.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
echo "$GITHUB_ACTION_PATH/bin" >> "$GITHUB_PATH"
ln -sf landed.js "$GITHUB_ACTION_PATH/bin/landed"
