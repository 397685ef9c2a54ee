/**
 * The live dashboard: one self-contained HTML page (no external assets) that
 * subscribes to `/events` (server-sent events carrying a {@link DemoSnapshot}
 * every second) and drives the demo through its JSON API.
 * @module
 */

/** The page. Element ids are what the browser test reads. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@cache demo</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
  body { margin: 0 auto; max-width: 1040px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  .sub { color: #5a6272; margin: 0 0 20px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 14px; }
  .card { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .card h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #5a6272; margin: 0 0 10px; }
  .big { font-size: 28px; font-weight: 600; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { padding: 4px 6px; text-align: right; border-bottom: 1px solid #eceef2; }
  td:first-child, th:first-child { text-align: left; }
  .bar { height: 8px; background: #e4e7ec; border-radius: 4px; overflow: hidden; }
  .bar > div { height: 100%; background: #3b82f6; }
  .down { color: #b42318; font-weight: 600; }
  .up { color: #067647; font-weight: 600; }
  button, input { font: inherit; }
  form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  pre { background: #0f172a; color: #e2e8f0; padding: 10px; border-radius: 6px; overflow: auto; min-height: 40px; }
  #status { font-size: 12px; color: #5a6272; }
</style>
</head>
<body>
<h1>@cache demo</h1>
<p class="sub">Levels: <span id="levels-summary">…</span> · <span id="status">connecting…</span></p>
<div class="grid">
  <div class="card"><h2>Reads / s</h2><div class="big" id="reads-per-sec">0</div></div>
  <div class="card"><h2>Overall hit ratio</h2><div class="big" id="hit-ratio">–</div></div>
  <div class="card"><h2>Read latency (ms)</h2><div id="latency">p50 – · p99 –</div></div>
  <div class="card"><h2>Database</h2>
    <div>state: <span id="db-state">–</span></div>
    <div>queries: <span id="db-queries">0</span> (failed <span id="db-failures">0</span>)</div>
    <div>stale values served: <span id="stale">0</span></div>
  </div>
</div>
<div class="card" style="margin-top:14px"><h2>Per level</h2>
  <table id="level-table"><thead><tr><th>level</th><th>hits</th><th>share of reads</th><th></th><th>entries</th><th>errors</th></tr></thead><tbody></tbody></table>
</div>
<div class="grid" style="margin-top:14px">
  <div class="card"><h2>Load</h2>
    <form id="load-form"><input id="load-rate" type="number" min="0" max="100000" value="200" style="width:90px"> reads/s
      <button id="load-start" type="submit">start</button><button id="load-stop" type="button">stop</button></form>
    <div id="load-state" style="margin-top:8px">stopped</div>
  </div>
  <div class="card"><h2>Database switch</h2>
    <button id="db-toggle" type="button">take the database down</button>
    <p style="font-size:13px;color:#5a6272">While it is down, cached values past their TTL are still served for their grace period.</p>
  </div>
  <div class="card"><h2>Read one</h2>
    <form id="read-form"><select id="read-kind"><option>users</option><option>products</option></select>
      <input id="read-id" type="number" min="0" value="123" style="width:90px"><button type="submit">GET</button></form>
    <pre id="read-result"></pre>
  </div>
</div>
<script>
const $ = (id) => document.getElementById(id);
const pct = (x) => (x * 100).toFixed(1) + '%';
const fmt = (x) => Math.round(x).toLocaleString('en-US');
let dbUp = true;
function render(s) {
  $('status').textContent = 'live, updated ' + new Date(s.time).toLocaleTimeString();
  $('levels-summary').textContent = s.levels.map((l) => l.name + ' (' + l.kind + ')').join(' → ');
  $('reads-per-sec').textContent = fmt(s.rates.readsPerSec);
  $('hit-ratio').textContent = s.totals.gets ? pct(s.totals.hitRatio) : '–';
  $('latency').textContent = 'p50 ' + s.latency.p50.toFixed(2) + ' · p90 ' + s.latency.p90.toFixed(2) + ' · p99 ' + s.latency.p99.toFixed(2);
  dbUp = s.database.up;
  $('db-state').textContent = dbUp ? 'up' : 'down';
  $('db-state').className = dbUp ? 'up' : 'down';
  $('db-toggle').textContent = dbUp ? 'take the database down' : 'bring the database back';
  $('db-queries').textContent = fmt(s.database.queries);
  $('db-failures').textContent = fmt(s.database.failures);
  $('stale').textContent = fmt(s.totals.stale);
  $('load-state').textContent = s.load.running ? 'running at ' + fmt(s.load.rate) + ' reads/s (' + fmt(s.load.issued) + ' issued)' : 'stopped';
  const body = $('level-table').tBodies[0];
  body.replaceChildren(...s.levels.map((l) => {
    const tr = document.createElement('tr');
    tr.dataset.level = l.name;
    const share = s.totals.gets ? l.hits / s.totals.gets : 0;
    tr.innerHTML = '<td></td><td class="hits"></td><td></td><td style="width:30%"><div class="bar"><div></div></div></td><td></td><td></td>';
    tr.cells[0].textContent = l.name;
    tr.cells[1].textContent = fmt(l.hits);
    tr.cells[2].textContent = pct(share);
    tr.cells[3].firstChild.firstChild.style.width = (share * 100).toFixed(1) + '%';
    tr.cells[4].textContent = l.size === undefined ? '–' : fmt(l.size);
    tr.cells[5].textContent = fmt(l.errors);
    return tr;
  }));
}
async function post(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) alert((await res.json()).error);
}
$('load-form').addEventListener('submit', (e) => { e.preventDefault(); post('/api/load', { rate: Number($('load-rate').value) }); });
$('load-stop').addEventListener('click', () => post('/api/load', { rate: 0 }));
$('db-toggle').addEventListener('click', () => post('/api/database', { up: !dbUp }));
$('read-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await fetch('/api/' + $('read-kind').value + '/' + $('read-id').value);
  $('read-result').textContent = res.status + ' ' + (res.headers.get('x-cache') ?? '') + '\\n' + JSON.stringify(await res.json(), null, 2);
});
const events = new EventSource('/events');
events.onmessage = (e) => render(JSON.parse(e.data));
events.onerror = () => { $('status').textContent = 'disconnected, retrying…'; };
</script>
</body>
</html>
`;
