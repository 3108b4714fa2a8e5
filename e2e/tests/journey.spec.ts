// The questionnaire journey never loses an answer and never gets stuck (issue 10):
// answers survive Back and forward and a reload (the tab's encrypted copy), leaving
// with answers that only this page holds asks first, a done
// module is closed until it is released again, open items are listed before
// sending, and a draft kept on a shared device is offered to its owner only.
import { expect, test, type Page } from '@playwright/test';
import { answerScreen, expectNoA11yViolations, newParticipant, signIn } from './helpers';

const NEXT = /^(Weiter|Next|Antworten prüfen|Check answers)$/;
const SEND = /^(Ergebnis berechnen und speichern|Calculate and save result)$/;

async function openQuestionnaire(page: Page, title: RegExp) {
  await page.getByRole('link', { name: new RegExp(`(Beginnen|Start|Weiter ausfüllen|Continue).*${title.source}`) }).click();
}

const SOFT = /(Persönliche Kompetenzen|Personal competences)/;
const FIT = /(Arbeitsfähigkeit|Fitness for work)/;

/** Answers the whole fit-for-work questionnaire (16 items) and sends it. */
async function doFitForWork(page: Page) {
  await openQuestionnaire(page, FIT);
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  for (let screen = 0; screen < 4; screen++) {
    await answerScreen(page, [1, 2, 1, 2]);
    await page.getByRole('button', { name: NEXT }).click();
  }
  await page.getByRole('button', { name: SEND }).click();
  await expect(page).toHaveURL(/\/results\/fit-for-work$/);
}

test('answers survive Back to the overview and forward again', async ({ page }) => {
  await signIn(page, newParticipant('Robin'));
  await openQuestionnaire(page, SOFT);
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await answerScreen(page, [4, 4, 2, 4]);
  await page.getByRole('button', { name: NEXT }).click();
  await answerScreen(page, [1, 2, 3, 5]);

  // The browser's Back goes to the overview: the card now says "Continue".
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/modules$/);
  await openQuestionnaire(page, SOFT);
  // Where the participant left off: the second screen, answers in place.
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/5–8/);
  await expect(page.getByRole('group').nth(3).getByRole('radio').nth(4)).toBeChecked();
  await page.getByRole('button', { name: /^(Zurück|Back)$/ }).click();
  await expect(page.getByRole('group').first().getByRole('radio').nth(3)).toBeChecked();
  // Nothing of this was kept on the device: the participant did not ask for it.
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.draft.')));
  expect(kept).toEqual([]);
});

test('a reload keeps the answers in the tab, encrypted; without the key it asks first; sign-out asks', async ({ page }) => {
  await signIn(page, newParticipant('Kim'));
  await openQuestionnaire(page, SOFT);
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await answerScreen(page, [3, 3, 3, 3]);

  // The tab keeps an encrypted copy: a reload finds the same screen, nothing
  // asked, and the copy shows neither an item nor an answer.
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
  });
  await expect.poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('lotse.draft.')).length)).toBe(1);
  const copy = await page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('lotse.draft.'))![1]);
  expect(copy).toMatch(/^[A-Za-z0-9+/]+=*$/);
  expect(atob(copy)).not.toMatch(/answers|soft|step|Page/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/1–4/);
  await expect(page.getByRole('group').first().getByRole('radio').nth(2)).toBeChecked();
  expect(asked).toEqual([]);
  // Nothing on the device beyond this tab: the participant did not ask for it.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.draft.')))).toEqual([]);
  page.removeAllListeners('dialog');

  // Without the draft key (no connection for it) the answers are in this
  // page's memory only: a reload would throw them away, so the browser asks;
  // staying keeps them.
  await page.route('**/api/v1/me/draft-key', (route) => route.abort());
  await page.reload();
  await page.getByRole('button', { name: /Weiter ausfüllen|Continue|Los geht|Let's start/ }).first().click();
  await answerScreen(page, [2, 2, 2, 2]);
  page.once('dialog', async (dialog) => {
    asked.push(dialog.type());
    await dialog.dismiss();
  });
  await page.reload({ timeout: 3_000 }).catch(() => undefined);
  expect(asked).toEqual(['beforeunload']);
  await expect(page.getByRole('group').first().getByRole('radio').nth(1)).toBeChecked();
  await page.unroute('**/api/v1/me/draft-key');

  // Signing out asks too; "cancel" keeps the participant signed in.
  page.once('dialog', async (dialog) => {
    asked.push(dialog.type());
    expect(dialog.message()).toMatch(/nicht abgeschickt|not sent yet/);
    await dialog.dismiss();
  });
  await page.getByRole('button', { name: /^(Abmelden|Sign out)$/ }).click();
  await expect.poll(() => asked.length).toBe(2);
  await expect(page.getByRole('group').first().getByRole('radio').nth(1)).toBeChecked();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: /^(Abmelden|Sign out)$/ }).click();
  await expect(page).toHaveURL(/\/\?lang=[a-z-]+&signed-out$/);
  await expect(page.getByLabel(/Zugangscode|Access code/)).toBeVisible();
});

test('a done questionnaire shows its result; skip and a second upload are refused', async ({ page }) => {
  await signIn(page, newParticipant('Mika'));
  await doFitForWork(page);
  await page.getByRole('link', { name: /Übersicht|overview/ }).click();
  const card = page.locator('li.module').filter({ hasText: FIT });
  await expect(card.getByRole('link', { name: /Ergebnis ansehen|See result/ })).toBeVisible();
  await expect(card.getByRole('link', { name: /Beginnen|Start|Continue|Weiter ausfüllen|Fill in again|erneut/ })).toHaveCount(0);

  // Even by its address the questionnaire is closed, with the way to the result;
  // the server does not write an introduction to start it first.
  const written = await (await page.request.get('/questionnaire/fit-for-work')).text();
  expect(written).not.toContain('id="pre"');
  expect(written).toMatch(/\/questionnaire-app\/lotse-questionnaire-[0-9a-f]+\.js/);
  await page.goto('/questionnaire/fit-for-work');
  await expect(page.getByText(/haben Sie ausgefüllt|You have filled in this questionnaire/)).toBeVisible();
  await expect(page.getByRole('button', { name: /Los geht|Let's start/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Ergebnis ansehen|See result/ })).toBeVisible();
  await expectNoA11yViolations(page, 'a done questionnaire');

  // The server enforces it: one result per release.
  const headers = { 'x-lotse-request': '1', 'content-type': 'application/json' };
  const skip = await page.request.post('/api/v1/modules/fit-for-work/skip', { headers });
  expect(skip.status()).toBe(409);
  expect((await skip.json()).error.code).toBe('conflict');
  const { version } = await (await page.request.get('/instruments/fit-for-work.json')).json();
  const again = await page.request.post('/api/v1/results', {
    headers,
    data: {
      instrument: 'fit-for-work',
      version,
      scales: [{ scale: 'index', score: 75, band: 'few' }],
      quality: 'ok',
      completion_seconds: 120,
    },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe('conflict');
  const results = await (await page.request.get('/api/v1/results')).json();
  expect(results.filter((r: { instrument: string }) => r.instrument === 'fit-for-work')).toHaveLength(1);
});

test('open items are listed before sending; with nothing to score, sending is refused', async ({ page }) => {
  await signIn(page, newParticipant('Noa'));
  await openQuestionnaire(page, SOFT);
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  // Straight through without answering: nothing can be scored.
  for (let screen = 0; screen < 8; screen++) await page.getByRole('button', { name: NEXT }).click();
  await page.getByRole('button', { name: SEND }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(32);
  await expect(summary).toContainText(/keine einzige Skala|not one scale/);
  await expect(summary.getByRole('button', { name: /Trotzdem|anyway/ })).toHaveCount(0);
  await expectNoA11yViolations(page, 'review with open items, nothing to score');

  // Each entry leads to its item, focus on it.
  await summary.getByRole('link', { name: /(Aussage|Statement) 6:/ }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/5–8/);
  await expect(page.locator('fieldset').nth(1).getByRole('radio').first()).toBeFocused();

  // Answer two screens: some scales can be scored now, so "send anyway" is offered.
  await page.getByRole('button', { name: /^(Zurück|Back)$/ }).click();
  await answerScreen(page, [4, 4, 2, 4]);
  await page.getByRole('button', { name: NEXT }).click();
  await answerScreen(page, [3, 4, 2, 5]);
  for (let screen = 1; screen < 8; screen++) await page.getByRole('button', { name: NEXT }).click();
  await page.getByRole('button', { name: SEND }).click();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(24);
  await expect(page).toHaveURL(/\/questionnaire\/soft-skills$/);
  await summary.getByRole('button', { name: /Trotzdem|anyway/ }).click();
  await expect(page).toHaveURL(/\/results\/soft-skills$/);
});

test('a draft kept on a shared device is never offered to the next participant', async ({ page }) => {
  await signIn(page, newParticipant('First'));
  await openQuestionnaire(page, SOFT);
  await page.getByRole('checkbox', { name: /Fortschritt|progress/ }).check();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await answerScreen(page, [4, 4, 2, 4]);
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.draft.')).length))
    .toBe(1);

  // The first person walks away without signing out; their session ends.
  await page.context().clearCookies();
  await signIn(page, newParticipant('Second'));
  const card = page.locator('li.module').filter({ hasText: SOFT });
  await expect(card.getByRole('link', { name: /^(Beginnen|Start)/ })).toBeVisible();
  await openQuestionnaire(page, SOFT);
  await expect(page.getByRole('checkbox', { name: /Fortschritt|progress/ })).not.toBeChecked();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  for (const radio of await page.getByRole('radio').all()) await expect(radio).not.toBeChecked();
});
