import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOf, verdictOf, withReporterFailures } from '../../src/cli/exit-codes.ts';
import type { ErrorCode } from '../../src/errors.ts';

describe('the exit-code table', () => {
  it('input errors exit 2 (nothing attempted), environment failures 6, a signal 3', () => {
    const input: ErrorCode[] = ['CONFIG_INVALID', 'CONFIG_NOT_FOUND', 'ENV_MISSING', 'UNKNOWN_ID', 'USAGE', 'RUN_NOT_FOUND', 'ZONE_INVALID'];
    const environment: ErrorCode[] = ['AUTH_FAILED', 'TLS_FAILED', 'CONNECT_FAILED', 'IMAP_FAILED', 'TIMEOUT', 'LAB_MISSING_PACKAGE', 'LAB_FAILED'];
    expect(input.map(exitCodeOf)).toEqual(input.map(() => 2));
    expect(environment.map(exitCodeOf)).toEqual(environment.map(() => 6));
    expect(exitCodeOf('INTERRUPTED')).toBe(3);
  });

  it('a failing reporter is printed and makes a clean run, merge or report exit 6; a worse verdict stands', () => {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (d) => (text += d));
    const failures = [{ reporter: 'html', phase: 'onEnd' as const, message: 'ENOSPC: no space left on device\u001b[2J' }];
    expect(withReporterFailures(verdictOf('passed'), failures, 'run', stderr)).toBe(ExitCode.environment);
    expect(withReporterFailures(verdictOf('failed'), failures, 'merge', stderr)).toBe(ExitCode.failed);
    expect(withReporterFailures(verdictOf('interrupted'), failures, 'run', stderr)).toBe(ExitCode.interrupted);
    expect(withReporterFailures(ExitCode.ok, [], 'report', stderr)).toBe(ExitCode.ok);
    expect(text.split('\n')[0]).toBe('landed run: reporter html failed in onEnd: ENOSPC: no space left on device\uFFFD[2J');
  });
});
