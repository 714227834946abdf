/** `landed dns plan` as data: what the proposal changes for each route at each provider, and in the findings. */
import type { Finding } from '../dns/types.ts';

/** The verdicts mailauth gives one captured message against one DNS. */
export interface ReplayVerdicts {
  spf: string;
  dkim: string;
  dmarc: string;
  /** What the DMARC policy makes receivers do with this message: none (deliver), quarantine, reject. */
  disposition: 'none' | 'quarantine' | 'reject';
  signatures: Array<{ domain: string; selector: string; result: string }>;
  /** The From header's domain (the DMARC author domain). */
  headerFrom?: string;
}

export interface VerdictChange {
  before: string;
  after: string;
}

export interface PlanRow {
  route: string;
  provider: string;
  /** Probe ids whose messages were replayed for this row. */
  probes: string[];
  spf: VerdictChange;
  dkim: VerdictChange;
  dmarc: VerdictChange;
  /** A pass that is no longer a pass, or a DMARC disposition that got stricter. */
  regression: boolean;
  /** Something that did not pass and now does. */
  improvement: boolean;
  notes: string[];
}

export interface FindingsDiff {
  added: Finding[];
  removed: Finding[];
  /** How many findings the proposal leaves as they are. */
  unchanged: number;
}

export interface ZoneSummary {
  origin: string;
  file: string;
  format: string;
  records: number;
}

export interface DnsPlan {
  zones: ZoneSummary[];
  run?: { runId: string; startedAt: string };
  /** Domains whose posture was compared. */
  domains: string[];
  /** Routes x providers whose messages involve a domain (or sending address) the proposal covers. */
  rows: PlanRow[];
  /** Routes replayed but left out of `rows`: nothing in the proposal applies to their messages. */
  untouchedRoutes: string[];
  findings: FindingsDiff;
  /** What the plan could not judge, and why. */
  notJudged: string[];
  /**
   * Set when a replay was wanted and there was no run to replay: no route was judged, so "no regression" would
   * be an all-clear the plan did not earn. Absent when a run was replayed or the records alone were asked for.
   */
  notReplayed?: string;
  /** One line per regression; empty when the change is safe as far as landed can tell. */
  regressions: string[];
}
