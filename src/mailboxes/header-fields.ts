/**
 * The few header fields a watcher reads before it knows what a message is (its token, whether it is a bounce):
 * from the start of the message, or from a FETCH of some header fields, unfolded. A full header parser lives
 * in analysis/message, for what is kept; this reads only what the server already sent.
 */

/** The header block at the start of `raw` (what comes before the first empty line), folded lines joined. */
export function unfoldedHeader(raw: Buffer): string {
  const ends = [raw.indexOf('\n\n'), raw.indexOf('\n\r\n')].filter((at) => at >= 0);
  return raw.toString('utf8', 0, ends.length > 0 ? Math.min(...ends) : raw.length).replace(/\r?\n[ \t]+/g, ' ');
}

/** The values of every field with this name in an unfolded header block, in order. */
export function headerFields(header: string, name: string): string[] {
  return Array.from(header.matchAll(new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'gim')), (m) => m[1]!);
}
