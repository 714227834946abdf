import { verdictFor } from './thresholds.ts';
import type { ScenarioContent } from './types.ts';

/** `landed score`'s text: per scenario the score against the thresholds, then every rule that counted. */
export function renderContent(items: ScenarioContent[]): string {
  const out: string[] = [];
  for (const item of items) {
    if (!item.result) {
      out.push(`${item.scenario} (route ${item.route}): not scored: ${item.error ?? 'unknown reason'}`, '');
      continue;
    }
    const { score, thresholds: t, symbols, scorer, action } = item.result;
    const verdict = verdictFor(score, t);
    const expect = item.expectation ? `; expected at most ${item.expectation.max}: ${item.expectation.ok ? 'ok' : 'FAILED'}` : '';
    out.push(`${item.scenario} (route ${item.route}): score ${score} (${scorer}: ${action}) -> ${verdict}${expect}`);
    out.push(`  thresholds: greylist ${t.greylist}, junk ${t.junk}, refuse ${t.reject}`);
    if (!symbols.some((s) => s.score > 0)) out.push('  no finding: nothing to change');
    for (const s of symbols) {
      const details = s.details.length ? ` [${s.details.join(', ')}]` : '';
      out.push(`  ${s.score >= 0 ? '+' : ''}${s.score.toFixed(2)}  ${s.name}: ${s.meaning}${details}`);
      if (s.fix && s.score > 0) out.push(`         fix: ${s.fix}`);
    }
    out.push('');
  }
  return out.join('\n');
}
