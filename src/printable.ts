/**
 * Text from mail, DNS, servers and file names is hostile: its control characters must never reach a terminal
 * (ESC sequences clear the screen or set the window title), a CI log (a newline starts a workflow command) or
 * a report, and bidi controls must not reorder what a reader sees. Every output passes such text through here.
 */

/** C0 controls but tab and newline, DEL, C1, and the bidi marks, embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces control characters with U+FFFD, keeping tabs and newlines (for multi-line text we wrote). */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '\uFFFD');
}

/** One line of hostile text: control characters replaced, line breaks and tabs made spaces. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/[\r\n\t]+/g, ' ');
}

// eslint-disable-next-line no-control-regex
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line that shows what was there (`\x1b`, `\x0a`) instead of hiding it: for DNS data the user must go and fix. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS_AND_BREAKS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
