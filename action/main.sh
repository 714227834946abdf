#!/usr/bin/env bash
# Dispatches the action's `command` input to its script; anything else is a mistake in the caller's workflow.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
case "${LANDED_COMMAND:-}" in
  run | seeds-check | merge | dns-plan) exec bash "$here/$LANDED_COMMAND.sh" ;;
  *)
    echo "::error::landed action: unknown command '${LANDED_COMMAND:-}' (one of: run, seeds-check, merge, dns-plan)"
    exit 2
    ;;
esac
