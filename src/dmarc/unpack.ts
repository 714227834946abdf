/**
 * Whatever a receiver sent -> the report's XML text: plain XML, .xml.gz, .zip, or a mail (.eml, or a
 * message fetched over IMAP) with one of those attached. The format is told by the bytes, not the file name.
 * Every step is capped: the input by maxInputBytes, each decompression by maxXmlBytes.
 */
import { gunzipSync } from 'node:zlib';
import { simpleParser } from 'mailparser';
import { DEFAULT_LIMITS, mib, ReportProblem, type ReportLimits } from './problem.ts';
import { unzipReport } from './zip.ts';

const REPORT_TYPES = /^(application\/(gzip|x-gzip|zip|x-zip-compressed|xml|octet-stream)|text\/xml)$/i;
const REPORT_NAMES = /\.(xml|gz|zip)$/i;

export async function reportXml(data: Buffer, limits: ReportLimits = DEFAULT_LIMITS): Promise<string> {
  return decodeUtf8(await unpack(data, limits, true));
}

async function unpack(data: Buffer, limits: ReportLimits, mailAllowed: boolean): Promise<Buffer> {
  if (data.length > limits.maxInputBytes) throw new ReportProblem(`${mib(data.length)}: larger than the ${mib(limits.maxInputBytes)} read from one report`);
  if (data[0] === 0x1f && data[1] === 0x8b) return gunzip(data, limits.maxXmlBytes);
  if (data.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return unzipReport(data, limits.maxXmlBytes);
  if (looksLikeXml(data)) return data;
  if (mailAllowed && /^[\x21-\x39\x3b-\x7e]+:/.test(data.subarray(0, 200).toString('latin1'))) return fromMail(data, limits);
  throw new ReportProblem('not XML, gzip, zip or a mail with a report attached');
}

function gunzip(data: Buffer, maxXmlBytes: number): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: maxXmlBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ReportProblem(`the gzip unpacks to more than ${mib(maxXmlBytes)} (a gzip bomb?)`);
    throw new ReportProblem(`the gzip data is damaged (${(error as Error).message})`);
  }
}

/** The first attachment that is a report (by type or name); a mail inside a mail is not followed. */
async function fromMail(data: Buffer, limits: ReportLimits): Promise<Buffer> {
  let mail;
  try {
    mail = await simpleParser(data, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  } catch (error) {
    throw new ReportProblem(`the mail cannot be read (${(error as Error).message})`);
  }
  const attachment = mail.attachments.find((a) => REPORT_TYPES.test(a.contentType) || REPORT_NAMES.test(a.filename ?? ''));
  if (!attachment) throw new ReportProblem(`the mail${mail.subject ? ` "${mail.subject.slice(0, 80)}"` : ''} has no report attached (.xml, .xml.gz or .zip)`);
  return unpack(attachment.content, limits, false);
}

function looksLikeXml(data: Buffer): boolean {
  let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09)) i++;
  return data[i] === 0x3c; // '<'
}

function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data); // drops a BOM
  } catch {
    const at = firstInvalidUtf8(data);
    throw new ReportProblem(`invalid UTF-8 at byte ${at}`);
  }
}

function firstInvalidUtf8(data: Buffer): number {
  let low = 0;
  let high = data.length;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    try {
      // Streaming: a prefix that ends inside a character is not an error, an invalid byte is.
      new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}
