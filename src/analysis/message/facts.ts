import { cap, capPrintable, LIMITS } from '../limits.ts';
import type { MessageSummary } from '../types.ts';
import { domainOf } from '../../address.ts';
import { extractAddresses, parsePathAddress } from './address.ts';
import { decodeEncodedWords } from '../../text/encoded-words.ts';
import type { HeaderField } from './headers.ts';

/** What the sender requirements look at in the header, beyond authentication. */
export interface MessageFacts {
  summary: MessageSummary;
  /** How many times each origination field occurs (RFC 5322 section 3.6 allows one each). */
  counts: { from: number; date: number; messageId: number; sender: number; to: number; subject: number };
  fromAddresses: string[];
  dateValid: boolean;
  messageIdValid: boolean;
  listUnsubscribe?: string;
  listUnsubscribePost?: string;
}

export function readMessageFacts(fields: HeaderField[], sizeBytes: number): MessageFacts {
  const first = (key: string) => fields.find((f) => f.key === key)?.value;
  const count = (key: string) => fields.filter((f) => f.key === key).length;
  const fromValue = first('from') ?? '';
  const fromAddresses = extractAddresses(fromValue).map((a) => cap(a, LIMITS.short)).slice(0, 10);
  const summary: MessageSummary = { sizeBytes };
  if (fromValue) summary.from = capPrintable(decodeEncodedWords(fromValue), LIMITS.short);
  const fromDomain = domainOf(fromAddresses[0]);
  if (fromDomain) summary.fromDomain = fromDomain;
  const subject = first('subject');
  if (subject !== undefined) summary.subject = capPrintable(decodeEncodedWords(subject), LIMITS.line);
  const date = first('date');
  if (date !== undefined) summary.date = capPrintable(date, LIMITS.short);
  const messageId = first('message-id');
  if (messageId !== undefined) summary.messageId = capPrintable(messageId, LIMITS.short);
  const returnPath = first('return-path');
  const mailFrom = returnPath === undefined ? undefined : parsePathAddress(returnPath);
  if (mailFrom !== undefined) summary.returnPath = cap(mailFrom, LIMITS.short);
  const facts: MessageFacts = {
    summary,
    counts: { from: count('from'), date: count('date'), messageId: count('message-id'), sender: count('sender'), to: count('to'), subject: count('subject') },
    fromAddresses,
    dateValid: date !== undefined && Number.isFinite(Date.parse(date.replace(/\([^)]*\)/g, ' '))),
    messageIdValid: messageId !== undefined && /^<[^<>\s@]+@[^<>\s@]+>$/.test(messageId.trim()),
  };
  const unsubscribe = first('list-unsubscribe');
  if (unsubscribe !== undefined) facts.listUnsubscribe = cap(unsubscribe, LIMITS.line);
  const post = first('list-unsubscribe-post');
  if (post !== undefined) facts.listUnsubscribePost = cap(post, LIMITS.short);
  return facts;
}
