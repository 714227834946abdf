/**
 * A minimal XML reader for DMARC aggregate reports: elements, text, CDATA, comments, the XML declaration,
 * the five predefined entities and character references. Nothing else: a DOCTYPE (where entity
 * declarations, "billion laughs" expansion and external entities live) is refused outright, so no entity is
 * ever expanded and nothing is ever fetched. Attributes are skipped: the report schemas carry none we read.
 * Namespace prefixes are dropped from names (RFC 9990 reports may qualify every element).
 */
import { ReportProblem } from './problem.ts';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own character data, entities decoded, not trimmed. */
  text: string;
}

const MAX_DEPTH = 32;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new ReportProblem(`invalid XML at line ${lineOf(source, at)}: ${message}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > i) {
      const raw = source.slice(i, textEnd);
      if (stack.length) stack[stack.length - 1].text += decodeText(raw, i, fail);
      else if (raw.trim()) fail('text outside the root element', i);
    }
    if (lt === -1) break;
    i = lt;
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end === -1) fail('unterminated processing instruction');
      checkDeclaration(source.slice(i, end + 2), fail);
      i = end + 2;
    } else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      if (end === -1) fail('unterminated CDATA section');
      if (!stack.length) fail('CDATA outside the root element');
      stack[stack.length - 1].text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', i)) {
      fail('a DOCTYPE or other declaration: refused (entity expansion and external entities are never processed)');
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      if (end === -1) fail('unterminated end tag');
      const name = localName(source.slice(i + 2, end).trim());
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`);
      if (open!.name !== name) fail(`end tag </${name}> closes <${open!.name}>`);
      i = end + 1;
    } else {
      const end = tagEnd(source, i);
      if (end === -1) fail('unterminated start tag');
      const selfClosing = source[end - 1] === '/';
      const inner = source.slice(i + 1, selfClosing ? end - 1 : end);
      const match = /^([A-Za-z_][\w.:-]*)(\s|$)/.exec(inner);
      if (!match) fail('a start tag without a valid name');
      const element: XmlElement = { name: localName(match![1]), children: [], text: '' };
      if (stack.length) stack[stack.length - 1].children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
        stack.push(element);
      }
      i = end + 1;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is never closed (truncated file?)`, source.length);
  if (!root) fail('no root element', 0);
  return root!;
}

/** The `>` that ends a start tag, skipping quoted attribute values (which may hold `>`). */
function tagEnd(source: string, from: number): number {
  let quote = '';
  for (let j = from + 1; j < source.length; j++) {
    const c = source[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') return -1;
  }
  return -1;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function decodeText(raw: string, at: number, fail: (message: string, at?: number) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) return fail(`a bare "&" (write &amp;)`, at);
    if (PREDEFINED[name]) return PREDEFINED[name];
    const code = /^#x[0-9a-f]{1,6}$/i.test(name) ? parseInt(name.slice(2), 16) : /^#\d{1,7}$/.test(name) ? Number(name.slice(1)) : NaN;
    if (Number.isNaN(code)) return fail(`the entity &${name}; is not defined (only the five XML entities and character references are read)`, at);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return fail(`&${name}; is not a character`, at);
    return String.fromCodePoint(code);
  });
}

function checkDeclaration(pi: string, fail: (message: string) => never): void {
  if (!/^<\?xml\s/i.test(pi)) return;
  const encoding = /encoding\s*=\s*["']([^"']*)["']/i.exec(pi)?.[1];
  if (encoding && !/^(utf-?8|us-ascii)$/i.test(encoding)) fail(`encoding "${encoding}" is not read (reports are UTF-8)`);
}

function lineOf(source: string, at: number): number {
  let line = 1;
  for (let j = source.indexOf('\n'); j !== -1 && j < at; j = source.indexOf('\n', j + 1)) line++;
  return line;
}

/** The first child called `name`, or undefined. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** Trimmed text at a path of child names, or undefined when an element is missing or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const name of path) current = child(current, name);
  const text = current?.text.trim();
  return text ? text : undefined;
}
