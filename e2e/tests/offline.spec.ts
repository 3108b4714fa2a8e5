// A participant whose connection drops (issue 12): the questionnaire opened
// online is finished offline; the result — never the answers — waits on the
// device, is said to be waiting, and arrives once when the connection returns.
// The service worker's cache holds only the public files anyone gets, and the
// app is installable (manifest, icons, worker).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectNoA11yViolations, newParticipant, recordRequests, signIn } from './helpers';

const definition = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', 'shared', 'instruments', 'fit-for-work.json'), 'utf8'),
);
const itemIds: string[] = definition.items.map((i: { id: string }) => i.id);

/** Answers every screen with the third option until the review is reached. */
async function answerAll(page: Page) {
  const review = page.getByRole('heading', { level: 2, name: /prüfen|Check/ });
  for (let screen = 0; screen < 20 && !(await review.isVisible()); screen++) {
    const groups = page.getByRole('group');
    await expect(groups.first()).toBeVisible();
    for (let i = 0; i < (await groups.count()); i++) {
      await groups.nth(i).getByRole('radio').nth(2).check();
    }
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await expect(review).toBeVisible();
}

/** Signs in, answers fit-for-work online, then sends it with the connection gone. */
async function sendOffline(page: Page, context: BrowserContext, code: string) {
  await signIn(page, code);
  // The worker is installed and controls the page after the first visit.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByRole('link', { name: /(Beginnen|Start).*(Arbeitsfähigkeit|Fitness for work)/ }).click();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await answerAll(page);
  await context.setOffline(true);
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Noch nicht gesendet|Not sent yet/ })).toBeVisible();
}

/** Every entry of every Cache Storage cache of the page's origin: path and body. */
async function cached(page: Page): Promise<{ path: string; body: string }[]> {
  return page.evaluate(async () => {
    const out: { path: string; body: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get('content-type') ?? '';
        // Binary files (WASM, icons) are compared by length only.
        const body = /wasm|image/.test(type) ? `${(await response!.arrayBuffer()).byteLength}` : await response!.text();
        out.push({ path: new URL(request.url).pathname, body });
      }
    }
    return out;
  });
}

test('finished offline: the result waits on the device and arrives once when back online', async ({ page, context, browser }) => {
  const requests = recordRequests(page);
  const uploads: number[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/results') uploads.push(r.status());
  });
  // The connection drops just before sending.
  await sendOffline(page, context, newParticipant('Olli'));
  await expect(page.getByText(/nur das Ergebnis, nicht Ihre Antworten|Only the result waits here, not your answers/)).toBeVisible();
  await expect(page).toHaveURL(/\/questionnaire\/fit-for-work$/);
  await expectNoA11yViolations(page, 'result waiting offline');

  // What waits is the aggregate alone, under the participant's opaque tag.
  const waiting = await page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('lotse.')).map((k) => [k, localStorage.getItem(k)!])),
  );
  const keys = Object.keys(waiting);
  expect(keys).toEqual([expect.stringMatching(/^lotse\.outbox\.[0-9a-f]{24}$/)]);
  const queued = JSON.parse(waiting[keys[0]]);
  expect(queued).toHaveLength(1);
  expect(Object.keys(queued[0]).sort()).toEqual(['completion_seconds', 'instrument', 'quality', 'scales', 'version']);
  for (const id of itemIds) expect(waiting[keys[0]]).not.toContain(id);

  // The worker's cache: public files only, byte for byte what anybody gets.
  const entries = await cached(page);
  expect(entries.length).toBeGreaterThan(0);
  await context.setOffline(false);
  // Back online: it is sent by itself, exactly once, and the result follows
  // (the result page is a page load away from the questionnaire's).
  await expect(page).toHaveURL(/\/results\/fit-for-work$/);
  await expect(page.locator('[aria-live="polite"]')).toContainText(/wartendes Ergebnis wurde gesendet|waiting result has been sent/);
  // A questionnaire's page depends on whether it can be answered, which this
  // participant's can no longer: it must be what someone else, for whom it is
  // open, gets now — nothing in it is this participant's.
  const someoneElse = await (await browser.newContext({ ...test.info().project.use, baseURL: test.info().project.use.baseURL })).newPage();
  await signIn(someoneElse, newParticipant('Someone Else'));
  for (const entry of entries) {
    expect(entry.path, 'no API response is cached').not.toMatch(/^\/api(\/|$)/);
    expect(entry.path).not.toMatch(/^\/staff(\/|$)/);
    const served = await page.request.get(entry.path);
    const type = served.headers()['content-type'] ?? '';
    const body = /wasm|image/.test(type)
      ? `${(await served.body()).length}`
      : /html/.test(type)
        // Pages as the browser asks for them (its language). The sign-in
        // page as the worker keeps it: asked without the cookie (with it, a
        // signed-in participant is sent on to the app).
        ? await (entry.path.startsWith('/questionnaire/') ? someoneElse : page).evaluate(
            (p) => fetch(p, { credentials: p === '/' ? 'omit' : 'same-origin' }).then((r) => r.text()),
            entry.path,
          )
        : await served.text();
    expect(entry.body, `${entry.path} is the public file`).toBe(body);
  }
  await someoneElse.context().close();

  expect(uploads.filter((s) => s >= 200 && s < 300)).toHaveLength(1);
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.outbox.'))))
    .toEqual([]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(uploads.filter((s) => s >= 200 && s < 300)).toHaveLength(1);

  // Nothing but the aggregate ever left the device.
  for (const r of requests) {
    for (const id of itemIds) expect(`${r.url}\n${r.body}`, `${r.method} ${r.url}`).not.toContain(id);
    expect(r.body).not.toMatch(/"answers"/);
  }
});

test('a waiting result the server no longer takes is removed, and the participant is told why', async ({ page, context, browser }) => {
  const code = newParticipant('Pia');
  await sendOffline(page, context, code);
  // Meanwhile the same questionnaire was sent from another device, so one
  // result per release makes the server refuse this one.
  const queued = await page.evaluate(() =>
    Object.entries(localStorage).find(([k]) => k.startsWith('lotse.outbox.'))![1],
  );
  const elsewhere = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page2 = await elsewhere.newPage();
  await signIn(page2, code);
  const status = await page2.evaluate(async (body) => {
    const r = await fetch('/api/v1/results', {
      method: 'POST',
      headers: { 'x-lotse-request': '1', 'content-type': 'application/json' },
      body: JSON.stringify(JSON.parse(body)[0]),
    });
    return r.status;
  }, queued);
  expect(status).toBe(201);
  await elsewhere.close();
  // Back online here: the waiting result goes, and is refused.
  await context.setOffline(false);
  await expect(page.getByText(/nicht angenommen|did not accept/)).toBeVisible();
  await expect(page.getByText(/schon ausgefüllt|already filled in/).first()).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.outbox.'))))
    .toEqual([]);
  await expectNoA11yViolations(page, 'waiting result refused');
});

test('installable: manifest with icons, and a worker that opens the app offline after the first visit', async ({ page, context }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const r = await page.request.get(icon.src);
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('image/png');
  }
  const worker = await page.request.get('/sw.js');
  expect(worker.headers()['cache-control']).toBe('no-cache');
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Chromium's own verdict, the one behind its install prompt. A test's
  // browser context is private ("in-incognito"), which says nothing about
  // Lotse; any error about the manifest, icons or worker fails.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('link', { name: 'Lotse' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await context.setOffline(false);
});
