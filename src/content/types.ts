/** What a content scorer said about one message: part of results.json (`content` per scenario). */

/** The scores at which a receiver acts, rspamd's stock actions unless a provider says otherwise. */
export interface Thresholds {
  /** Greylisted (a soft, temporary refusal) from this score. */
  greylist: number;
  /** Marked as spam (junk folder) from this score. */
  junk: number;
  /** Refused from this score. */
  reject: number;
}

export interface ContentSymbol {
  /** The filter's rule name, e.g. MIME_HTML_ONLY. */
  name: string;
  score: number;
  /** What the rule saw, in plain words. */
  meaning: string;
  /** What to change in the message, when something can be. */
  fix?: string;
  /** Details the filter gave (the shortener's host name...), capped and printable. */
  details: string[];
}

export interface ContentScore {
  /** Filter and version, e.g. "rspamd 3.4". */
  scorer: string;
  score: number;
  /** The filter's own action at its stock thresholds: no action, greylist, add header, reject. */
  action: string;
  thresholds: Thresholds;
  /** Every rule that counted (score not 0), highest first. */
  symbols: ContentSymbol[];
  /** Time the filter took for this message, in ms. */
  elapsedMs: number;
  /**
   * Set when this is an earlier run's score for the very same message, envelope and scorer (landed run keeps
   * scores for a week): when that run scored it. The filter was not asked again.
   */
  reusedFrom?: string;
}

/** One scenario's message, scored before anything is sent. */
export interface ScenarioContent {
  scenario: string;
  /** The route whose From the scored message carried (the first of the scenario's routes). */
  route: string;
  result?: ContentScore;
  /** Why it could not be scored (already redacted). */
  error?: string;
  /** The scenario's `expect.maxContentScore`, judged. */
  expectation?: { max: number; ok: boolean };
}
