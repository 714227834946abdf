import type { Page } from '@playwright/test';

/** Everything a page did that a report must never do: console errors, uncaught errors, dialogs. */
export function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  // A report is one self-contained file: any request beyond it is a bug (or an injected resource).
  page.on('request', (request) => {
    if (!request.url().startsWith('file://') || !request.url().endsWith('.html')) problems.push(`request: ${request.url()}`);
  });
  return problems;
}
