// Consent in the office and for minors (issue 15, item 4). A counsellor goes
// through the notice with a participant in the office, records the consent
// with the optional consents ticked (the survey contact among them), opens
// the printed consent record (scopes ticked, lines for the signatures) and
// notes the signed copy on file; the participant then uses Lotse without
// being asked again. Office staff create a participant under the consent
// age: they cannot accept the notice until a guardian's consent is recorded
// in the dossier, then they can, and My data shows the guardian's consent.
// Zero axe violations on every new page and state.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, AGREE, expectNoA11yViolations, signIn, staffSignIn } from './helpers';

test.use({ locale: 'en-US' });

const CSRF = { 'x-lotse-request': '1' };

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ locale: 'en-US' })).newPage();
}

test('office consent with a printed record, and a minor with a guardian', async ({ browser, page }) => {
  test.setTimeout(180_000);
  const password = 'a long office consent admin phrase';
  const seed = addAdmin('oc-admin', 'Otto Admin', password);
  await staffSignIn(page, 'oc-admin', password, seed);

  // A counsellor and an office clerk.
  const passwords: Record<string, string> = {};
  for (const [username, name, role] of [
    ['oc-anna', 'Anke Rat', 'counsellor'],
    ['oc-olga', 'Olga Tresen', 'office'],
  ]) {
    const created = await page.request.post('/api/v1/staff/staff', {
      headers: CSRF,
      data: { username, display_name: name, role },
    });
    expect(created.status()).toBe(201);
    const body = await created.json();
    passwords[username] = body.initial_password;
  }
  const staff = await (await page.request.get('/api/v1/staff/staff')).json();
  const anke = staff.find((s: { display_name: string }) => s.display_name === 'Anke Rat').id;
  const programmes = await (await page.request.get('/api/v1/staff/programmes')).json();
  const programme = programmes.find((p: { name: string }) => p.name === 'E2E');
  const letter = await page.request.post('/api/v1/staff/participants', {
    headers: CSRF,
    data: { programme_id: programme.id, display_name: 'Paula Papier', counsellor_id: anke },
  });
  expect(letter.status()).toBe(201);
  const { participant_id: paula, code: paulaCode } = await letter.json();

  // --- The counsellor takes the consent in the office ---
  const counsellor = await newPage(browser);
  await staffSignIn(counsellor, 'oc-anna', passwords['oc-anna']);
  await counsellor.goto(`/staff/participants/${paula}`);
  await expect(counsellor.getByRole('heading', { level: 1, name: 'Paula Papier' })).toBeVisible();
  await counsellor.getByRole('link', { name: 'Office consent and printed record' }).click();
  await expect(counsellor).toHaveURL(new RegExp(`/staff/participants/${paula}/consent-record$`));
  await expect(counsellor.getByRole('heading', { level: 1, name: 'Consent in the office' })).toBeVisible();
  const form = counsellor.getByRole('region', { name: 'Record the acceptance' });
  await expect(form).toBeVisible();
  await expectNoA11yViolations(counsellor, 'office consent form');
  await form.getByLabel('forward results').check();
  await form.getByLabel('satisfaction survey').check();
  await form.getByRole('button', { name: 'Record the consent given in the office' }).click();

  const record = counsellor.getByRole('article', { name: 'Consent record' });
  await expect(record).toBeVisible();
  await expect(record).toContainText('Paula Papier');
  await expect(record).toContainText('together with the counsellor');
  const notice = await (await counsellor.request.get('/api/v1/notice?lang=en')).json();
  await expect(record).toContainText(notice.hash);
  await expect(record.locator('[data-scope="agency"]')).toHaveAttribute('data-given', 'yes');
  await expect(record.locator('[data-scope="survey"]')).toHaveAttribute('data-given', 'yes');
  await expect(record.locator('[data-scope="matching"]')).toHaveAttribute('data-given', 'no');
  await expect(record.locator('[data-scope="health"]')).toHaveAttribute('data-given', 'no');
  await expect(record.locator('[data-scope="survey"]')).toContainText('satisfaction survey: given');
  await expect(record.locator('[data-scope="matching"]')).toContainText('not given');
  await expect(record.getByText("Participant's signature")).toBeVisible();
  await expect(record.getByText("Counsellor's signature")).toBeVisible();
  await expect(record.getByText("Guardian's signature")).toHaveCount(0);
  await expectNoA11yViolations(counsellor, 'printed consent record');
  // On paper only the record: no navigation, no buttons.
  await counsellor.emulateMedia({ media: 'print' });
  await expect(record).toBeVisible();
  await expect(counsellor.getByRole('button', { name: 'Print the consent record' })).toBeHidden();
  await expect(counsellor.getByRole('region', { name: 'Signed copy' })).toBeHidden();
  await counsellor.emulateMedia({ media: 'screen' });

  const signed = counsellor.getByRole('region', { name: 'Signed copy' });
  await expect(signed).toContainText('not noted as on file yet');
  await signed.getByRole('button', { name: 'Signed copy is on file' }).click();
  await expect(signed.getByRole('status')).toContainText(/The signed copy is on file since \d{4}-\d{2}-\d{2}/);
  await expect(signed.getByRole('button')).toHaveCount(0);
  await expectNoA11yViolations(counsellor, 'signed copy on file');

  // The audit trail of the dossier names both steps; the history says "with counsellor".
  const status = await (await counsellor.request.get(`/api/v1/staff/participants/${paula}/consent`)).json();
  expect(status.history.at(-1)).toMatchObject({ channel: 'counsellor', agency_results: true, survey_contact: true });
  expect(status.history.at(-1).signed_copy_at).toBeGreaterThan(0);

  // The participant is not asked again, and sees the survey consent in My data.
  const person = await newPage(browser);
  await signIn(person, paulaCode);
  await person.goto('/my-data');
  await expect(person.getByRole('checkbox', { name: /satisfaction survey/ })).toBeChecked();
  await expect(person.locator('ol.history')).toContainText('signed copy on file since');

  // --- A minor, created by the office ---
  const office = await newPage(browser);
  await staffSignIn(office, 'oc-olga', passwords['oc-olga']);
  await expect(office).toHaveURL(/\/staff\/caseload$/);
  await office.locator('#np-name').fill('Mika Jung');
  await office.locator('#np-programme').selectOption({ label: 'E2E' });
  await office.locator('#np-counsellor').selectOption({ label: 'Anke Rat' });
  await office.getByLabel('Under the consent age (date of birth not at hand)').check();
  await expectNoA11yViolations(office, 'new participant with age');
  await office.getByRole('button', { name: 'Create and show the access letter' }).click();
  const minorLetter = office.getByRole('region', { name: 'Your access to Lotse' });
  await expect(minorLetter).toBeVisible();
  const minorCode = (await minorLetter.locator('.letter-code-value').textContent())!.trim();

  // The minor signs in and cannot accept the notice: a readable message, nothing stored.
  const minor = await newPage(browser);
  await minor.goto('/');
  await minor.getByLabel('Access code').fill(minorCode);
  await minor.getByRole('button', { name: 'Sign in' }).click();
  const agree = minor.getByRole('button', { name: AGREE });
  await expect(agree).toBeVisible();
  await agree.click();
  await expect(minor.getByText(/A parent or guardian must agree first/)).toBeVisible();
  await expect(minor).toHaveURL(/\/consent$/);
  await expectNoA11yViolations(minor, 'minor without a guardian');

  // The office records the guardian's consent in the dossier.
  // Other specs add a "Mika" to the shared server: find this one by full name.
  const caseload = await (await office.request.get('/api/v1/staff/participants?q=Mika%20Jung')).json();
  const mika = caseload.entries.find((e: { display_name: string }) => e.display_name === 'Mika Jung')?.id;
  expect(mika).toBeTruthy();
  await office.goto(`/staff/participants/${mika}`);
  const guardian = office.getByRole('region', { name: "Guardian's consent" });
  await expect(guardian).toContainText('nothing can be stored until a guardian');
  await expectNoA11yViolations(office, 'dossier of a minor');
  // Bad input: a clear error, nothing recorded.
  await guardian.getByLabel("Guardian's name").fill('Maria Jung');
  await guardian.getByLabel(/^Relation/).fill('mother');
  await guardian.getByRole('button', { name: "Record the guardian's consent" }).click();
  await expect(guardian.getByRole('alert')).toContainText(/\S/);
  await expect(guardian).toContainText("No guardian's consent is recorded.");
  const today = new Date().toISOString().slice(0, 10);
  await guardian.getByLabel('Date of the consent').fill(today);
  await guardian.getByLabel('by letter').check();
  await guardian.getByRole('button', { name: "Record the guardian's consent" }).click();
  await expect(guardian.getByRole('listitem')).toContainText([`Maria Jung (mother), ${today}, by letter`]);
  await expect(guardian).not.toContainText('nothing can be stored until a guardian');
  await expectNoA11yViolations(office, 'guardian consent recorded');

  // Now the minor can accept, and My data shows the guardian's consent.
  await minor.reload();
  await minor.getByRole('button', { name: AGREE }).click();
  await expect(minor).toHaveURL(/\/modules$/);
  await minor.goto('/my-data');
  const mine = minor.getByRole('region', { name: "Your guardian's consent" });
  await expect(mine).toContainText(`Maria Jung (mother) agreed on ${today}, by letter.`);
  await expectNoA11yViolations(minor, 'my data with a guardian');
  const exported = await (await minor.request.get('/api/v1/me/export')).json();
  expect(exported.schema_version).toBe(4);
  expect(exported.guardian.consents[0]).toMatchObject({ guardian_name: 'Maria Jung', relation: 'mother', channel: 'letter' });

  // The counsellor's printed record for the minor has a line for the guardian.
  await counsellor.goto(`/staff/participants/${mika}/consent-record`);
  const minorRecord = counsellor.getByRole('article', { name: 'Consent record' });
  await expect(minorRecord.getByText("Guardian's signature: Maria Jung (mother)")).toBeVisible();
  await expectNoA11yViolations(counsellor, 'consent record with a guardian');
});
