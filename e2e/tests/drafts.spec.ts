// Answers kept on the device (SPEC §3): encrypted under a key only the
// participant's own session is given, so the stored value says nothing, a
// reload brings it back, sending deletes it, and no one else who signs in on
// the device gets it: their key does not open it, and it is removed.
import { expect, test, type Page, type Response } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerScreen, expectNoA11yViolations, newParticipant, recordRequests, signIn } from './helpers';

const KEY_PATH = '/api/v1/me/draft-key';
const CONTINUE = /Weiter ausfüllen|Continue/;

function itemIds(instrument: string): string[] {
  const file = path.resolve(__dirname, '..', '..', 'shared', 'instruments', `${instrument}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).items.map((i: { id: string }) => i.id);
}

/** Every kept draft on the device: storage name → stored value. */
async function drafts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('lotse.draft.'))
        .map((k) => [k, localStorage.getItem(k) ?? '']),
    ),
  );
}

/** Collects the answers to the draft-key request. */
function keyResponses(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === KEY_PATH) seen.push(r);
  });
  return seen;
}

async function startSoftSkills(page: Page, keep: boolean) {
  await page.getByRole('link', { name: /(Beginnen|Start).*(Persönliche Kompetenzen|Personal competences)/ }).click();
  if (keep) await page.getByRole('checkbox', { name: /Fortschritt|progress/ }).check();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
}

test('a kept draft is ciphertext under the participant\'s key, comes back after a reload, and is gone after sending', async ({ page }) => {
  const requests = recordRequests(page);
  const keys = keyResponses(page);
  await signIn(page, newParticipant('Kim'));
  await startSoftSkills(page, true);
  const given = [4, 4, 2, 4];
  await answerScreen(page, given);

  // The write is asynchronous (encryption): wait for the last answer to land.
  await expect.poll(async () => Object.keys(await drafts(page))).toHaveLength(1);
  const [[name, stored]] = Object.entries(await drafts(page));
  expect(name).toMatch(/^lotse\.draft\.[0-9a-f]{24}\.soft-skills$/);
  // base64(IV ‖ ciphertext): no item id, no answer, no JSON at all.
  expect(stored).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  expect(() => JSON.parse(stored)).toThrow();
  for (const id of itemIds('soft-skills')) expect(stored).not.toContain(id);
  expect(stored).not.toContain(given.join(','));
  const raw = Buffer.from(stored, 'base64');
  expect(raw.length).toBeGreaterThan(12 + 16);
  // The last change wins: each answer rewrote it, with a fresh IV.
  const answer = page.getByRole('group').nth(3).getByRole('radio').nth(1);
  await answer.check();
  await expect.poll(async () => (await drafts(page))[name]).not.toBe(stored);
  const rewritten = (await drafts(page))[name];
  expect(Buffer.from(rewritten, 'base64').subarray(0, 12).equals(raw.subarray(0, 12))).toBe(false);

  // The key: a plain GET with no body, never cached, fetched once per page
  // load (the overview's and the questionnaire's), and kept nowhere but in
  // the page's memory.
  expect(keys).toHaveLength(2);
  const keyRequests = requests.filter((r) => new URL(r.url).pathname === KEY_PATH);
  expect(keyRequests.map((r) => [r.method, r.body])).toEqual([['GET', ''], ['GET', '']]);
  // (This page's answer: the overview's went with its page.)
  expect(keys[1].request().postData()).toBeNull();
  expect(keys[1].headers()['cache-control']).toBe('no-store');
  const key: string = (await keys[1].json()).key;
  expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  const everywhere = await page.evaluate(() =>
    JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]),
  );
  expect(everywhere).not.toContain(key);

  // A reload brings the answers back, the changed one included.
  await page.reload();
  await page.getByRole('button', { name: /^(Zurück|Back)$/ }).click();
  await expect(page.getByRole('checkbox', { name: /Fortschritt|progress/ })).toBeChecked();
  await page.getByRole('button', { name: CONTINUE }).click();
  const groups = page.getByRole('group');
  await expect(groups.nth(0).getByRole('radio').nth(3)).toBeChecked();
  await expect(groups.nth(2).getByRole('radio').nth(1)).toBeChecked();
  await expect(groups.nth(3).getByRole('radio').nth(1)).toBeChecked();
  await expectNoA11yViolations(page, 'questionnaire resumed from the device');
  expect(keys).toHaveLength(3);

  // Sending deletes it, and no late write brings it back.
  await page.getByRole('button', { name: /^(Weiter|Next)$/ }).click();
  for (let screen = 1; screen < 8; screen++) {
    await answerScreen(page, [3, 4, 2, 5]);
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  await expect(page).toHaveURL(/\/results\/soft-skills$/);
  await page.waitForTimeout(300);
  expect(await drafts(page)).toEqual({});
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('lotse.draft.')))).toEqual([]);
});

test('another participant signing in on the same browser does not get the draft, and it is removed', async ({ page, context }) => {
  await signIn(page, newParticipant('First'));
  await startSoftSkills(page, true);
  await answerScreen(page, [5, 1, 5, 1]);
  await expect.poll(async () => Object.keys(await drafts(page))).toHaveLength(1);
  const [firstName] = Object.keys(await drafts(page));

  // The first participant walks away without signing out; their session ends.
  await context.clearCookies();
  const keys = keyResponses(page);
  await signIn(page, newParticipant('Second'));
  // Nor the tab's copy: the second key does not open it either.
  await expect
    .poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('lotse.draft.'))))
    .toEqual([]);
  // The second participant's key does not open it: removed, never offered.
  await expect.poll(async () => Object.keys(await drafts(page))).toEqual([]);
  expect(keys.length).toBe(1);
  const card = page.locator('li.module').filter({ hasText: /Persönliche Kompetenzen|Personal competences/ });
  await expect(card.getByRole('link', { name: /Beginnen|Start/ })).toBeVisible();
  await expect(card.getByRole('link', { name: CONTINUE })).toHaveCount(0);
  await expectNoA11yViolations(page, 'overview after someone else\'s draft was removed');
  await card.getByRole('link', { name: /Beginnen|Start/ }).click();
  await expect(page.getByRole('checkbox', { name: /Fortschritt|progress/ })).not.toBeChecked();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  for (let i = 0; i < 4; i++) {
    await expect(page.getByRole('group').nth(i).getByRole('radio').first()).not.toBeChecked();
  }
  expect(Object.keys(await drafts(page))).not.toContain(firstName);
});

test('a draft stored in the clear by an older version is removed, not read', async ({ page }) => {
  await signIn(page, newParticipant('Legacy'));
  // What the app kept before drafts were encrypted: plain JSON under the tag.
  const tag = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).subject as string);
  const name = `lotse.draft.${tag}.soft-skills`;
  await page.evaluate((n) => localStorage.setItem(n, JSON.stringify({ 'soft-1': 5 })), name);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /Ihre Fragebögen|Your questionnaires/ })).toBeVisible();
  await expect.poll(async () => Object.keys(await drafts(page))).toEqual([]);
  const card = page.locator('li.module').filter({ hasText: /Persönliche Kompetenzen|Personal competences/ });
  await expect(card.getByRole('link', { name: /Beginnen|Start/ })).toBeVisible();
});
