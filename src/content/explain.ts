import { capPrintable, LIMITS } from '../analysis/limits.ts';

/** Plain words for the rules that matter most to a sender, and what to change. Others use rspamd's own words. */
const KNOWN: Record<string, { meaning: string; fix?: string }> = {
  GTUBE: { meaning: 'the message contains the GTUBE test string, which every filter refuses', fix: 'remove the GTUBE string (it is only for testing filters)' },
  LANDED_TEST_SPAM: { meaning: "the message contains landed's test spam marker", fix: 'remove LANDED-TEST-SPAM-MARKER (it is only for testing)' },
  LANDED_URL_SHORTENER: { meaning: 'links go through a URL shortener, which hides where they lead', fix: 'link to your own domain directly' },
  LANDED_BULK_NO_LIST_UNSUBSCRIBE: { meaning: 'bulk mail without a List-Unsubscribe header', fix: 'add List-Unsubscribe with an https: URL (and a mailto:)' },
  LANDED_BULK_NO_ONE_CLICK: { meaning: 'bulk mail without one-click unsubscribe (RFC 8058)', fix: 'add List-Unsubscribe-Post: List-Unsubscribe=One-Click and sign both headers with DKIM' },
  MISSING_DATE: { meaning: 'no Date header', fix: 'let the sending software add a Date header' },
  MISSING_MID: { meaning: 'no Message-ID header', fix: 'let the sending software add a Message-ID' },
  MISSING_TO: { meaning: 'no To header', fix: 'address the message to its recipient in To' },
  MISSING_FROM: { meaning: 'no From header', fix: 'add a From header' },
  MISSING_SUBJECT: { meaning: 'no Subject', fix: 'give the message a subject' },
  EMPTY_SUBJECT: { meaning: 'the Subject is empty', fix: 'give the message a subject' },
  MIME_HTML_ONLY: { meaning: 'HTML only, no plain-text part', fix: 'send multipart/alternative with a text part too' },
  R_PARTS_DIFFER: { meaning: 'the text and HTML parts say different things', fix: 'make the text part the same message as the HTML' },
  SUBJ_ALL_CAPS: { meaning: 'the Subject is all capital letters', fix: 'write the subject in normal case' },
  SUBJ_EXCESS_QP: { meaning: 'the Subject is needlessly quoted-printable encoded' },
  SUBJ_EXCESS_BASE64: { meaning: 'the Subject is needlessly base64 encoded' },
  R_EMPTY_IMAGE: { meaning: 'an image with (almost) no text: image-only mail', fix: 'put the message in text, images only beside it' },
  HTML_SHORT_LINK_IMG_1: { meaning: 'short HTML that is mostly a linked image', fix: 'add real text; do not send an image as the message' },
  HTML_SHORT_LINK_IMG_2: { meaning: 'short HTML that is mostly a linked image', fix: 'add real text; do not send an image as the message' },
  HTML_SHORT_LINK_IMG_3: { meaning: 'short HTML that is mostly a linked image', fix: 'add real text; do not send an image as the message' },
  R_SUSPICIOUS_URL: { meaning: 'a link to a numeric IP address or an obfuscated host', fix: 'link to a host name of your own domain' },
  PHISHED_URL: { meaning: 'a link whose text shows one address and leads to another', fix: 'make each link go where its text says' },
  HAS_IPFS_GATEWAY_URL: { meaning: 'links to an IPFS gateway, common in phishing' },
  FROM_NAME_HAS_TITLE: { meaning: 'the From display name carries a title (Mr., Dr.)' },
  FROM_EXCESS_BASE64: { meaning: 'the From header is needlessly base64 encoded' },
  FROM_NEQ_ENVFROM: { meaning: 'the From address differs from the envelope sender' },
  FORGED_SENDER: { meaning: 'the From address differs from the envelope sender' },
  MID_RHS_NOT_FQDN: { meaning: 'the Message-ID does not end in a full domain name', fix: 'generate Message-IDs @your-domain' },
  MID_CONTAINS_FROM: { meaning: 'the Message-ID contains the From address' },
  DATE_IN_PAST: { meaning: 'the Date header is far in the past', fix: 'check the sending host clock' },
  DATE_IN_FUTURE: { meaning: 'the Date header is in the future', fix: 'check the sending host clock' },
  INVALID_DATE: { meaning: 'the Date header cannot be read', fix: 'use an RFC 5322 date' },
  MV_CASE: { meaning: 'the MIME-Version header is in an unusual case' },
  CTE_CASE: { meaning: 'the Content-Transfer-Encoding header is in an unusual case' },
  BROKEN_CONTENT_TYPE: { meaning: 'a Content-Type header cannot be parsed', fix: 'fix the MIME structure' },
  MIME_BAD_ATTACHMENT: { meaning: 'an attachment type often used for malware', fix: 'send a link, or a PDF' },
  MIME_DOUBLE_BAD_EXTENSION: { meaning: 'an attachment with a double extension (invoice.pdf.exe)', fix: 'rename the attachment' },
  MIME_BAD_EXTENSION: { meaning: 'an attachment extension often used for malware', fix: 'send a link, or a PDF' },
  R_BAD_CTE_7BIT: { meaning: '8-bit characters in a part that says it is 7-bit', fix: 'encode the part (quoted-printable or base64)' },
  HTML_META_REFRESH_URL: { meaning: 'the HTML redirects with a meta refresh' },
  FREEMAIL_FROM: { meaning: 'sent from a free mail address' },
  ONCE_RECEIVED: { meaning: 'only one Received header (normal for a message scored before it is sent)' },
  RCVD_NO_TLS_LAST: { meaning: 'the last hop did not use TLS' },
  R_MIXED_CHARSET: { meaning: 'words mixing alphabets (Latin and Cyrillic look-alikes)', fix: 'use one alphabet per word' },
  MANY_INVISIBLE_PARTS: { meaning: 'many parts the reader never sees' },
  ZERO_FONT: { meaning: 'text hidden with a zero-size font', fix: 'remove hidden text' },
  HTML_VISIBLE_CHECKS: { meaning: 'text hidden from the reader in the HTML', fix: 'remove hidden text' },
  URI_COUNT_ODD: { meaning: 'an odd number of links, typical of a single hidden link' },
  BAD_REP_POLICIES: { meaning: 'good authentication results from a poor-reputation domain' },
};

/** Plain words for one rule; `description` (the filter's own, from its answer) is made printable and capped. */
export function explainSymbol(name: string, description: string | undefined): { meaning: string; fix?: string } {
  const known = KNOWN[name];
  if (known) return known;
  return { meaning: description ? capPrintable(description, LIMITS.short) : `rule ${name}` };
}
