// A participant records, corrects and removes their own hard skills.
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations, newParticipant, signIn } from './helpers';

test.use({ locale: 'en-US' });

test('a participant adds, corrects and removes their own hard skills', async ({ page }) => {
  await signIn(page, newParticipant('Skilled'));
  await page.goto('/my-data');
  await page.getByRole('link', { name: 'Add to or correct my professional competences' }).click();
  await expect(page).toHaveURL(/\/my-data\/skills$/);
  await expect(page.getByText('No professional competences are recorded.')).toBeVisible();
  await expectNoA11yViolations(page, 'my skills (empty)');

  // An empty name gets a readable error and saves nothing.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Please say which competence this is.');

  await page.getByLabel('Competence', { exact: true }).fill('Forklift driving');
  await page.getByLabel('Level').selectOption('advanced');
  await page.getByLabel(/Evidence/).fill('Licence 2019');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  const item = page.getByRole('listitem').filter({ hasText: 'Forklift driving' });
  await expect(item).toContainText('advanced');
  await expectNoA11yViolations(page, 'my skills (one)');

  await item.getByRole('button', { name: /^Change\s*: Forklift driving$/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Change a competence' })).toBeVisible();
  await expect(page.getByLabel('Competence', { exact: true })).toBeFocused();
  await page.getByLabel('Level').selectOption('expert');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Forklift driving' })).toContainText('expert');

  // The server has it too (and it shows on "My data").
  const stored = await (await page.request.get('/api/v1/me/competences')).json();
  expect(stored.map((c: { skill: string; level: string }) => [c.skill, c.level])).toEqual([['Forklift driving', 'expert']]);

  // Removing one moves focus to the entry that took its place; removing the
  // last one, to the form.
  await page.getByLabel('Competence', { exact: true }).fill('Welding');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Welding' })).toBeVisible();
  await page.getByRole('button', { name: /^Remove\s*: Forklift driving$/ }).click();
  await expect(page.getByRole('status')).toHaveText('Removed.');
  await expect(page.getByRole('button', { name: /^Change\s*: Welding$/ })).toBeFocused();
  await page.getByRole('button', { name: /^Remove\s*: Welding$/ }).click();
  await expect(page.getByText('No professional competences are recorded.')).toBeVisible();
  await expect(page.getByLabel('Competence', { exact: true })).toBeFocused();
  expect(await (await page.request.get('/api/v1/me/competences')).json()).toEqual([]);
});
