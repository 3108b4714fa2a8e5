// How the embedded client is served: pre-compressed variants, long caching for
// hashed assets, and the security headers a browser sees.
import { expect, test } from '@playwright/test';

test('hashed assets are pre-compressed and cached for a year; the page is revalidated', async ({ page, request }) => {
  const pageOf = async (path: string) => {
    const html = await request.get(path, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(html.status()).toBe(200);
    expect(html.headers()['content-encoding']).toBe('br');
    expect(html.headers()['cache-control']).toBe('no-cache');
    return html.text();
  };
  // The sign-in page is the server's own, without WASM; the questionnaire
  // has its own app, and every other participant path gets the participant app.
  const signIn = await request.get('/');
  expect(signIn.headers()['cache-control']).toBe('no-store');
  expect(await signIn.text()).not.toContain('.wasm');
  expect(await pageOf('/questionnaire-app/index.html')).toMatch(/\/questionnaire-app\/lotse-questionnaire-[0-9a-f]+_bg\.wasm/);
  const body = await pageOf('/modules');
  const wasm = body.match(/\/lotse-client-[0-9a-f]+_bg\.wasm/)?.[0];
  const js = body.match(/\/lotse-client-[0-9a-f]+\.js/)?.[0];
  expect(wasm).toBeTruthy();
  expect(js).toBeTruthy();

  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
    const res = await request.get(wasm!, { headers: { 'accept-encoding': encoding } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/wasm');
    expect(res.headers()['content-encoding']).toBe(expected);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['vary']).toBe('accept-encoding');
  }

  // A missing asset is a real 404, not the app page.
  const missing = await request.get('/lotse-client-0000.js');
  expect(missing.status()).toBe(404);

  // The page the browser gets carries the CSP that allows only this origin.
  const response = await page.goto('/');
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
});

test('no request leaves for another origin while the app loads', async ({ page }) => {
  const origins = new Set<string>();
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect([...origins]).toEqual([new URL(page.url()).origin]);
});
