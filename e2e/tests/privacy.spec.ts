// The privacy contract (SPEC §3), proven from the outside: a participant answers
// with a canary pattern; afterwards no request, server log line or database byte
// holds an item id or the answers, and nothing is left on the device.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newParticipant, recordRequests, signIn } from './helpers';

const dataDir = () => process.env.LOTSE_E2E_DIR!;

/** Every file the server writes: database, its WAL, and the log. */
function serverBytes(): string {
  return fs
    .readdirSync(dataDir())
    .map((f) => path.join(dataDir(), f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
}

/** Answers every item of the questionnaire on screen with `pick(n)`; returns the item ids. */
async function answerAll(page: Page, pick: (n: number) => number): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const review = page.getByRole('heading', { level: 2, name: /prüfen|Check your answers/ });
    if (await review.isVisible()) break;
    const groups = page.getByRole('group');
    const count = await groups.count();
    for (let i = 0; i < count; i++) {
      const radios = groups.nth(i).getByRole('radio');
      const id = await radios.first().getAttribute('name');
      ids.push(id!);
      await radios.nth(pick(ids.length - 1) % (await radios.count())).check();
    }
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  return ids;
}

test('no item id or answer reaches the network, the server log or the database', async ({ page }) => {
  const requests = recordRequests(page);
  await signIn(page, newParticipant('Canary'));
  await page.getByRole('link', { name: /Beginnen|Start/ }).first().click();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  // Canary: a fixed, recognisable sequence of options.
  const canary = [4, 0, 3, 1, 2, 4, 4, 0, 1, 3];
  const ids = await answerAll(page, (n) => canary[n % canary.length]);
  expect(ids.length).toBeGreaterThanOrEqual(8);
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  await expect(page).toHaveURL(/\/results\//);
  await expect(page.getByRole('figure')).toBeVisible();

  const sent = requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n');
  const stored = serverBytes();
  expect(stored).toContain('interests'); // the check reads the right files
  for (const id of ids) {
    expect(sent, `a request carried item ${id}`).not.toContain(`"${id}"`);
    expect(sent).not.toContain(`${id}=`);
    expect(stored, `the server stored or logged item ${id}`).not.toContain(id);
  }
  const vector = ids.map((_, n) => canary[n % canary.length] + 1).join(',');
  expect(sent).not.toContain(vector);
  expect(stored).not.toContain(vector);
  // Cookies carry the session only.
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).toEqual(['lotse_session']);
  expect(cookies[0].httpOnly).toBe(true);
  expect(cookies[0].sameSite).toBe('Strict');
});

test('progress kept on the device is wiped at sign-out', async ({ page }) => {
  await signIn(page, newParticipant('Drafty'));
  await page.getByRole('link', { name: /Beginnen|Start/ }).first().click();
  await page.getByLabel(/Fortschritt auf diesem Gerät|Keep my progress/).check();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await page.getByRole('group').first().getByRole('radio').nth(2).check();
  const drafts = () =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.draft.')));
  await expect.poll(drafts).toHaveLength(1);
  // The draft is on the device only: never in the URL.
  expect(page.url()).not.toMatch(/\?|#./);

  await page.getByRole('button', { name: /Abmelden|Sign out/ }).click();
  // The sign-in page (the server's) says so.
  await expect(page.getByText(/Sie sind abgemeldet|You are signed out/)).toBeVisible();
  await expect(page).toHaveURL(/\/\?lang=[a-z-]+&signed-out$/);
  expect(await drafts()).toEqual([]);
});
