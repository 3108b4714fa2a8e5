// What a participant's browser really downloads, page by page, and Lighthouse
// on two pages. Called by scripts/bench (the client part); runs on its own too:
//
//   node scripts/bench.d/page-weight.mjs [--no-lighthouse] [--no-weights]
//
// Starts the release binary (LOTSE_BIN, default target/release/lotse) on a free
// port with a throwaway data folder, gives it a programme and a complete
// organisation profile (as e2e/playwright.config.ts does), and makes its
// participants with the real CLI and API: one who has accepted the notice and
// has a soft-skills result, one who has accepted it and not answered yet, one
// who has only signed in, one who has not.
//
// Page weights: every participant page in Debian's Chromium (Playwright from
// e2e/node_modules, Pixel 5 emulation, German), each in a fresh context with an
// empty cache (with the session cookie where the page needs sign-in), until its
// h1 is visible and the network is quiet (500 ms without a request in flight).
// Counted is what crossed the wire:
// CDP's Network.loadingFinished encodedDataLength, i.e. response headers plus
// the body as sent (Chromium offers `br` on the loopback address too, so this is
// the brotli a participant gets in production; the encodings seen are printed).
// A page over BUDGET_KB (100, 1 KB = 1024 bytes) makes the exit status 1, after
// everything is printed. What the service worker fetches on its own after the
// first visit (the participant app's files, for offline use) is printed next to a
// page, not counted in it: the page does not wait for it. Then a whole session
// in one context with its cache, the service worker's fetches included:
// sign-in, notice, overview, one questionnaire answered and sent, the result,
// My data. The staff dashboard's cold load is printed apart (no budget).
//
// Lighthouse 12 (tools/node_modules, CHROME_PATH=/usr/bin/chromium): mobile
// emulation and simulated throttling (its defaults: slow 4G, 4x CPU),
// performance and accessibility, on the sign-in page and the questionnaire
// page (signed in: the cookie goes as an extra header), three runs each, the
// median printed next to the targets, with the LCP element and the longest
// tasks. Next to Lighthouse's simulated TBT, the long tasks Chromium itself
// reports with its CPU really slowed 4x. Targets are printed, not enforced.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium, devices } = createRequire(path.join(ROOT, 'e2e', 'package.json'))('playwright-core');

const BUDGET_KB = 100;
const QUIET_MS = 500;
const KB = 1024;
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
// As in e2e/playwright.config.ts.
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS || 3);
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--no-lighthouse', '--no-weights'].includes(a)) {
    console.error(`usage: node scripts/bench.d/page-weight.mjs [--no-lighthouse] [--no-weights]`);
    process.exit(2);
  }
}
const BIN = process.env.LOTSE_BIN || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release', 'lotse');

// --- the server -------------------------------------------------------------

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-page-weight.'));
const port = await freePort();
const BASE = `http://127.0.0.1:${port}`;
const serverEnv = { ...process.env, LOTSE_DATA_DIR: dataDir, LOTSE_PORT: String(port), LOTSE_LOG: 'warn' };
const cli = (...argv) => execFileSync(BIN, argv, { env: serverEnv }).toString();

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
cli('programme', 'add', '--name', 'Bench', '--starts-on', day(-10), '--ends-on', day(120));
// Fictional, like the demo's and the e2e suite's.
cli(
  'organisation', 'set',
  '--controller-name', 'Träger Beispiel (Bench)',
  '--controller-address', 'Testweg 1\n12345 Teststadt',
  '--controller-contact', 'kontakt@beispiel.invalid',
  '--dpo-name', 'Dana Beispiel',
  '--dpo-contact', 'datenschutz@beispiel.invalid',
  '--agency-name', 'Agentur für Arbeit',
  '--authority-name', 'Datenschutzaufsicht Beispielland',
  '--authority-contact', 'poststelle@aufsicht.invalid',
  '--help-contact', '01234 567890',
  '--public-url', BASE,
);
const server = spawn(BIN, ['serve'], { env: serverEnv, stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, 'server.log'), 'a')] });
let serverExited = false;
server.on('exit', () => (serverExited = true));
const cleanup = () => {
  if (!serverExited) server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
// The server child keeps the event loop alive: every way out goes through exit.
for (const ev of ['uncaughtException', 'unhandledRejection']) {
  process.on(ev, (e) => {
    console.error(e);
    process.exit(1);
  });
}

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${BASE}/api/v1/health`)).ok) break;
  } catch {}
  if (serverExited || i > 300) throw new Error(`lotse serve did not start; see ${dataDir}/server.log`);
  await new Promise((r) => setTimeout(r, 100));
}

// --- participants (CLI + API, as e2e/tests/helpers.ts and sweep-data.ts do) ----

const CSRF = { 'x-lotse-request': '1', 'content-type': 'application/json' };

function newParticipant(name) {
  const out = cli('participant', 'add', '--programme', 'Bench', '--name', name);
  const m = out.match(/Access code: ([0-9A-Z-]+)/);
  if (!m) throw new Error(`no access code in: ${out}`);
  return m[1];
}

async function api(cookie, method, url, body) {
  const r = await fetch(BASE + url, {
    method,
    headers: { ...CSRF, ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return r;
}

/** Signs in with the code; returns the session cookie ("name=value"). */
async function signIn(code, acceptNotice) {
  const r = await api(null, 'POST', '/api/v1/session', { code });
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error('no session cookie');
  if (acceptNotice) {
    const notice = await (await api(cookie, 'GET', '/api/v1/notice?lang=de')).json();
    await api(cookie, 'POST', '/api/v1/consent', { accept: true, notice_version: notice.version, notice_hash: notice.hash });
  }
  return cookie;
}

function aggregate(id, scores) {
  const def = JSON.parse(fs.readFileSync(path.join(ROOT, 'shared', 'instruments', `${id}.json`), 'utf8'));
  return {
    instrument: id,
    version: def.version,
    scales: def.scales.map((scale, i) => {
      const score = scores[i % scores.length];
      const band = scale.bands.find((b) => b.from <= score && score <= b.to);
      return { scale: scale.id, score, band: band.id };
    }),
    quality: 'ok',
    completion_seconds: 300,
  };
}

const withResult = await signIn(newParticipant('Bea Beispiel'), true);
await api(withResult, 'POST', '/api/v1/results', aggregate('soft-skills', [88, 38, 50]));
const notAnswered = await signIn(newParticipant('Nora Neu'), true);
const noticeOpen = await signIn(newParticipant('Ada Anfang'), false);

// --- measuring in the browser ---------------------------------------------------

function kind(url, mime, type) {
  const p = new URL(url).pathname;
  if (p.startsWith('/api/')) return 'api';
  if (p.endsWith('.wasm') || mime === 'application/wasm') return 'wasm';
  if (p.endsWith('.js') || /javascript/.test(mime)) return 'js';
  if (p.endsWith('.css') || mime === 'text/css') return 'css';
  if (p.endsWith('.json') || /json/.test(mime)) return 'json';
  if (type === 'Document' || mime === 'text/html') return 'html';
  return 'other';
}
const KINDS = ['html', 'js', 'wasm', 'css', 'json', 'api', 'other'];
const HEAD = { html: 'HTML', js: 'JS', wasm: 'WASM', css: 'CSS', json: 'texts', api: 'API', other: 'other' };

/** Counts what the page's network transfers, from the first request on. */
async function meter(context, page) {
  const cdp = await context.newCDPSession(page);
  const seen = new Map();
  const pending = new Set();
  const totals = Object.fromEntries(KINDS.map((k) => [k, 0]));
  const encodings = {};
  let requests = 0;
  const fetched = new Set();
  let worker = 0;
  let workerRequests = 0;
  let lastActivity = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => {
    pending.add(e.requestId);
    lastActivity = Date.now();
  });
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    // Answered by the service worker: counted where the worker fetched it
    // (below), or not at all when it came from the worker's cache.
    if (e.response.fromServiceWorker) return;
    seen.set(e.requestId, { url: e.response.url, kind: kind(e.response.url, e.response.mimeType, e.type), enc: h['content-encoding'] || 'identity' });
  });
  const done = (e) => {
    pending.delete(e.requestId);
    const r = seen.get(e.requestId);
    if (r && e.encodedDataLength !== undefined) {
      totals[r.kind] += e.encodedDataLength;
      fetched.add(r.url);
      if (e.encodedDataLength > 0) {
        requests++;
        (encodings[r.kind] ||= new Set()).add(r.enc);
      }
    }
    lastActivity = Date.now();
  };
  cdp.on('Network.loadingFinished', done);
  // What the service worker itself fetches (its copy of the participant app's
  // files for offline use, and the requests it passes on) crosses the wire
  // too: kept apart, since a page does not wait for it.
  context.on('requestfinished', async (request) => {
    if (!request.serviceWorker()) return;
    lastActivity = Date.now();
    // A hashed file the page already loaded comes from the HTTP cache.
    if (fetched.has(request.url()) && !request.url().endsWith('/')) return;
    fetched.add(request.url());
    const response = await request.response();
    const sizes = await request.sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    if (!response || bytes <= 0) return;
    worker += bytes;
    workerRequests++;
  });
  cdp.on('Network.loadingFailed', (e) => {
    pending.delete(e.requestId);
    lastActivity = Date.now();
  });
  await cdp.send('Network.enable');
  return {
    totals,
    encodings,
    requests: () => requests,
    worker: () => worker,
    workerRequests: () => workerRequests,
    /** Resolves once no request has been in flight for QUIET_MS: Playwright's
     * "networkidle" rule, but also after in-app navigations (the overview asks
     * for the module list first and for the definitions after it). */
    async quiet() {
      await page.waitForLoadState('load');
      while (pending.size > 0 || Date.now() - lastActivity < QUIET_MS) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

const cookieFor = (session) =>
  session.split('; ').map((pair) => {
    const i = pair.indexOf('=');
    return { name: pair.slice(0, i), value: pair.slice(i + 1), url: BASE };
  });

const device = { ...devices['Pixel 5'], locale: 'de-DE' };

async function coldLoad(browser, url, session) {
  const context = await browser.newContext(device);
  if (session) await context.addCookies(cookieFor(session));
  const page = await context.newPage();
  const m = await meter(context, page);
  await page.goto(BASE + url);
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: 30_000 });
  await m.quiet();
  const h1 = (await page.locator('h1').first().innerText()).trim();
  const finalPath = new URL(page.url()).pathname;
  await context.close();
  return { ...m, h1, finalPath };
}

const fmtKB = (b) => (b / KB).toFixed(1);

async function weights() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
  const pages = [
    ['sign-in', '/', null],
    ['privacy', '/privacy', null],
    ['consent (notice to accept)', '/consent', noticeOpen],
    ['overview', '/modules', withResult],
    ['questionnaire', '/questionnaire/soft-skills', notAnswered],
    ['result', '/results/soft-skills', withResult],
    ['result, print view', '/results/soft-skills/print', withResult],
    ['my data', '/my-data', withResult],
    ['my data: audit', '/my-data/audit', withResult],
    ['my data: report', '/my-data/report', withResult],
    ['my data: skills', '/my-data/skills', withResult],
  ];
  const row = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(i ? 28 : 26) : String(c).padStart(7))).join(' ');
  console.log(`Cold load per participant page (KB transferred, 1 KB = 1024 bytes; budget ${BUDGET_KB} KB a page)`);
  console.log(row(['page', 'path', ...KINDS.map((k) => HEAD[k]), 'total', 'reqs', '']));
  let over = 0;
  const encodings = {};
  for (const [name, url, session] of pages) {
    const r = await coldLoad(browser, url, session);
    const total = Object.values(r.totals).reduce((a, b) => a + b, 0);
    const ok = total <= BUDGET_KB * KB;
    if (!ok) over++;
    for (const [k, s] of Object.entries(r.encodings)) for (const e of s) (encodings[k] ||= new Set()).add(e);
    const landed = r.finalPath === url ? '' : ` (landed on ${r.finalPath})`;
    const worker = r.worker() ? `; service worker in the background ${fmtKB(r.worker())} KB, not counted` : '';
    console.log(row([name, url, ...KINDS.map((k) => fmtKB(r.totals[k])), fmtKB(total), r.requests(), ok ? 'OK' : 'OVER']) + `  h1: ${r.h1}${landed}${worker}`);
  }
  console.log(
    'content-encoding seen: ' +
      Object.entries(encodings).map(([k, s]) => `${HEAD[k]} ${[...s].join('/')}`).join(', ') +
      ' (sizes include response headers; "texts" = questionnaire definitions and UI texts)',
  );

  // The staff dashboard, apart: not a participant page, not in the budget.
  const staff = await coldLoad(browser, '/staff/', null);
  const staffTotal = Object.values(staff.totals).reduce((a, b) => a + b, 0);
  console.log(
    `Staff dashboard, cold load of /staff/ (not in the budget): ${fmtKB(staffTotal)} KB (` +
      KINDS.filter((k) => staff.totals[k]).map((k) => `${HEAD[k]} ${fmtKB(staff.totals[k])}`).join(', ') + ')',
  );

  // A whole session in one context, cache kept.
  const code = newParticipant('Sam Sitzung');
  const context = await browser.newContext(device);
  context.on('page', (p) => p.on('dialog', (d) => d.accept()));
  const page = await context.newPage();
  const m = await meter(context, page);
  const steps = [];
  const total = () => Object.values(m.totals).reduce((a, b) => a + b, 0);
  let before = 0;
  const step = async (name) => {
    await m.quiet();
    steps.push(`${name} ${fmtKB(total() - before)}`);
    before = total();
  };
  await page.goto(BASE + '/');
  await page.locator('h1').first().waitFor({ state: 'visible' });
  await step('sign-in');
  await page.getByLabel(/Zugangscode|Access code/).fill(code);
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  const agree = page.getByRole('button', { name: /^(Zustimmen und weiter|Agree and continue)$/ });
  await agree.waitFor({ state: 'visible' });
  await step('notice');
  await agree.click();
  await page.waitForURL(/\/modules$/);
  await page.locator('h1').first().waitFor({ state: 'visible' });
  await step('overview');
  await page.getByRole('link', { name: /(Beginnen|Start).*(Persönliche Kompetenzen|Personal competences)/ }).click();
  await page.waitForURL(/\/questionnaire\/soft-skills$/);
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  for (let screen = 0; screen < 8; screen++) {
    const groups = page.getByRole('group');
    await groups.nth(3).waitFor({ state: 'visible' });
    const n = await groups.count();
    for (let i = 0; i < n; i++) await groups.nth(i).getByRole('radio').nth((screen + i) % 5).check();
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  await page.waitForURL(/\/results\/soft-skills$/);
  await page.getByRole('figure').first().waitFor({ state: 'visible' });
  await step('questionnaire + sent + result');
  await page.locator('a.header-link[href="/my-data"]').click();
  await page.waitForURL(/\/my-data$/);
  await page.locator('h1').first().waitFor({ state: 'visible' });
  await step('my data');
  console.log(`Whole session (one context, cache kept): ${fmtKB(total() + m.worker())} KB in ${m.requests() + m.workerRequests()} responses`);
  console.log(`  the pages: ${fmtKB(total())} KB; by step: ${steps.join(', ')} KB`);
  console.log(`  the service worker: ${fmtKB(m.worker())} KB in ${m.workerRequests()} responses (the participant app's files, kept for offline use, fetched in the background)`);
  console.log(`  by type: ${KINDS.filter((k) => m.totals[k]).map((k) => `${HEAD[k]} ${fmtKB(m.totals[k])}`).join(', ')} KB`);
  await context.close();
  await browser.close();
  return over;
}

// --- Lighthouse -------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const lighthouseRetries = [];
function lighthouseOnce(url, cookie) {
  const out = path.join(dataDir, `lh-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const argv = [
    BASE + url,
    '--only-categories=performance,accessibility',
    '--output=json',
    `--output-path=${out}`,
    '--quiet',
    '--no-enable-error-reporting',
    '--locale=en',
    // Lighthouse's defaults, spelled out: a phone, simulated slow 4G, 4x CPU.
    '--form-factor=mobile',
    '--throttling-method=simulate',
    `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
    ...(cookie ? [`--extra-headers=${JSON.stringify({ Cookie: cookie })}`] : []),
  ];
  // Lighthouse 12 with a newer Chromium now and then loses the navigation in
  // its trace (NO_NAVSTART): such a run is repeated, up to twice.
  let lhr;
  for (let attempt = 1; ; attempt++) {
    let failure = '';
    try {
      execFileSync(path.join(ROOT, 'tools', 'node_modules', '.bin', 'lighthouse'), argv, {
        env: { ...process.env, CHROME_PATH: CHROMIUM },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (e) {
      failure = String(e.stderr || e.message).trim().split('\n')[0];
    }
    lhr = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null;
    fs.rmSync(out, { force: true });
    if (lhr?.runtimeError) failure = `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
    if (!failure && lhr) break;
    if (attempt === 3) throw new Error(`Lighthouse on ${url} failed three times: ${failure}`);
    lighthouseRetries.push(`${url}: ${failure}`);
  }
  const a = lhr.audits;
  return {
    perf: lhr.categories.performance.score * 100,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    a11y: lhr.categories.accessibility.score * 100,
    bytes: a['total-byte-weight'].numericValue,
    landed: new URL(lhr.finalDisplayedUrl).pathname,
    // What the LCP was, and the longest main-thread tasks: where to look next.
    lcpElement: a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? '?',
    longTasks: (a['long-tasks']?.details?.items ?? [])
      .slice(0, 3)
      .map((t) => `${Math.round(t.duration)} ms ${String(t.url ?? '').replace(BASE, '') || '(page)'}`),
  };
}

function lighthouse() {
  console.log();
  console.log(`Lighthouse ${JSON.parse(fs.readFileSync(path.join(ROOT, 'tools', 'node_modules', 'lighthouse', 'package.json'))).version}: mobile, simulated slow 4G and 4x CPU; median of ${LIGHTHOUSE_RUNS} runs (each run's figures in brackets)`);
  const row = (c) => [c[0].padEnd(26), ...c.slice(1).map((x) => String(x).padStart(22))].join(' ');
  console.log(row(['page', 'performance', 'LCP s', 'TBT ms', 'CLS', 'accessibility', 'transfer KB']));
  console.log(row(['target', '>= 98', '<= 1.2', '<= 50', '0', '100', '']));
  for (const [name, url, cookie] of [
    ['sign-in /', '/', null],
    ['questionnaire (signed in)', '/questionnaire/soft-skills', notAnswered],
  ]) {
    const runs = [];
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push(lighthouseOnce(url, cookie));
    const cell = (f, fmt) => `${fmt(median(runs.map(f)))}${runs.length > 1 ? ` [${runs.map((r) => fmt(f(r))).join(' ')}]` : ''}`;
    const landed = runs.some((r) => r.landed !== url) ? `  (landed on ${runs.map((r) => r.landed).join(', ')})` : '';
    console.log(row([
      name,
      cell((r) => r.perf, (x) => x.toFixed(0)),
      cell((r) => r.lcp / 1000, (x) => x.toFixed(2)),
      cell((r) => r.tbt, (x) => x.toFixed(0)),
      cell((r) => r.cls, (x) => x.toFixed(3)),
      cell((r) => r.a11y, (x) => x.toFixed(0)),
      cell((r) => r.bytes / KB, (x) => x.toFixed(0)),
    ]) + landed);
    const first = runs[0];
    console.log(`  LCP element: ${first.lcpElement.slice(0, 110)}`);
    if (first.longTasks.length) console.log(`  longest tasks (simulated): ${first.longTasks.join('; ')}`);
  }
  console.log('Targets are printed, not enforced.');
  for (const r of lighthouseRetries) console.log(`  (a run repeated after: ${r})`);
}

// Lighthouse's TBT is simulated from an unthrottled trace. Next to it, what
// Chromium itself reports when its CPU really runs 4x slower (CDP throttling,
// no network throttling, no service worker): the long tasks (Long Tasks API)
// from navigation until the page is quiet, and their blocking time after the
// first contentful paint (the part of each task over 50 ms, as TBT counts it).
async function mainThread() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
  console.log('Main thread with the CPU really slowed 4x (Chromium, Long Tasks API; median of 3 loads)');
  for (const [name, url, session] of [
    ['sign-in /', '/', null],
    ['questionnaire (signed in)', '/questionnaire/soft-skills', notAnswered],
  ]) {
    const loads = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ ...device, serviceWorkers: 'block' });
      if (session) await context.addCookies(cookieFor(session));
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask', buffered: true });
      });
      const m = await meter(context, page);
      await page.goto(BASE + url);
      await page.locator('h1').first().waitFor({ state: 'visible', timeout: 30_000 });
      await m.quiet();
      const { tasks, fcp } = await page.evaluate(() => ({
        tasks: window.__longTasks,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
      }));
      const blocking = tasks.filter(([start]) => start >= fcp).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
      loads.push({ blocking, longest: Math.max(0, ...tasks.map(([, d]) => d)), count: tasks.length });
      await context.close();
    }
    const b = loads.map((l) => l.blocking);
    console.log(`  ${name.padEnd(26)} blocking after FCP ${median(b).toFixed(0)} ms [${b.map((x) => x.toFixed(0)).join(' ')}]; long tasks ${loads.map((l) => l.count).join('/')}, the longest ${Math.max(...loads.map((l) => l.longest)).toFixed(0)} ms`);
  }
  await browser.close();
}

let over = 0;
if (!args.has('--no-weights')) over = await weights();
if (!args.has('--no-lighthouse')) {
  lighthouse();
  console.log();
  await mainThread();
}
if (over > 0) console.log(`\n${over} participant page(s) over the ${BUDGET_KB} KB budget.`);
process.exit(over > 0 ? 1 : 0);
