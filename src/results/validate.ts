/**
 * The shape checks of a results.json read back (import, merge, report, dns plan): a file from another machine
 * or an old artifact is input like any other. Every problem is named by its field path, so the user can find
 * it; a run id is checked like --run-id because it names folders.
 */
const PLACEMENTS = ['inbox', 'spam', 'rejected', 'missing', 'error', 'interrupted'];

/** A run id names a folder and goes into reports: letters, digits, dot, dash, underscore; never a path. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

type Check = (value: unknown) => string | undefined;
const string: Check = (v) => (typeof v === 'string' ? undefined : 'not a string');
const number: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'not a number');
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'not true or false');
const list: Check = (v) => (Array.isArray(v) ? undefined : 'not a list');
const object: Check = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'not an object');
const oneOf = (values: string[]): Check => (v) => (typeof v === 'string' && values.includes(v) ? undefined : `not one of ${values.join(', ')}`);
const runId: Check = (v) => string(v) ?? (RUN_ID_PATTERN.test(v as string) ? undefined : 'not a run id (letters, digits, ".", "_" and "-"; never a path)');

function fields(value: Record<string, unknown>, at: string, required: Record<string, Check>, optional: Record<string, Check> = {}): string[] {
  const problems: string[] = [];
  for (const [key, check] of Object.entries(required)) {
    const problem = value[key] === undefined ? 'missing' : check(value[key]);
    if (problem) problems.push(`${at}${key}: ${problem}`);
  }
  for (const [key, check] of Object.entries(optional)) {
    const problem = value[key] === undefined ? undefined : check(value[key]);
    if (problem) problems.push(`${at}${key}: ${problem}`);
  }
  return problems;
}

/** Every problem of the run's shape, as `field.path: what is wrong`; empty when it is a results file. */
export function resultsProblems(data: Record<string, unknown>): string[] {
  const problems = fields(data, '', { runId, startedAt: string, finishedAt: string, status: string, config: object, probes: list }, { shard: object });
  if (!object(data.config)) problems.push(...fields(data.config as Record<string, unknown>, 'config.', { scenarios: list }, { file: string, routes: list, seeds: list }));
  if (!Array.isArray(data.probes)) return problems;
  data.probes.forEach((probe: unknown, i) => {
    const at = `probes[${i}].`;
    if (object(probe)) return problems.push(`probes[${i}]: not an object`);
    const p = probe as Record<string, unknown>;
    problems.push(
      ...fields(
        p,
        at,
        { id: string, scenario: string, route: string, seed: string, provider: string, placement: oneOf(PLACEMENTS), smtp: object, auth: object, notes: list, expectations: list },
        { token: string, folder: string, messageFile: string, error: string, latencyMs: number, receivedAt: string, bounce: object, analysis: object },
      ),
    );
    if (!object(p.smtp)) problems.push(...fields(p.smtp as Record<string, unknown>, `${at}smtp.`, {}, { code: number, status: string, response: string, attempts: number, retries: list }));
    if (Array.isArray(p.expectations))
      p.expectations.forEach((e: unknown, j) => {
        if (object(e)) problems.push(`${at}expectations[${j}]: not an object`);
        else problems.push(...fields(e as Record<string, unknown>, `${at}expectations[${j}].`, { check: string, expected: string, actual: string, ok: boolean }));
      });
  });
  return problems;
}
