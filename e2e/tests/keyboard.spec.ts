// A whole questionnaire by keyboard alone (WCAG 2.1.1): sign in, agree to the
// notice, open the questionnaire, answer every item, send it, and land on the
// result — only Tab, Shift+Tab, arrow keys, Space, Enter and typing the code.
// Controls are found by role and visible name, so the test follows the
// questionnaire through changes of its markup.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { newParticipant } from './helpers';
import { exact, texts } from './texts';

const de = texts('de');
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'de-DE' });

/** Presses Tab until `target` (or something inside it) has the focus. */
async function tabTo(page: Page, target: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el.contains(document.activeElement))) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Focus is somewhere in the page, not dropped to the document. */
async function expectFocusKept(page: Page) {
  expect(await page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body)).toBe(true);
}

test('a questionnaire answered and sent by keyboard alone', async ({ page }) => {
  const code = newParticipant('Kai Tastatur');
  await page.goto('/');

  // Sign in: Tab to the field, type, Enter submits the form.
  const codeField = page.getByRole('textbox', { name: de['signin.code_label'] });
  await tabTo(page, codeField);
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');

  // The notice: Tab to "agree", Enter.
  const agree = page.getByRole('button', { name: exact(de['consent.accept']) });
  await expect(agree).toBeEnabled();
  await tabTo(page, agree);
  await page.keyboard.press('Enter');

  // The overview: Tab to the questionnaire's link, Enter.
  await expect(page.getByRole('heading', { level: 1, name: de['overview.title'] })).toBeVisible();
  const start = page.getByRole('link', { name: new RegExp(`${de['overview.start']}.*Persönliche Kompetenzen`) });
  await tabTo(page, start);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/questionnaire\/soft-skills$/);
  const begin = page.getByRole('button', { name: exact(de['q.start']) });
  await tabTo(page, begin);
  await page.keyboard.press('Enter');

  // Eight screens of four items. Tab enters the next item's radio group on its
  // first option, Space chooses it, each ArrowDown moves to and chooses the next.
  const pattern = [5, 4, 2, 5, 1, 2, 3, 4, ...Array(6).fill([4, 4, 2, 4]).flat()];
  const next = page.getByRole('button', { name: new RegExp(`^(${de['q.next']}|${de['q.to_review']})$`) });
  for (let screen = 0; screen < 8; screen++) {
    const groups = page.getByRole('group');
    await expect(groups).toHaveCount(4);
    await expectFocusKept(page);
    for (let i = 0; i < 4; i++) {
      const value = pattern[screen * 4 + i];
      await tabTo(page, groups.nth(i));
      await page.keyboard.press('Space');
      for (let step = 1; step < value; step++) await page.keyboard.press('ArrowDown');
      await expect(groups.nth(i).getByRole('radio').nth(value - 1)).toBeChecked();
      await expect(groups.nth(i).getByRole('radio').nth(value - 1)).toBeFocused();
    }
    await tabTo(page, next);
    await page.keyboard.press('Enter');
  }

  // The review, then sending.
  await expect(page.getByRole('heading', { level: 2, name: de['q.review_heading'] })).toBeVisible();
  await expectFocusKept(page);
  const upload = page.waitForRequest((r) => r.url().endsWith('/api/v1/results') && r.method() === 'POST');
  await tabTo(page, page.getByRole('button', { name: exact(de['q.submit']) }));
  await page.keyboard.press('Enter');
  const sent = JSON.parse((await upload).postData() ?? '{}');

  // The result page, with what the keys chose: reliability 5,4,(6−2),5 → 88,
  // teamwork 1,2,(6−3),4 → 38, every other area 4,4,(6−2),4 → 75.
  await expect(page).toHaveURL(/\/results\/soft-skills$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  expect(sent.scales.map((s: { score: number }) => s.score)).toEqual([88, 38, 75, 75, 75, 75, 75, 75]);
  await expect(page.getByRole('figure')).toContainText('88 von 100');
  await expect(page.getByRole('figure')).toContainText('38 von 100');
});
