/**
 * What is wrong with one report file. Thrown inside src/dmarc while a file is read; the import catches it,
 * names the file with it, skips that file and goes on with the others.
 */
export class ReportProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportProblem';
  }
}

/** Sizes every reader of report data respects: nothing from a receiver is read without a cap. */
export interface ReportLimits {
  /** Bytes of a file (or a mail, or an attachment) as it arrives, compressed or not. */
  maxInputBytes: number;
  /** Bytes of XML after gunzip or unzip: a small gzip or zip can expand a thousandfold (a bomb). */
  maxXmlBytes: number;
  /** Records in one report. */
  maxRecords: number;
}

// Google's and Microsoft's largest daily reports for a busy domain are a few MB of XML; 64 MiB leaves room.
export const DEFAULT_LIMITS: ReportLimits = { maxInputBytes: 16 * 1024 * 1024, maxXmlBytes: 64 * 1024 * 1024, maxRecords: 200_000 };

export const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
