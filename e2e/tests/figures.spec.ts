// Programme figures and the legal hold: an admin opens the figures for all
// programmes and for one, where every count below the minimum group size is
// withheld ("fewer than 5") and explained; a data protection officer puts a
// participant's data under a legal hold (a reason is required) and lifts it
// after confirming, while the admin sees the hold in the dossier's header.
// Zero axe violations on every screen.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, expectNoA11yViolations, staffSignIn } from './helpers';

test.use({ locale: 'en-US' });

const CSRF = { 'x-lotse-request': '1' };

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ locale: 'en-US' })).newPage();
}

test('programme figures withhold small counts; a legal hold is put and lifted', async ({ browser, page }) => {
  test.setTimeout(60_000);
  const password = 'a long figures admin pass phrase';
  const seed = addAdmin('fig-admin', 'Fiona Admin', password);
  await staffSignIn(page, 'fig-admin', password, seed);

  // The office makes a data protection officer and a participant.
  const created = await page.request.post('/api/v1/staff/staff', {
    headers: CSRF,
    data: { username: 'fig-dpo', display_name: 'Dagmar Schutz', role: 'dpo' },
  });
  expect(created.status()).toBe(201);
  const { initial_password: dpoPassword } = await created.json();
  const programmes = await (await page.request.get('/api/v1/staff/programmes')).json();
  const programme = programmes.find((p: { name: string }) => p.name === 'E2E');
  const letter = await page.request.post('/api/v1/staff/participants', {
    headers: CSRF,
    data: { programme_id: programme.id, display_name: 'Hanna Halt', counsellor_id: null },
  });
  expect(letter.status()).toBe(201);
  const { participant_id: participant } = await letter.json();

  // --- The admin reads the figures ---
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await expect(nav.getByRole('link', { name: 'Data protection' })).toBeVisible();
  await nav.getByRole('link', { name: 'Figures' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programme figures' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'All programmes' })).toBeVisible();
  await page.getByLabel('Programme', { exact: true }).selectOption({ label: 'E2E' });
  await page.getByRole('button', { name: 'Show figures' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'E2E' })).toBeVisible();
  const states = page.getByRole('table', { name: 'Participants by state' });
  await expect(states.getByRole('rowheader')).toHaveText(['Consent pending', 'Declined', 'Active', 'Finished']);
  await expect(page.getByRole('table', { name: 'Modules completed' }).getByRole('rowheader', { name: 'Occupational interests' })).toBeVisible();
  // Other specs add participants too, but never five who declined.
  await expect(states.getByRole('row', { name: /^Declined/ }).getByRole('cell')).toHaveText(/^fewer than 5/);
  await expect(page.getByText('No count below 5 is shown, and no person is listed.')).toBeVisible();
  await expectNoA11yViolations(page, 'programme figures');

  // --- The data protection officer puts the data under a legal hold ---
  const dpo = await newPage(browser);
  await staffSignIn(dpo, 'fig-dpo', dpoPassword);
  await expect(dpo.getByRole('navigation', { name: 'Dashboard' }).getByRole('link')).toHaveText([
    'Caseload',
    'Data protection',
    'Rights requests',
    'Figures',
  ]);
  await dpo.goto(`/staff/participants/${participant}`);
  const hold = dpo.getByRole('region', { name: 'Legal hold' });
  await expect(hold).toContainText('No legal hold');
  await hold.getByRole('button', { name: 'Put under a legal hold' }).click();
  await expect(hold.getByRole('alert')).toHaveText('Please give a reason.');
  const reason = hold.getByLabel('Reason');
  await expect(reason).toBeFocused();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await reason.fill('Court case 4 Ca 12/26 about the counselling records');
  await hold.getByRole('button', { name: 'Put under a legal hold' }).click();
  await expect(hold).toContainText('The data is held and not deleted.');
  await expect(hold).toContainText('Court case 4 Ca 12/26 about the counselling records');
  await expectNoA11yViolations(dpo, 'dossier under a legal hold');

  // Others see the hold where they see the dossier's header.
  await page.goto(`/staff/participants/${participant}`);
  await expect(page.getByText(/^Under a legal hold since .*: nothing of this data is deleted\.$/)).toBeVisible();

  // Lifting asks first; cancelling leaves the hold in place.
  await hold.getByRole('button', { name: 'Lift the hold' }).click();
  const confirm = hold.getByRole('group', { name: /^Lift the hold\?/ });
  await expect(confirm.getByRole('button', { name: 'Yes, lift the hold' })).toBeFocused();
  await expectNoA11yViolations(dpo, 'lifting a legal hold');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(hold).toContainText('The data is held and not deleted.');
  await hold.getByRole('button', { name: 'Lift the hold' }).click();
  await hold.getByRole('button', { name: 'Yes, lift the hold' }).click();
  await expect(hold).toContainText('No legal hold');
  expect((await dpo.request.get(`/api/v1/staff/participants/${participant}`)).ok()).toBeTruthy();
  const dossier = await (await dpo.request.get(`/api/v1/staff/participants/${participant}`)).json();
  expect(dossier.legal_hold ?? null).toBeNull();
});
