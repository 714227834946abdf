import { oneLine } from '../printable.ts';

/**
 * Markdown text that stays text: GitHub renders inline HTML in summaries and comments, so mail content
 * must not bring tags, links, emphasis or table pipes of its own. One line, capped.
 */
export function mdText(value: string, max = 300): string {
  const flat = oneLine(value);
  const capped = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return capped
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** `code` that cannot be closed early by a backtick in the value. */
export function mdCode(value: string): string {
  return `\`${oneLine(value).replace(/`/g, "'")}\``;
}
