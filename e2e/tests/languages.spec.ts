// Lotse in five languages (issue 11): the letter's link fills the code in from
// the URL fragment; a participant signs in, consents, answers a questionnaire
// and reads the result in Dutch and in Bulgarian with zero axe violations; the
// staff sign-in page in every language; the choice is remembered on the device.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerScreen, expectNoA11yViolations, newParticipant } from './helpers';

const TAGS = ['de', 'de-x-easy', 'en', 'nl', 'bg'];

/** The interface texts of a language, merged from its area files. */
function texts(tag: string): Record<string, string> {
  const dir = path.resolve(__dirname, '..', '..', 'client', 'i18n', tag);
  return Object.assign({}, ...fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
}

const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

async function pick(page: Page, tag: string) {
  await page.getByRole('combobox').first().selectOption(tag);
  await expect(page.locator('html')).toHaveAttribute('lang', tag);
}

test('the letter link fills in the code without it reaching the server', async ({ page }) => {
  const code = newParticipant('Linked');
  const seen: string[] = [];
  page.on('request', (r) => seen.push(r.url()));
  await page.goto(`/#code=${code}`);
  await expect(page.getByLabel(/Zugangscode|Access code/)).toHaveValue(code);
  // Gone from the address bar (and so from the history) at once.
  await expect(page).toHaveURL(/\/$/);
  expect(seen.filter((u) => u.includes(code))).toEqual([]);
  // The footer names who is responsible and whom to ask.
  await expect(page.locator('.site-footer')).toContainText('Träger Beispiel (E2E)');
  await expect(page.locator('.site-footer')).toContainText('01234 567890');
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  await expect(page).toHaveURL(/\/consent$/);
});

test('the sign-in page comes in the language this device chose, with the code from the letter', async ({ page }) => {
  // Chosen once on this device (the link on the sign-in page)…
  await page.goto('/');
  await page.locator('.lang-links a[hreflang="nl"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  // …the letter's link, which names no language, opens in it, code and all.
  const code = newParticipant('Taal later');
  await page.goto(`/#code=${code}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByLabel(texts('nl')['signin.code_label'])).toHaveValue(code);
  await expect(page).toHaveURL(/\/\?lang=nl$/);
});

for (const tag of ['nl', 'bg']) {
  test(`a participant's whole way in ${tag}`, async ({ page }) => {
    const t = texts(tag);
    await page.goto('/');
    // The sign-in page is the server's: every language is a link.
    await page.locator(`.lang-links a[hreflang="${tag}"]`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t['signin.title']);
    await expectNoA11yViolations(page, `${tag} sign-in`);
    // Remembered on this device.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', tag);

    await page.getByLabel(t['signin.code_label']).fill(newParticipant(`Taal ${tag}`));
    await page.getByRole('button', { name: exact(t['signin.submit']) }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t['consent.title']);
    // The notice in this language, filled from the organisation's profile.
    await expect(page.getByText(/Träger Beispiel \(E2E\)/).first()).toBeVisible();
    await expectNoA11yViolations(page, `${tag} consent`);
    await page.getByRole('button', { name: exact(t['consent.accept']) }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t['overview.title']);
    await expectNoA11yViolations(page, `${tag} overview`);
    const definition = await (await page.request.get('/instruments/fit-for-work.json')).json();
    await page
      .locator('li.module')
      .filter({ hasText: definition.title[tag] })
      .getByRole('link', { name: new RegExp(t['overview.start']) })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(definition.title[tag]);
    await page.getByRole('button', { name: exact(t['q.start']) }).click();
    await expect(page.getByRole('group').first()).toContainText(definition.items[0].text[tag]);
    await expectNoA11yViolations(page, `${tag} questionnaire`);
    for (let screen = 0; screen < 4; screen++) {
      await answerScreen(page, [1, 2, 1, 2]);
      await page.getByRole('button', { name: exact(screen < 3 ? t['q.next'] : t['q.to_review']) }).click();
    }
    await page.getByRole('button', { name: exact(t['q.submit']) }).click();
    await expect(page).toHaveURL(/\/results\/fit-for-work$/);
    const band = definition.scales[0].bands.find((b: { id: string }) => b.id === 'few');
    await expect(page.getByText(band.label[tag]).first()).toBeVisible();
    await expectNoA11yViolations(page, `${tag} result`);
  });
}

test('the staff sign-in page in every language', async ({ page }) => {
  await page.goto('/staff');
  for (const tag of TAGS) {
    const t = texts(tag);
    await pick(page, tag);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t['staff.signin_title']);
    await expect(page.getByLabel(t['staff.username'])).toBeVisible();
    await expectNoA11yViolations(page, `staff sign-in in ${tag}`);
  }
});
