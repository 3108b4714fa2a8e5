// The questionnaires end to end on the phone viewport: every screen passes
// axe, one questionnaire is done by keyboard alone, the result and the printable
// report show chart and explanations, no item id or answer leaves the browser,
// and no draft stays on the device after submitting.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SKIP, answerScreen, expectNoA11yViolations, newParticipant, recordRequests, signIn, type Recorded } from './helpers';

/** Item ids straight from the shipped definition, so the check covers every item. */
function itemIds(instrument: string): string[] {
  const file = path.resolve(__dirname, '..', '..', 'shared', 'instruments', `${instrument}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).items.map((i: { id: string }) => i.id);
}


/** Presses Tab until the focused element's text matches; fails if it never does. */
async function tabTo(page: Page, text: RegExp, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (text.test(focused)) return;
  }
  throw new Error(`no focusable element matching ${text}`);
}

function expectNothingLeaked(requests: Recorded[], ids: string[], answers: number[], origin: string) {
  const vector = answers.join(',');
  for (const r of requests) {
    const everything = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
    for (const id of ids) {
      expect(everything, `${r.method} ${r.url} leaks ${id}`).not.toContain(`"${id}"`);
      expect(r.url, `${r.url} leaks ${id}`).not.toContain(id);
      expect(r.body, `${r.method} ${r.url} leaks ${id}`).not.toContain(id);
    }
    expect(everything).not.toContain(vector);
    expect(everything).not.toMatch(/"answers"/);
    expect(new URL(r.url).origin).toBe(origin);
  }
}

async function expectNoDraft(page: Page) {
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.draft.')));
  expect(kept).toEqual([]);
}

async function checkPrintView(page: Page, instrument: string) {
  await expect(page).toHaveURL(new RegExp(`/results/${instrument}/print$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Bericht|Report/);
  await expect(page.getByRole('figure')).toBeVisible();
  // Whoever holds the paper sees who did the counselling.
  await expect(page.locator('.report-meta')).toContainText(/(Beratung durch|Counselling by)Träger Beispiel \(E2E\), Testweg 1, 12345 Teststadt/);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expectNoA11yViolations(page, `${instrument} print view`);
  await page.emulateMedia({ media: 'screen' });
}

test('motivation: proFive and mLevel on a phone, with one question skipped', async ({ page }) => {
  const requests = recordRequests(page);
  await signIn(page, newParticipant('Mika'));
  await page.getByRole('link', { name: /(Beginnen|Start).*Motivation/ }).click();
  await expect(page).toHaveURL(/\/questionnaire\/motivation$/);
  await expect(page.getByText(/mLevel/)).toBeVisible();
  await expectNoA11yViolations(page, 'motivation intro');
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();

  const screens = [
    [5, 4, 2, 4], // work orientation → 81
    [3, 4, 3, 3], // perseverance → 56
    [2, 2, 4, 3], // supportive environment → 31
    [4, SKIP, 2, 4], // prudence, one skipped → 75
    [5, 5, 1, 5], // self-efficacy → 100
    [4, 4, 5, 4], // hope of success
    [2, 1, 2, 2], // fear of failure (reverse-keyed) → mLevel 81
  ];
  for (const [n, values] of screens.entries()) {
    await expect(page.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(page.getByRole('heading', { level: 2 })).toContainText(`${n * 4 + 1}–${n * 4 + 4}`);
    await answerScreen(page, values);
    if (n === 0) {
      await expectNoA11yViolations(page, 'motivation items');
      // Without the opt-in, answers live in memory only.
      await expectNoDraft(page);
    }
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/prüfen|Check/);
  await expect(page.getByText(/^(übersprungen|skipped)$/)).toHaveCount(1);
  await expect(page.getByText(/27 (von|of) 28/)).toBeVisible();
  await expectNoA11yViolations(page, 'motivation review');

  const upload = page.waitForRequest((r) => r.url().endsWith('/api/v1/results') && r.method() === 'POST');
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  const body = JSON.parse((await upload).postData() ?? '{}');
  expect(Object.keys(body).sort()).toEqual(['completion_seconds', 'instrument', 'quality', 'scales', 'version']);
  expect(body.scales).toEqual([
    { scale: 'work-orientation', score: 81, band: 'high' },
    { scale: 'perseverance', score: 56, band: 'medium' },
    { scale: 'support', score: 31, band: 'low' },
    { scale: 'prudence', score: 75, band: 'high' },
    { scale: 'self-efficacy', score: 100, band: 'high' },
    { scale: 'mlevel', score: 81, band: 'success' },
  ]);
  expect(body.quality).toBe('ok');

  await expect(page).toHaveURL(/\/results\/motivation$/);
  await expect(page.getByRole('figure')).toBeVisible();
  // mLevel is one orientation between two poles, with its explanation, and it is
  // said plainly that it never goes to the agency.
  await expect(page.locator('.chart .chart-poles')).toHaveCount(1);
  await expect(page.locator('.chart .chart-marker')).toHaveCount(1);
  await expect(page.locator('.scales').getByText(/eher Erfolg anstreben|rather seeking success/)).toBeVisible();
  await expect(page.getByText(/Es geht nie an die Agentur|It never goes to the employment agency/)).toHaveCount(1);
  await expectNoA11yViolations(page, 'motivation result');
  await expectNoDraft(page);

  await page.getByRole('link', { name: /Bericht zum Drucken|report for printing/ }).click();
  await checkPrintView(page, 'motivation');
  // The report follows the language switch: German and English alike.
  for (const [lang, heading, band] of [
    ['de', 'Bericht: Motivation und Antrieb', 'eher Erfolg anstreben'],
    ['en', 'Report: Motivation and drive', 'rather seeking success'],
  ]) {
    await page.getByRole('combobox', { name: /^(Sprache|Language)$/ }).selectOption(lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.locator('.scales')).toContainText(band);
    await expect(page.getByRole('figure')).toContainText(band);
  }
  expectNothingLeaked(requests, itemIds('motivation'), screens.flat(), new URL(page.url()).origin);
});

test('fit-for-work: the whole questionnaire by keyboard alone', async ({ page }) => {
  const requests = recordRequests(page);
  await signIn(page, newParticipant('Sam'));
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  // From the overview to the questionnaire, and through it: Tab, Space, arrows, Enter.
  // (The cards appear together once their definitions are in.)
  await expect(page.getByRole('link', { name: /(Beginnen|Start).*(Arbeitsfähigkeit|Fitness for work)/ })).toBeVisible();
  await tabTo(page, /(Beginnen|Start).*(Arbeitsfähigkeit|Fitness for work)/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/questionnaire\/fit-for-work$/);
  await expectNoA11yViolations(page, 'fit-for-work intro');
  await tabTo(page, /^(Los geht's|Let's start)$/);
  await page.keyboard.press('Enter');

  // 1 = without difficulty … 5 = not possible.
  const values = [1, 2, 1, 3, 1, 1, 2, 1, 5, 1, 1, 2, 1, 3, 1, 1];
  for (let screen = 0; screen < 4; screen++) {
    await expect(page.getByRole('heading', { level: 2 })).toBeFocused();
    if (screen === 0) await expectNoA11yViolations(page, 'fit-for-work items');
    for (const value of values.slice(screen * 4, screen * 4 + 4)) {
      await page.keyboard.press('Tab'); // into the next radio group
      await page.keyboard.press('Space'); // picks the first option
      for (let step = 1; step < value; step++) await page.keyboard.press('ArrowDown');
      await expect(page.locator('input[type="radio"]:focus')).toBeChecked();
    }
    await tabTo(page, /^(Weiter|Next|Antworten prüfen|Check answers)$/);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/prüfen|Check/);
  await expect(page.getByRole('heading', { level: 2 })).toBeFocused();
  await expectNoA11yViolations(page, 'fit-for-work review');

  const upload = page.waitForRequest((r) => r.url().endsWith('/api/v1/results') && r.method() === 'POST');
  await tabTo(page, /speichern|save result/);
  await page.keyboard.press('Enter');
  const body = JSON.parse((await upload).postData() ?? '{}');
  // Keyed 5 − answer: 53 of 64 points → 83, "few limitations". Only the index.
  expect(body.scales).toEqual([{ scale: 'index', score: 83, band: 'few' }]);

  await expect(page).toHaveURL(/\/results\/fit-for-work$/);
  await expect(page.locator('.scales').getByText(/83 (von|out of) 100/)).toBeVisible();
  await expect(page.locator('.scales').getByText(/kaum Einschränkungen|few limitations/)).toBeVisible();
  await expect(page.locator('.chart .chart-bar')).toHaveCount(1);
  // The index's bands are listed under its bar, thresholds included.
  await expect(page.locator('.chart-legend li')).toHaveText([/^0–49: /, /^50–74: /, /^75–100: /]);
  await expectNoA11yViolations(page, 'fit-for-work result');
  await expectNoDraft(page);

  await tabTo(page, /Bericht zum Drucken|report for printing/);
  await page.keyboard.press('Enter');
  await checkPrintView(page, 'fit-for-work');
  expectNothingLeaked(requests, itemIds('fit-for-work'), values, new URL(page.url()).origin);
});

test('soft skills: progress kept on the device only when asked, wiped on submit', async ({ page }) => {
  const requests = recordRequests(page);
  await signIn(page, newParticipant('Alex'));
  await page.getByRole('link', { name: /(Beginnen|Start).*(Persönliche Kompetenzen|Personal competences)/ }).click();
  await page.getByRole('checkbox', { name: /Fortschritt|progress/ }).check();
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await answerScreen(page, [4, 4, 2, 4]);
  // Filed under the participant's opaque tag, never under the questionnaire
  // alone; written once encrypted (asynchronously, see drafts.spec.ts).
  await expect
    .poll(() =>
      page.evaluate(() => Object.keys(localStorage).filter((k) => /^lotse\.draft\.[0-9a-f]{24}\.soft-skills$/.test(k))),
    )
    .toHaveLength(1);

  // A reload brings the answers back where they were (the tab's copy), the
  // box still ticked.
  await page.reload();
  await expect(page.getByRole('group').first().getByRole('radio').nth(3)).toBeChecked();
  await page.getByRole('button', { name: /^(Zurück|Back)$/ }).click();
  await expect(page.getByRole('checkbox', { name: /Fortschritt|progress/ })).toBeChecked();
  await page.getByRole('button', { name: /Weiter ausfüllen|Continue/ }).click();
  await expect(page.getByRole('group').first().getByRole('radio').nth(3)).toBeChecked();
  await page.getByRole('button', { name: /^(Weiter|Next)$/ }).click();

  const values = [4, 4, 2, 4, ...Array(7).fill([3, 4, 2, 5]).flat()];
  for (let screen = 1; screen < 8; screen++) {
    await answerScreen(page, values.slice(screen * 4, screen * 4 + 4));
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  // "Change" on the review returns to that very question, focus on its answer.
  await page.getByRole('button', { name: /(Ändern|Change).*(Aufgaben bleiben|Tasks often remain)/ }).click();
  await expect(page.locator('#rel-3-2')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // 2 → 3
  await expect(page.locator('#rel-3-3')).toBeChecked();
  for (let screen = 0; screen < 8; screen++) {
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/prüfen|Check/);
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  await expect(page).toHaveURL(/\/results\/soft-skills$/);
  await expect(page.locator('.chart .chart-bar')).toHaveCount(8);
  await expectNoDraft(page);

  // Done now: the overview offers the result, not a second submission.
  await page.getByRole('link', { name: /Übersicht|overview/ }).click();
  const card = page.locator('li.module').filter({ hasText: /Persönliche Kompetenzen|Personal competences/ });
  await expect(card.getByText(/^(erledigt|done)$/)).toBeVisible();
  await expect(card.getByRole('link', { name: /Ergebnis ansehen|See result/ })).toBeVisible();
  await expect(card.getByRole('link', { name: /Beginnen|Start/ })).toHaveCount(0);
  await expectNoA11yViolations(page, 'overview with a result');
  expectNothingLeaked(requests, itemIds('soft-skills'), values, new URL(page.url()).origin);
});

test('definitions are served from the same files, never cached stale; unknown ones are refused', async ({ page }) => {
  const served = await page.request.get('/instruments/motivation.json');
  expect(served.status()).toBe(200);
  expect(served.headers()['cache-control']).toBe('no-cache');
  const file = path.resolve(__dirname, '..', '..', 'shared', 'instruments', 'motivation.json');
  expect(await served.json()).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));

  await signIn(page, newParticipant('Noa'));
  await page.goto('/questionnaire/mind-reader');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/gibt es nicht|does not exist/);
  // Only plain ids become a path; anything else is refused before any request.
  const requests = recordRequests(page);
  await page.goto('/questionnaire/Motivation%3Fx=1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/gibt es nicht|does not exist/);
  expect(requests.filter((r) => r.url.includes('/instruments/'))).toEqual([]);
});

test('interests (module 1): six areas scored on the device, only the aggregate uploaded', async ({ page }) => {
  const requests = recordRequests(page);
  await signIn(page, newParticipant('Ines'));
  await page.getByRole('link', { name: /(Beginnen|Start).*(Berufliche Interessen|Occupational interests)/ }).click();
  await expect(page).toHaveURL(/\/questionnaire\/interests$/);
  await expectNoA11yViolations(page, 'interests intro');
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  const screens = [[5, 4, 2, 1], [1, 2, 4, 5], [3, 5, 1, 4], [4, 1, 5, 2], [2, 3, 3, 5], [5, 1, 4, 3]];
  for (const [n, values] of screens.entries()) {
    await expect(page.getByRole('heading', { level: 2 })).toContainText(`${n * 4 + 1}–${n * 4 + 4}`);
    await answerScreen(page, values);
    if (n === 0) await expectNoA11yViolations(page, 'interests items');
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await expect(page.getByText(/24 (von|of) 24/)).toBeVisible();
  const upload = page.waitForRequest((r) => r.url().endsWith('/api/v1/results') && r.method() === 'POST');
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  const body = JSON.parse((await upload).postData() ?? '{}');
  expect(Object.keys(body).sort()).toEqual(['completion_seconds', 'instrument', 'quality', 'scales', 'version']);
  expect(body.instrument).toBe('interests');
  expect(body.scales.map((s: { scale: string }) => s.scale)).toEqual([
    'practical', 'investigative', 'creative', 'social', 'enterprising', 'organising',
  ]);
  for (const s of body.scales) {
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(100);
    expect(['low', 'medium', 'high']).toContain(s.band);
  }
  await expect(page).toHaveURL(/\/results\/interests$/);
  await expect(page.getByRole('figure')).toBeVisible();
  await expectNoA11yViolations(page, 'interests result');
  await expectNoDraft(page);
  expectNothingLeaked(requests, itemIds('interests'), screens.flat(), new URL(page.url()).origin);
});
