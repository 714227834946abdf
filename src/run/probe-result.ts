import type { ProbeResult } from '../results/types.ts';
import type { ProbeState } from './state.ts';

/**
 * A probe's result as far as it is known now (what progress reporters see). At the end the Analyser adds the
 * analysis and the run judges the expectations, once, on that final result.
 */
export function toProbeResult(state: ProbeState): ProbeResult {
  const { probe, sent, found, bounce, final } = state;
  const acceptedAt = sent?.smtp.acceptedAt;
  const placement = final?.placement ?? found?.placement ?? 'missing';
  const latencyMs = found && acceptedAt ? Math.max(0, Date.parse(found.receivedAt) - Date.parse(acceptedAt)) : undefined;
  const error = final?.error ?? found?.error ?? (sent?.status === 'uncertain' ? sent.error : undefined);
  return {
    id: probe.id,
    scenario: probe.scenario,
    route: probe.route,
    seed: probe.seed,
    provider: probe.provider,
    token: probe.token,
    placement,
    ...(state.envelope ? { envelopeFrom: state.envelope.mailFrom, ...(state.envelope.from ? { from: state.envelope.from } : {}) } : {}),
    folder: found?.folder,
    tab: found?.tab as ProbeResult['tab'],
    smtp: sent?.smtp ?? { attempts: 0, retries: [] },
    bounce,
    receivedAt: found?.receivedAt,
    latencyMs,
    detectionMs: state.detectionMs,
    auth: { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' },
    messageFile: found?.messageFile,
    error,
    notes: [...state.notes, ...(found && bounce ? [`a bounce came back (${bounce.status ?? bounce.diagnostic.slice(0, 80)}), yet the message was delivered: the delivery counts`] : [])],
    expectations: [],
    ...(sent?.status === 'accepted' && sent.stages ? { stages: [...sent.stages] } : {}),
    ...(state.copies?.length ? { duplicates: [...state.copies] } : {}),
  };
}
