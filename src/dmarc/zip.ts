/**
 * Reads the one XML file out of a .zip as receivers send them (Microsoft, Google for some domains): the
 * central directory is trusted for nothing but where to look. Sizes are checked before inflating, inflation
 * is capped again (a declared size can lie), and the CRC must match. No zip64, no encryption, no other
 * compression than stored and deflate: report senders use none of them.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { mib, ReportProblem } from './problem.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 16;

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function unzipReport(zip: Buffer, maxXmlBytes: number): Buffer {
  const entries = centralDirectory(zip);
  const entry = entries.find((e) => /\.xml$/i.test(e.name));
  if (!entry) throw new ReportProblem(`the zip holds no .xml file (${entries.length} entries)`);
  if (entry.flags & 1) throw new ReportProblem(`${entry.name} in the zip is encrypted`);
  if (entry.size > maxXmlBytes) throw new ReportProblem(`${entry.name} in the zip unpacks to ${mib(entry.size)}, more than the ${mib(maxXmlBytes)} read (a zip bomb?)`);
  if (entry.localOffset + 30 > zip.length || zip.readUInt32LE(entry.localOffset) !== LOCAL) throw new ReportProblem('the zip is damaged (local header not found)');
  const start = entry.localOffset + 30 + zip.readUInt16LE(entry.localOffset + 26) + zip.readUInt16LE(entry.localOffset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ReportProblem('the zip is truncated');
  let xml: Buffer;
  if (entry.method === 0) xml = data;
  else if (entry.method === 8) xml = inflate(data, maxXmlBytes);
  else throw new ReportProblem(`${entry.name} in the zip uses compression method ${entry.method} (only stored and deflate are read)`);
  if (xml.length !== entry.size || crc32(xml) !== entry.crc) throw new ReportProblem(`${entry.name} in the zip is damaged (size or CRC does not match)`);
  return xml;
}

function inflate(data: Buffer, maxXmlBytes: number): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: maxXmlBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ReportProblem(`the zip unpacks to more than ${mib(maxXmlBytes)} (a zip bomb?)`);
    throw new ReportProblem(`the zip's data is damaged (${(error as Error).message})`);
  }
}

function centralDirectory(zip: Buffer): Entry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ReportProblem('not a readable zip (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) throw new ReportProblem(`the zip holds ${count} files; a report zip holds one`);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL) throw new ReportProblem('the zip is damaged (central directory)');
    const nameLength = zip.readUInt16LE(offset + 28);
    const entry = {
      flags: zip.readUInt16LE(offset + 8),
      method: zip.readUInt16LE(offset + 10),
      crc: zip.readUInt32LE(offset + 16),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localOffset: zip.readUInt32LE(offset + 42),
      name: zip.toString('utf8', offset + 46, Math.min(zip.length, offset + 46 + nameLength)),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw new ReportProblem('zip64 archives are not read');
    entries.push(entry);
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}
