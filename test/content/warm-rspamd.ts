/**
 * vitest globalSetup: builds rspamd's compiled-pattern cache once before any test (25 s of CPU on an idle
 * machine the first time, minutes on a busy one), so no test that runs `landed run` or the lab pays it
 * inside its own timeout. Without rspamd it does nothing: the tests that need it say so themselves.
 */
import { existsSync } from 'node:fs';
import { ContentScorer } from '../../src/content/scorer.ts';

export default async function warmRspamd(): Promise<void> {
  if (!existsSync('/usr/bin/rspamd')) return;
  const scorer = new ContentScorer({ binary: '/usr/bin/rspamd' });
  try {
    await scorer.score(Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: warm-up\r\n\r\nwarm-up\r\n'));
  } finally {
    await scorer.close();
  }
}
