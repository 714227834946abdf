import type { TrendData } from '../../history/trend.ts';
import { assets } from './assets.ts';
import { renderPage } from './page.ts';

const BODY = `<header>
<h1>landed placement trends</h1>
<p id="meta" class="meta"></p>
</header>
<main>
<form class="filters" id="filters">
<label>Route<select id="f-route"></select></label>
<label>Provider<select id="f-provider"></select></label>
<label>Period<select id="f-period"></select></label>
<label>One line per<select id="f-lines"></select></label>
<label>Auth check<select id="f-check"></select></label>
</form>
<p id="empty" class="empty-note" hidden>No runs in this period.</p>
<h2>Where it stands</h2>
<div id="standing"></div>
<div class="charts">
<div class="chart"><h3>Inbox rate (%)</h3><div id="chart-inbox"></div></div>
<div class="chart"><h3>Spam rate (%)</h3><div id="chart-spam"></div></div>
<div class="chart"><h3>Missing, rejected or error (%)</h3><div id="chart-missing"></div></div>
<div class="chart"><h3 id="auth-title">Auth pass rate (% of delivered)</h3><div id="chart-auth"></div></div>
<div class="chart"><h3>Latency p50 and p95 (s)</h3><div id="chart-latency"></div></div>
</div>
<h2>Verdict changes</h2>
<p class="muted">Where a cell's usual placement or its majority SPF/DKIM/DMARC verdict changed from one point to the next (dashed lines on the inbox chart).</p>
<div id="annotations"></div>
<section id="dmarc" hidden>
<h2>DMARC aggregate reports</h2>
<p class="muted">What receivers reported of all mail sent as our domains: each route's DMARC pass rate (messages in brackets) beside where its seed probes landed, per day, and the sources no route accounts for.</p>
<div id="dmarc-routes"></div>
<h3>Per day</h3>
<div id="dmarc-table"></div>
<h3>Unknown senders, biggest first</h3>
<div id="dmarc-unknown"></div>
</section>
</main>`;

/** The trend report over the history: one self-contained HTML file with uPlot inlined. */
export function renderTrendReport(trend: TrendData): string {
  return renderPage({
    title: 'landed placement trends',
    data: trend,
    styles: [assets.uplotStyle(), assets.style()],
    scripts: [assets.uplotScript(), assets.page('trend.js'), assets.page('dmarc-trend.js')],
    body: BODY,
  });
}
