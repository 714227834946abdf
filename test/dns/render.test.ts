import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../src/dns-plan/render-markdown.ts';
import { renderFindingsText } from '../../src/dns/render/text.ts';
import { renderPlanText } from '../../src/dns-plan/render-text.ts';
import type { DnsPlan } from '../../src/dns-plan/types.ts';
import type { Finding } from '../../src/dns/types.ts';
import { palette } from '../../src/text/colour.ts';

// Text that came from someone else's DNS: a TXT record can hold anything.
const hostile: Finding = {
  id: 'spf.syntax', domain: 'acme.test', severity: 'error', check: 'spf',
  message: 'acme.test: "x|y<script>\u001b[2J" is not a valid SPF term', breaks: 'SPF permerror', fix: 'Correct the record',
};

const plan: DnsPlan = {
  zones: [{ origin: 'acme.test', file: 'dns/acme.test.zone', format: 'bind', records: 3 }],
  run: { runId: 'r1', startedAt: '2026-01-01T00:00:00Z' },
  domains: ['acme.test'],
  rows: [{ route: 'relay', provider: 'gmail', probes: ['s/relay/g'], spf: { before: 'pass', after: 'fail' }, dkim: { before: 'pass', after: 'pass' }, dmarc: { before: 'pass', after: 'pass' }, regression: true, improvement: false, notes: [] }],
  untouchedRoutes: [],
  findings: { added: [hostile], removed: [], unchanged: 0 },
  notJudged: [],
  regressions: ['relay at gmail (s/relay/g): SPF pass → fail'],
};

describe('plan and findings rendering', () => {
  it('never prints control characters from DNS data to the terminal', () => {
    const text = renderFindingsText([hostile], palette(false, {}));
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('\\x1b[2J');
  });

  it('prints the table with before → after and the verdict', () => {
    const text = renderPlanText(plan, palette(false, {}));
    expect(text).toContain('relay  gmail     pass → fail  pass  pass   REGRESSION');
    expect(text).toContain('1 regression(s): this change breaks mail that works today.');
  });

  it('escapes record text in Markdown so it cannot break the table or inject HTML', () => {
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('| relay | gmail | **pass → fail** | pass | pass | ❌ |');
    expect(md).toContain('x\\|y&lt;script&gt;');
    expect(md).not.toContain('<script>');
  });
});
