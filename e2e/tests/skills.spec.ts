// A participant records, corrects and removes their own hard skills.
import { expect, test } from '@playwright/test';
import { sweep } from './a11y';
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

test('a participant codes a skill with an ESCO occupation, and it stays when the skill is changed', async ({ page }) => {
  await signIn(page, newParticipant('Coded'));
  await page.goto('/my-data/skills');
  await expect(page.getByText('No professional competences are recorded.')).toBeVisible();
  const found = await (await page.request.get('/api/v1/me/occupations?q=cook')).json();
  const cook = found.occupations.find((o: { label: string }) => o.label === 'cook');
  expect(cook, 'the catalogue has "cook"').toBeTruthy();

  const picker = page.getByRole('group', { name: 'Occupation (optional)' });
  await expect(picker).toContainText('No occupation chosen: the competence stays free text.');
  await page.getByLabel('Competence', { exact: true }).fill('Cooking for groups');

  // Enter in the search field searches; it does not save the skill.
  const search = picker.getByRole('searchbox', { name: 'Search for an occupation' });
  await search.fill('cook');
  await search.press('Enter');
  await expect(page.getByTestId('live-region')).toHaveText(/^Occupations found: \d+$/);
  const choose = picker.getByRole('button', { name: /^Choose\s*: cook$/ });
  await expect(choose).toBeVisible();
  expect(await (await page.request.get('/api/v1/me/competences')).json()).toEqual([]);
  // Axe, HTML_CodeSniffer, focus and reflow at 320 px with the results shown.
  await sweep(page, 'my skills with occupation results');

  // Keyboard only: the choice takes focus, with its code.
  await choose.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('live-region')).toHaveText('cook chosen.');
  const chosen = picker.locator('.occupation-chosen');
  await expect(chosen).toBeFocused();
  await expect(chosen).toContainText(`Occupation: cook ESCO ${cook.code}`);
  await expect(choose).toHaveCount(0);
  await expectNoA11yViolations(page, 'my skills with an occupation chosen');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(picker).toContainText('No occupation chosen');
  const item = () => page.getByRole('listitem').filter({ hasText: 'Cooking for groups' });
  await expect(item()).toContainText(`ESCO ${cook.code}: cook`);
  await expect(item()).toContainText('recorded by you');
  await expect(page.getByText('Occupations: ESCO, European Commission, v1.1.1')).toHaveCount(2);

  // After a reload it is still there, with its code.
  await page.reload();
  await expect(item()).toContainText(`ESCO ${cook.code}: cook`);
  await expectNoA11yViolations(page, 'my skills with a coded skill');

  // Changing the level keeps the occupation.
  await item().getByRole('button', { name: /^Change\s*: Cooking for groups$/ }).click();
  await expect(picker.locator('.occupation-chosen')).toContainText(`ESCO ${cook.code}`);
  await page.getByLabel('Level').selectOption('expert');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(item()).toContainText('expert');
  await expect(item()).toContainText(`ESCO ${cook.code}: cook`);
  let stored = await (await page.request.get('/api/v1/me/competences')).json();
  expect(stored.map((c: { level: string; occupation: { id: string } | null; changed_by: string }) => [c.level, c.occupation?.id, c.changed_by]))
    .toEqual([['expert', cook.id, 'participant']]);

  // Removing the occupation makes it free text again; focus goes to the search.
  await item().getByRole('button', { name: /^Change\s*: Cooking for groups$/ }).click();
  await picker.getByRole('button', { name: /^Remove the occupation\s*: cook$/ }).click();
  await expect(search).toBeFocused();
  await expect(page.getByTestId('live-region')).toHaveText('Occupation removed: the competence stays free text.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(item()).not.toContainText('ESCO');
  stored = await (await page.request.get('/api/v1/me/competences')).json();
  expect(stored[0].occupation ?? null).toBeNull();
});
