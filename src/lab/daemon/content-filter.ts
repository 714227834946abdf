import { ContentScorer } from '../../content/scorer.ts';
import { verdictFor } from '../../content/thresholds.ts';
import type { ContentScore, Thresholds } from '../../content/types.ts';
import { findProgram } from '../packages.ts';

/**
 * Each lab provider's content thresholds (the README's lab table): strict refuses what rspamd would refuse
 * and junks from its "add header" score; bulk junks a little earlier, like Yahoo; the old ISP is lenient.
 * The mail host (the senders' own mailboxes) judges no content. No `greylist` step: the greylist knob does that.
 */
export const LAB_CONTENT_THRESHOLDS: Record<string, Thresholds> = {
  strict: { greylist: Infinity, junk: 6, reject: 15 },
  bulk: { greylist: Infinity, junk: 5, reject: Infinity },
  isp: { greylist: Infinity, junk: 8, reject: Infinity },
};

export type ContentJudgement = { action: 'inbox' | 'junk' | 'reject'; score: ContentScore; header: string };

/**
 * The lab providers' content filter: the same scorer as `landed score` (one private rspamd for the whole
 * lab, started at the first message so `lab up` stays fast, stopped with the lab). Without rspamd the lab
 * still runs and says once, in its log, that content is not judged.
 */
export class LabContentFilter {
  #scorer?: Promise<ContentScorer | undefined>;
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  async judge(providerId: string, raw: Buffer, envelope: { from: string; to: string }): Promise<ContentJudgement | undefined> {
    const thresholds = LAB_CONTENT_THRESHOLDS[providerId];
    if (!thresholds) return undefined;
    const scorer = await (this.#scorer ??= this.#find());
    if (!scorer) return undefined;
    try {
      const score = await scorer.score(raw, { mailFrom: envelope.from, rcptTo: envelope.to });
      const verdict = verdictFor(score.score, thresholds);
      const action = verdict === 'refused' ? 'reject' : verdict === 'junk' ? 'junk' : 'inbox';
      return { action, score, header: spamdResult(score, thresholds, action) };
    } catch (error) {
      this.#log(`content filter: ${(error as Error).message}; message filed on authentication alone`);
      return undefined;
    }
  }

  async close(): Promise<void> {
    await (await this.#scorer)?.close();
  }

  async #find(): Promise<ContentScorer | undefined> {
    const binary = await findProgram('rspamd');
    if (!binary) this.#log('content filter: rspamd is not installed (apt-get install -y rspamd): content is not judged');
    return binary ? new ContentScorer({ binary }) : undefined;
  }
}

/** The verdict as rspamd's own milter header writes it, so landed's analysis reads it like a real receiver's. */
function spamdResult(score: ContentScore, t: Thresholds, action: string): string {
  // Folded one symbol per line, at most 20: a header line stays far below 998 characters.
  const symbols = score.symbols.slice(0, 20).map((s) => `${s.name}(${s.score.toFixed(2)})`).join(';\r\n\t');
  const spam = action === 'inbox' ? 'False' : 'True';
  return `X-Spamd-Result: default: ${spam} [${score.score.toFixed(2)} / ${t.junk.toFixed(2)}]${symbols ? `; ${symbols}` : ''}\r\n`;
}
