import type { AppKnobs, MtaKnobs, ProviderKnobs } from '../types.ts';
import { ControlError } from './control-server.ts';

type Check = (value: unknown) => boolean;

const nonNegative: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 3_600_000;
const PROVIDER: Record<keyof ProviderKnobs, Check> = {
  greylist: (v) => typeof v === 'boolean',
  greylistMs: nonNegative,
  deliveryDelayMs: nonNegative,
  unavailable: (v) => v === false || v === '421' || v === 'refuse',
  enforceDmarc: (v) => typeof v === 'boolean',
};
const MTA: Record<keyof MtaKnobs, Check> = {
  dropNextData: (v) => v === false || v === 'discard' || v === 'deliver',
  signListUnsubscribePost: (v) => typeof v === 'boolean',
};

const count: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000;
const APP: Record<keyof AppKnobs, Check> = {
  workerStopped: (v) => typeof v === 'boolean',
  dropNext: count,
  duplicateNext: count,
};

/** Applies a knob change from the control channel, refusing unknown knobs and wrong values as a whole. */
export function patchKnobs<T extends object>(kind: 'provider' | 'mta' | 'app', current: T, patch: Record<string, unknown>): T {
  const checks: Record<string, Check> = kind === 'provider' ? PROVIDER : kind === 'mta' ? MTA : APP;
  const problems = Object.entries(patch)
    .filter(([key, value]) => !checks[key]?.(value))
    .map(([key, value]) => (checks[key] ? `${key}: ${JSON.stringify(value)} is not a valid value` : `${key}: no such ${kind} knob`));
  if (problems.length) throw new ControlError(400, problems.join('; '));
  return { ...current, ...patch };
}
