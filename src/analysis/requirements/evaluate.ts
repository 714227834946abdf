import type { RequirementCheck } from '../types.ts';
import { CHECKS, type RequirementFacts } from './checks.ts';
import { ruleSets } from './rules.ts';

/**
 * Judges one message against the published rules of the named providers. Bulk-only rules are
 * `not-applicable` unless the mail is bulk; an evaluator that throws gives `unknown`, never a crash.
 */
export function evaluateRequirements(facts: RequirementFacts, sets: readonly string[], bulk: boolean): RequirementCheck[] {
  return ruleSets(sets).map((rule) => {
    const base = { id: rule.id, provider: rule.provider, appliesTo: rule.appliesTo, description: rule.description, source: rule.source };
    if (rule.appliesTo === 'bulk' && !bulk) return { ...base, status: 'not-applicable', detail: 'applies to bulk senders only' };
    try {
      return { ...base, ...CHECKS[rule.check](facts) };
    } catch (error) {
      return { ...base, status: 'unknown', detail: `could not be evaluated: ${(error as Error)?.message ?? error}` };
    }
  });
}
