// Rights handled by staff (issue 15, items 2–3): the data protection officer
// walks one participant's requests through. A restriction (the counsellor
// then sees the banner and a change is refused in words; the participant sees
// it in "My data"), told before it is lifted; a correction of the name; an
// erasure request whose requester's identity is checked before the data is
// erased on the participant's behalf; and the agency, which received a
// report, is told of every change. Every new page and state is scanned with axe.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, expectNoA11yViolations, signIn, staffSignIn } from './helpers';
import { get, participantSignIn, post, put, staffSignIn as apiStaffSignIn } from './sweep-data';

test.use({ locale: 'en-US' });

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  return context.newPage();
}

const RESTRICTED = "This person's data is restricted: nothing may be changed, released or exported until the data protection officer lifts the restriction.";

/** Records a request in the dossier's form (the dossier is open). */
async function recordRequest(page: Page, kind: string, requester: string, details: string, identity: boolean, received?: string) {
  const form = page.getByRole('region', { name: 'Record a request' });
  await form.getByLabel('Request', { exact: true }).selectOption({ label: kind });
  await form.getByLabel('How it arrived').selectOption({ label: 'by letter' });
  if (received) await form.getByLabel('Received on').fill(received);
  await form.getByLabel('Who asked').fill(requester);
  await form.getByLabel('What exactly was asked').fill(details);
  await form.getByLabel('I have checked the identity of the person asking').setChecked(identity);
  await form.getByRole('button', { name: 'Record the request' }).click();
  await expect(form.getByRole('status')).toContainText('The request is recorded.');
}

test('the officer handles a restriction, a correction and an erasure on behalf', async ({ browser, page }) => {
  test.setTimeout(180_000);
  // --- Setup through the API: an admin, a counsellor, the officer, and Rita,
  // whose agreed report went to the agency ---
  const adminPassword = 'a long requests admin pass phrase';
  const seed = addAdmin('req-admin', 'Rolf Admin', adminPassword);
  const admin = await browser.newContext({ locale: 'en-US' });
  await apiStaffSignIn(admin.request, 'req-admin', adminPassword, seed);
  const programme = (await get(admin.request, '/api/v1/staff/programmes')).find((p: { name: string }) => p.name === 'E2E');
  const carla = await post(admin.request, '/api/v1/staff/staff', { username: 'req-carla', display_name: 'Carla Rat', role: 'counsellor' });
  const dora = await post(admin.request, '/api/v1/staff/staff', { username: 'req-dora', display_name: 'Dora Daten', role: 'dpo' });
  const letter = await post(admin.request, '/api/v1/staff/participants', {
    programme_id: programme.id,
    display_name: 'Rita Recht',
    counsellor_id: carla.member.id,
  });
  const rita = letter.participant_id as string;
  // The counsellor signs in once, in the browser (a TOTP code counts once);
  // the page's context makes her API calls too.
  const counsellor = await newPage(browser);
  await staffSignIn(counsellor, 'req-carla', carla.initial_password);
  const counsellorApi = counsellor.context();
  const ritaApi = await browser.newContext({ locale: 'en-US' });
  await participantSignIn(ritaApi.request, letter.code);
  await put(ritaApi.request, '/api/v1/consent', { agency_results: true, job_matching: false });
  const wording = 'Ms Recht is reliable and looks for work in an office.';
  await put(counsellorApi.request, `/api/v1/staff/participants/${rita}/report`, { wording });
  const shown = await get(ritaApi.request, '/api/v1/me/report');
  await post(ritaApi.request, '/api/v1/me/report/agree', { wording, content_hash: shown.draft.content_hash });
  await post(counsellorApi.request, `/api/v1/staff/participants/${rita}/report/release`);

  // --- The officer: the register is reached from the navigation ---
  await staffSignIn(page, 'req-dora', dora.initial_password);
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await nav.getByRole('link', { name: 'Rights requests' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rights requests' })).toBeVisible();
  await expect(page.getByText('No request has been recorded yet.')).toBeVisible();
  await expect(page.getByText('No recipient is waiting to be told.')).toBeVisible();
  await expectNoA11yViolations(page, 'empty request register');

  // --- A restriction request that arrived long ago (so it is overdue) ---
  await page.goto(`/staff/participants/${rita}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Rita Recht' })).toBeVisible();
  await expectNoA11yViolations(page, 'dossier for the officer');
  // A received date in the future is refused in words meant for staff, and nothing is recorded.
  const form = page.getByRole('region', { name: 'Record a request' });
  await form.getByLabel('Received on').fill('2999-01-01');
  await form.getByLabel('Who asked').fill('Rita Recht');
  await form.getByRole('button', { name: 'Record the request' }).click();
  await expect(form.getByRole('alert')).toContainText('Lotse could not accept this: a field is empty, too long or not a valid value');
  expect((await get(page.request, '/api/v1/staff/requests')).requests).toEqual([]);
  await recordRequest(page, 'Restrict processing', 'Rita Recht', 'She says her exit date is wrong.', true, '2020-01-15');
  const restriction = page.getByRole('region', { name: 'Restriction of processing' });
  await restriction.getByRole('button', { name: 'Restrict processing' }).click();
  // Without a reason nothing is sent; the field says why.
  await expect(restriction.getByRole('alert')).toContainText('Write why the processing is restricted.');
  await restriction.getByLabel('Reason', { exact: true }).fill('Rita disputes that her exit date is correct.');
  await restriction.getByRole('button', { name: 'Restrict processing' }).click();
  const banner = page.getByRole('note', { name: 'Processing is restricted' });
  await expect(banner).toContainText('Rita disputes that her exit date is correct.');
  await expect(restriction.getByText('not yet')).toBeVisible();
  await expectNoA11yViolations(page, 'restricted dossier for the officer');

  // --- The counsellor sees the banner; a change is refused in words ---
  await counsellor.goto(`/staff/participants/${rita}`);
  await expect(counsellor.getByRole('note', { name: 'Processing is restricted' })).toContainText('nothing may be changed, released or exported');
  const skills = counsellor.getByRole('region', { name: 'Professional competences' });
  await skills.getByLabel('Skill').fill('Filing');
  await skills.getByRole('button', { name: 'Save' }).click();
  await expect(skills.getByRole('alert')).toHaveText(RESTRICTED);
  await expect(skills.getByText('Filing', { exact: true })).toHaveCount(0);
  await expectNoA11yViolations(counsellor, 'restricted dossier for the counsellor');

  // --- Rita sees the restriction, her request and who received her data ---
  const ritaPage = await newPage(browser);
  await signIn(ritaPage, letter.code);
  await ritaPage.goto('/my-data');
  const restricted = ritaPage.getByRole('region', { name: 'Your data is restricted' });
  await expect(restricted).toContainText('Rita disputes that her exit date is correct.');
  const mine = ritaPage.getByRole('region', { name: 'Your requests' });
  await expect(mine.getByRole('heading', { level: 3 })).toHaveText(['Restrict processing']);
  await expect(mine).toContainText('by letter');
  await expect(mine).toContainText('open');
  const recipients = ritaPage.getByRole('region', { name: 'Who received your data' });
  await expect(recipients).toContainText('Agentur für Arbeit');
  await expect(recipients).toContainText('Agentur für Arbeit will be told: data restricted');
  await expectNoA11yViolations(ritaPage, 'my data with a restriction and a request');

  // --- The officer tells Rita first, then lifts it ---
  await expect(restriction.getByRole('button', { name: 'Lift the restriction' })).toHaveCount(0);
  await restriction.getByRole('button', { name: 'Person told it will be lifted' }).click();
  await restriction.getByRole('button', { name: 'Lift the restriction' }).click();
  await expect(restriction.getByText("The processing of this person's data is not restricted.")).toBeVisible();
  await expect(banner).toHaveCount(0);
  await counsellor.reload();
  await expect(counsellor.getByRole('heading', { level: 1, name: 'Rita Recht' })).toBeVisible();
  await expect(counsellor.getByRole('note', { name: 'Processing is restricted' })).toHaveCount(0);

  // --- A correction of the name ---
  await recordRequest(page, 'Correct data', 'Rita Recht', 'Her name is Rita Rechts.', true);
  const correct = page.getByRole('region', { name: 'Correct master data' });
  await expect(correct.getByLabel('Programme')).toHaveValue(programme.id);
  await correct.getByLabel('Name', { exact: true }).fill('Rita Rechts');
  await correct.getByRole('button', { name: 'Save the correction' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rita Rechts' })).toBeVisible();
  await expectNoA11yViolations(page, 'dossier after the correction');

  // --- An erasure request, identity not yet checked ---
  await recordRequest(page, 'Delete data', 'Rita Rechts', 'Delete everything.', false);
  await nav.getByRole('link', { name: 'Rights requests' }).click();
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(4);
  // The overdue one stands out in words, and comes first.
  await expect(table.getByRole('row').nth(1)).toContainText('Restrict processing');
  await expect(table.getByRole('row').nth(1)).toContainText('overdue');
  await expectNoA11yViolations(page, 'request register with open requests');

  const open = page.getByRole('region', { name: 'Open requests: next steps' });
  // The restriction and the correction are answered.
  for (const [kind, outcome] of [
    ['Restrict processing', 'Restricted from 2020 until the exit date was checked; lifted after telling her.'],
    ['Correct data', 'The name is corrected to Rita Rechts.'],
  ]) {
    const request = open.getByRole('article', { name: `${kind}: Rita Rechts` });
    await request.getByRole('button', { name: 'Close the request' }).click();
    await expect(request.getByRole('alert')).toContainText('Write what was done');
    await request.getByLabel('Outcome').fill(outcome);
    await request.getByRole('radio', { name: 'Done as asked' }).check();
    await request.getByRole('button', { name: 'Close the request' }).click();
    await expect(request).toHaveCount(0);
  }

  // The erasure waits for the identity check.
  const erasure = open.getByRole('article', { name: 'Delete data: Rita Rechts' });
  await expect(erasure).toContainText('not checked yet');
  await expect(erasure.getByRole('button', { name: /^Erase/ })).toHaveCount(0);
  await erasure.getByRole('button', { name: 'Identity checked – Delete data: Rita Rechts' }).click();
  await expect(erasure).toContainText('checked by Dora Daten');
  await erasure.getByRole('button', { name: "Erase on the person's behalf …" }).click();
  const question = erasure.getByRole('group', { name: 'Really erase everything about Rita Rechts?' });
  await expect(question).toContainText('questionnaire results');
  await expect(question).toContainText('This cannot be undone.');
  await expect(question.getByRole('button', { name: 'Yes, erase everything now' })).toBeFocused();
  await expectNoA11yViolations(page, 'erase on behalf: the question');
  await question.getByRole('button', { name: 'Yes, erase everything now' }).click();
  await expect(page.getByText('No request is open.')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'Delete data' })).toContainText('(erased)');
  await expect(table.getByRole('row').filter({ hasText: 'Delete data' })).toContainText('done');
  expect((await ritaApi.request.get('/api/v1/me')).status()).toBe(401);

  // --- The agency is told of each change to what it received ---
  const notices = page.getByRole('region', { name: 'Recipients to tell' });
  const told = notices.getByRole('button', { name: /^Agency told/ });
  await expect(told).toHaveCount(4);
  for (const change of ['data restricted', 'restriction lifted', 'data corrected', 'data deleted']) {
    await expect(notices.getByRole('button', { name: new RegExp(`^Agency told: Agentur für Arbeit must be told of a change for Rita Rechts?: ${change}\\.`) })).toBeVisible();
  }
  await expectNoA11yViolations(page, 'recipients to tell');
  for (let left = 4; left > 0; left--) {
    await told.first().click();
    await expect(told).toHaveCount(left - 1);
  }
  await expect(notices.getByText('No recipient is waiting to be told.')).toBeVisible();
  await expect(notices.getByRole('listitem')).toHaveCount(4);
  await expectNoA11yViolations(page, 'request register, all answered');

  await admin.close();
  await ritaApi.close();
});
