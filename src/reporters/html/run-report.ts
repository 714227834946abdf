import type { RunResult } from '../../results/types.ts';
import { assets } from './assets.ts';
import { renderPage } from './page.ts';
import { buildRunView } from './run-model.ts';

const BODY = `<header>
<h1 id="title">landed run</h1><span id="status" class="badge"></span>
<p id="meta" class="meta"></p>
<div id="counts"></div>
</header>
<main>
<h2 id="matrix-title">Routes × providers</h2>
<p class="muted">Colour: the worst placement in the cell. Badges: the receiver's SPF, DKIM and DMARC verdicts. Click a cell for its probes.</p>
<div id="matrix"></div>
<h2>Probes</h2>
<div id="filter"></div>
<div id="probes"></div>
<section id="detail" hidden></section>
</main>`;

/** The run report: one self-contained HTML file. `runDir` is where message files are read from. */
export async function renderRunReport(run: RunResult, runDir: string): Promise<string> {
  return renderPage({
    title: `landed run ${run.runId}`,
    data: await buildRunView(run, runDir),
    styles: [assets.style()],
    scripts: [assets.page('run.js')],
    body: BODY,
  });
}
