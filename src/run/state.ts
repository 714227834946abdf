import type { Probe } from '../plan/plan.ts';
import type { BounceOutcome, DuplicateCopy, Placement } from '../results/types.ts';
import type { SendOutcome } from '../routes/route.ts';
import type { JournalEntry } from './journal.ts';

/** Where one probe stands during the run; rebuilt from the journal on resume. */
export interface ProbeState {
  probe: Probe;
  sent?: SendOutcome;
  /** MAIL FROM and the From address the probe was sent with (absent in journals of older runs). */
  envelope?: { mailFrom: string; from?: string; messageId?: string };
  found?: Extract<JournalEntry, { type: 'found' }>;
  bounce?: BounceOutcome;
  /** Set once the probe's outcome is known; nothing changes it afterwards. */
  final?: { placement: Placement; error?: string };
  /** When to stop waiting for it (SMTP acceptance + the scenario's timeout). */
  deadline?: number;
  /** Further copies of the probe that arrived after the first (a message sent twice). */
  copies?: DuplicateCopy[];
  /** The server's EXISTS -> the found probe on disk in the journal, ms (this process's own measurement). */
  detectionMs?: number;
  notes: string[];
}

export type RunStates = Map<string, ProbeState>;

/**
 * Applies journal entries in order; the same function serves the live run and a resume. `now` starts the wait
 * of a probe whose send is uncertain (no acceptance time to count from).
 */
export function apply(states: RunStates, entry: JournalEntry, now = Date.now()): void {
  if (entry.type === 'planned') {
    states.set(entry.probe.id, { probe: entry.probe, notes: [] });
    return;
  }
  if (entry.type === 'begin' || entry.type === 'resumed') return;
  const state = states.get(entry.id);
  if (!state) return;
  switch (entry.type) {
    case 'sent':
      state.sent = entry.outcome;
      if (entry.envelopeFrom !== undefined) state.envelope = { mailFrom: entry.envelopeFrom, from: entry.from, messageId: entry.messageId };
      if (entry.outcome.smtp.acceptedAt || entry.outcome.status === 'uncertain') {
        state.deadline = (entry.outcome.smtp.acceptedAt ? Date.parse(entry.outcome.smtp.acceptedAt) : now) + state.probe.timeoutMs;
      }
      break;
    case 'found':
      state.found = entry;
      break;
    case 'bounced':
      // A notification that is not trusted is kept as a note; it decides nothing.
      if (entry.bounce.untrusted) state.notes.push(`ignored a bounce (${entry.bounce.status ?? entry.bounce.diagnostic.slice(0, 80)}) from ${entry.bounce.reportingMta ?? 'an unknown MTA'}: ${entry.bounce.untrusted}`);
      else state.bounce = entry.bounce;
      break;
    case 'copy':
      state.copies = [...(state.copies ?? []), entry.copy];
      break;
    case 'final':
      state.final = { placement: entry.placement, error: entry.error };
      break;
  }
}

/** Probes the run still has to send, and probes it still waits for. */
export function pending(states: RunStates): { toSend: ProbeState[]; waiting: ProbeState[] } {
  const toSend: ProbeState[] = [];
  const waiting: ProbeState[] = [];
  for (const state of states.values()) {
    if (state.final) continue;
    if (!state.sent) toSend.push(state);
    else waiting.push(state);
  }
  return { toSend, waiting };
}

/** What a probe's final placement is once its mailbox (or bounce) says where it is. */
export function placementOf(state: ProbeState): Placement | undefined {
  if (state.final) return state.final.placement;
  if (state.found) return state.found.placement;
  if (state.bounce) return 'rejected';
  return undefined;
}
