// The organisation's own profile and privacy notice (issue 11), on the second
// server of playwright.config.ts so that changing the profile disturbs no other
// spec: an admin changes the controller in the dashboard, which changes the
// public notice and the next access letter; the admin previews and publishes
// their own notice, which asks a signed-in participant again; the old version
// stays readable.
import { expect, test, type Browser } from '@playwright/test';
import { addAdmin, AGREE, expectNoA11yViolations, newParticipant, signIn, totp } from './helpers';

const SHORT_DIR = process.env.LOTSE_E2E_SHORT_DIR!;
const headers = { 'x-lotse-request': '1' };

test.use({ locale: 'en-US' });

async function admin(browser: Browser) {
  const seed = addAdmin('office', 'Office', 'a long desk pass phrase for tests', SHORT_DIR);
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await page.goto('/staff');
  await page.getByLabel('User name').fill('office');
  await page.getByLabel('Password').fill('a long desk pass phrase for tests');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Code from your authenticator app').fill(totp(seed));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeVisible();
  return page;
}

test('the controller changed in the dashboard reaches the notice and the letter; a new notice asks again', async ({ page, browser }) => {
  // A participant who accepted the current notice.
  await signIn(page, newParticipant('Vera', SHORT_DIR));
  const first = await (await page.request.get('/api/v1/notice?lang=en')).json();

  const office = await admin(browser);
  await office.goto('/staff/admin');
  const profile = office.getByRole('region', { name: 'Organisation and data protection' });
  await expect(profile.getByText('Complete: participants can be invited.')).toBeVisible();
  await expectNoA11yViolations(office, 'organisation profile');

  // An empty required field is named as missing; filled again, it is complete.
  const controller = profile.getByLabel('Controller (name)');
  await controller.fill('');
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(profile.getByText(/Still missing before anyone can be invited: Controller \(name\)/)).toBeVisible();
  await controller.fill('Neuer Träger (E2E)');
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(profile.getByText('Complete: participants can be invited.')).toBeVisible();

  // The public notice names the new controller, as a new version.
  const second = await (await page.request.get('/api/v1/notice?lang=en')).json();
  expect(second.version).toBeGreaterThan(first.version);
  expect(JSON.stringify(second)).toContain('Neuer Träger (E2E)');
  // So does the next access letter.
  const programmes = await (await office.request.get('/api/v1/staff/programmes')).json();
  const letter = await office.request.post('/api/v1/staff/participants', {
    headers,
    data: { programme_id: programmes[0].id, display_name: 'Lettered' },
  });
  expect((await letter.json()).controller_name).toBe('Neuer Träger (E2E)');

  // The office writes its own English notice: preview, then publish.
  const editor = office.getByRole('region', { name: 'Privacy notice' });
  await editor.getByLabel('Language').selectOption('en');
  await editor
    .getByLabel('Text (Markdown)')
    .fill('# Our privacy notice at {{controller_name}}\n\n## In short\n\nVersion {{version}}.\n\n## Your rights\n\n- Access on "My data"\n');
  await editor.getByRole('button', { name: 'Preview' }).click();
  await expect(editor.getByRole('heading', { name: 'Preview: Our privacy notice at Neuer Träger (E2E)' })).toBeVisible();
  await expectNoA11yViolations(office, 'notice preview');
  await editor.getByRole('button', { name: 'Publish as a new version' }).click();
  await expect(editor.getByText(`Version ${second.version + 1} is published.`, { exact: false })).toBeVisible();

  // The participant is asked again; the earlier versions stay readable.
  await page.goto('/modules');
  await expect(page).toHaveURL(/\/consent$/);
  // The consent page shows the new text's sections.
  await expect(page.getByRole('heading', { level: 2, name: 'In short' })).toBeVisible();
  await expect(page.getByText(`Version ${second.version + 1}.`)).toBeVisible();
  await page.getByRole('button', { name: AGREE }).click();
  await expect(page).toHaveURL(/\/modules$/);
  const old = await (await page.request.get(`/api/v1/notice?lang=en&version=${first.version}`)).json();
  expect(old.hash).toBe(first.hash);
});
