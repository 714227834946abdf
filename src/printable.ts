/**
 * Text from mail, DNS, servers and file names is hostile: its control characters must never reach a terminal
 * (ESC sequences clear the screen or set the window title), a CI log (a newline starts a workflow command) or
 * a report, and bidi controls must not reorder what a reader sees. Every output passes such text through here.
 */
import { createRedactor } from './secrets.ts';

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

const CONTROL_RUNS = new RegExp(`${CONTROLS_AND_BREAKS.source}+`, 'g');

/**
 * What a server, an application or a library said, made safe to show on one line: secrets masked (in the forms
 * the shared redactor knows), anything after an AUTHENTICATE or LOGIN command word dropped (servers and
 * libraries sometimes echo the command), each run of control characters and line breaks one space, length capped.
 */
export function cleanText(text: string, secrets: Iterable<string> = [], max = 300): string {
  const said = createRedactor(secrets)(text).replace(/\b(AUTHENTICATE|LOGIN)\b\s+\S.*$/gim, '$1 ...');
  const out = said.replace(CONTROL_RUNS, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 3)}...` : out;
}
