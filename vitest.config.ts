import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // rspamd's pattern cache, built once before the tests that start rspamd (runs, the lab, landed score).
    globalSetup: ['test/content/warm-rspamd.ts'],
    // Integration tests start real servers (Dovecot, NSD, SMTP); two cores are shared with them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // node:sqlite (the history) still announces itself as experimental on Node 24; the CLI entry point
    // drops that one warning, and test workers are started without it.
    execArgv: ['--disable-warning=ExperimentalWarning'],
  },
});
