// The questionnaire's first screen comes with the page (issue 12): a
// participant on a weak connection reads the introduction while the app's
// WASM is still on its way, nothing can be pressed that does not work yet,
// and when the app takes over nothing on the screen moves.
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations, newParticipant, signIn } from './helpers';

// A first visit: no service worker in between (which would fetch the WASM
// itself, out of the page's sight).
test.use({ serviceWorkers: 'block' });

test('the introduction shows before the app has loaded, and the app takes over without a layout shift', async ({ page }) => {
  await signIn(page, newParticipant('Mo'));
  // Every layout shift of the page, from its start.
  await page.addInitScript(() => {
    (window as unknown as { shifts: number[] }).shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!e.hadRecentInput) (window as unknown as { shifts: number[] }).shifts.push(e.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });

  // The app's WASM is held back until the introduction has been checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route('**/questionnaire-app/*_bg.wasm', async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.goto('/questionnaire/soft-skills');

  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/Persönliche Kompetenzen|Personal competences/);
  await expect(page.getByRole('heading', { level: 2, name: /Worum es geht|What this is about/ })).toBeVisible();
  await expect(page.getByText(/Das dauert etwa|This takes about/)).toBeVisible();
  // Nothing works yet, so nothing can be pressed.
  await expect(page.getByRole('button', { name: /Los geht|Let's start/ })).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: /Fortschritt|progress/ })).toBeDisabled();
  await expect(page.getByRole('button', { name: /^(Abmelden|Sign out)$/ })).toBeDisabled();
  await expectNoA11yViolations(page, 'questionnaire introduction before the app');
  const before = await heading.boundingBox();
  const startBefore = await page.getByRole('button', { name: /Los geht|Let's start/ }).boundingBox();
  await expect.poll(() => asked).toBe(true);

  release();
  await expect(page.getByRole('button', { name: /Los geht|Let's start/ })).toBeEnabled();
  await expect(page.locator('#pre')).toHaveCount(0);
  expect(await heading.boundingBox()).toEqual(before);
  expect(await page.getByRole('button', { name: /Los geht|Let's start/ }).boundingBox()).toEqual(startBefore);
  expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
  await expectNoA11yViolations(page, 'questionnaire introduction, app ready');

  // And it works: the first screen of statements.
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/1–4/);
});
