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
<section id="fix-first">
<h2>Fix first</h2>
<p class="muted">The problems this run found, most serious and most widespread first, each with what to change.</p>
<ol id="fix-list" class="fix-list"></ol>
</section>
<h2 id="matrix-title">Routes × seeds</h2>
<p class="muted">Each cell: where the probes landed (the worst first), and the receiver's SPF, DKIM and DMARC verdicts:
✓ pass, ✗ fail, ~ soft, neutral or temporary, ± mixed, – none or unknown. Columns are the seeds as the console names them, each with its provider. Click a cell for its probes.</p>
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
