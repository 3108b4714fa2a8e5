// A session that runs out while answering (issue 10), against the second
// server of playwright.config.ts whose sessions end after 30 idle seconds
// (LOTSE_SESSION_IDLE_SECONDS): the warning comes first and "stay signed in"
// works; if it ends anyway, the answers on the page are kept and are sent after
// signing in again in place. Someone else signing in there gets none of them.
import { expect, test, type Page } from '@playwright/test';
import { AGREE, answerScreen, expectNoA11yViolations, newParticipant, signIn } from './helpers';

const SHORT_DIR = process.env.LOTSE_E2E_SHORT_DIR!;
const SOFT = /(Persönliche Kompetenzen|Personal competences)/;
const NEXT = /^(Weiter|Next|Antworten prüfen|Check answers)$/;
// With 30 idle seconds the warning comes 13 s and the end 31 s after the last
// contact; the client checks its clock every 5 s.
const WAIT = { timeout: 45_000 };

test.describe.configure({ timeout: 120_000 });

async function startSoftSkills(page: Page) {
  await page.getByRole('link', { name: new RegExp(`(Beginnen|Start).*${SOFT.source}`) }).click();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await answerScreen(page, [4, 4, 2, 4]);
}

test('warned before the end; after it, the answers are kept and sent after signing in again', async ({ page }) => {
  const code = newParticipant('Slow Reader', SHORT_DIR);
  await signIn(page, code);
  await startSoftSkills(page);
  const keepAlives: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/session') && r.method() === 'GET') keepAlives.push(r.postData() ?? '');
  });

  // Reading without touching anything: the warning comes, focus on its button.
  const warning = page.getByRole('alertdialog', { name: /bald abgemeldet|signed out soon/ });
  await expect(warning).toBeVisible(WAIT);
  const stay = warning.getByRole('button', { name: /Angemeldet bleiben|Stay signed in/ });
  await expect(stay).toBeFocused();
  await expectNoA11yViolations(page, 'session warning');
  await stay.click();
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('live-region')).toHaveText(/bleiben angemeldet|stay signed in/);
  // The keep-alive carried nothing: no body, no answer.
  expect(keepAlives.length).toBeGreaterThan(0);
  expect(keepAlives.every((body) => body === '')).toBe(true);

  // Idle again, past the end: the page stays, answers and all.
  const ended = page.getByRole('dialog', { name: /abgelaufen|session has ended/ });
  await expect(ended).toBeVisible(WAIT);
  await expect(ended.getByRole('heading')).toBeFocused();
  await expect(page).toHaveURL(/\/questionnaire\/soft-skills$/);
  await expect(page.getByRole('group').first().getByRole('radio').nth(3)).toBeChecked();
  await expectNoA11yViolations(page, 'session ended, sign in again');
  // The server agrees the session is over.
  expect((await page.request.get('/api/v1/session')).status()).toBe(401);

  await ended.getByLabel(/Zugangscode|Access code/).fill(code);
  await ended.getByRole('button', { name: /Wieder anmelden|Sign in again/ }).click();
  await expect(ended).toBeHidden();
  await expect(page.getByRole('group').first().getByRole('radio').nth(3)).toBeChecked();
  // Send what was kept: open items are listed, and sent anyway.
  for (let screen = 0; screen < 8; screen++) await page.getByRole('button', { name: NEXT }).click();
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  await page.locator('.error-summary').getByRole('button', { name: /Trotzdem|anyway/ }).click();
  await expect(page).toHaveURL(/\/results\/soft-skills$/);
});

test('someone else signing in where a session ended gets none of the answers', async ({ page }) => {
  await signIn(page, newParticipant('Left The Room', SHORT_DIR));
  await startSoftSkills(page);
  const ended = page.getByRole('dialog', { name: /abgelaufen|session has ended/ });
  await expect(ended).toBeVisible({ timeout: 60_000 });

  await ended.getByLabel(/Zugangscode|Access code/).fill(newParticipant('Next Person', SHORT_DIR));
  await ended.getByRole('button', { name: /Wieder anmelden|Sign in again/ }).click();
  // A new person: their own privacy notice first, then their own overview.
  await expect(page).toHaveURL(/\/consent$/);
  await page.getByRole('button', { name: AGREE }).click();
  await expect(page).toHaveURL(/\/modules$/);
  await expect(page.getByText(/Next Person/)).toBeVisible();
  const card = page.locator('li.module').filter({ hasText: SOFT });
  await expect(card.getByRole('link', { name: /^(Beginnen|Start)/ })).toBeVisible();
  await card.getByRole('link', { name: /^(Beginnen|Start)/ }).click();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await expect(page.getByRole('group')).toHaveCount(4);
  for (const radio of await page.getByRole('radio').all()) await expect(radio).not.toBeChecked();
});
