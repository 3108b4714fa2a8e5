// The staff side end to end: an admin created with the real CLI signs in with
// password + TOTP (codes computed here from the seed, RFC 6238), creates a
// counsellor and a participant and prints the access letter; the counsellor
// releases a module, sees the aggregate result, records a hard skill, composes
// the agency report, which the participant agrees to before it is released; a
// substitute's access follows its dates; the participant sees the audit trail.
// Every dashboard page is scanned with axe.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, expectNoA11yViolations, signIn, staffSignIn, totp } from './helpers';

test.use({ locale: 'en-US' });

const ADMIN_PASSWORD = 'a long admin pass phrase';

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  return context.newPage();
}

test('admin, counsellor, substitute and participant', async ({ browser, page }) => {
  test.setTimeout(180_000);
  const seed = addAdmin('e2e-admin', 'Erika Admin', ADMIN_PASSWORD);

  // --- The admin signs in (the CLI printed the seed, so no enrolment QR needed,
  // but the first sign-in still shows it) ---
  await page.goto('/staff');
  await expectNoA11yViolations(page, 'staff sign-in');
  await page.getByLabel('User name').fill('e2e-admin');
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('not correct');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expect(page.getByTestId('totp-secret')).toHaveText(seed);
  await expectNoA11yViolations(page, 'TOTP enrolment');
  await page.getByLabel('Code from your authenticator app').fill(totp(seed));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Office' })).toBeVisible();
  await expectNoA11yViolations(page, 'office');

  // Two counsellors: Anna (caseload owner) and Ben (substitute).
  const passwords: Record<string, string> = {};
  for (const [username, name] of [['anna', 'Anna Berg'], ['ben', 'Ben Kurz']]) {
    await page.locator('#ns-username').fill(username);
    await page.locator('#ns-name').fill(name);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText(`The account for ${name} was created.`)).toBeVisible();
    passwords[username] = (await page.getByTestId('initial-password').textContent())!.trim();
  }

  // A participant for Anna, with the printable access letter.
  await page.reload();
  await page.locator('#np-name').fill('Kim Example');
  await page.locator('#np-programme').selectOption({ label: 'E2E' });
  await page.locator('#np-counsellor').selectOption({ label: 'Anna Berg' });
  await page.getByRole('button', { name: 'Create and show the access letter' }).click();
  const letter = page.getByRole('region', { name: 'Your access to Lotse' });
  await expect(letter).toBeVisible();
  await expect(letter.getByRole('img', { name: /QR code/ })).toBeVisible();
  const code = (await letter.locator('.letter-code-value').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
  // The letter says where Lotse is, who is responsible and whom to ask.
  const origin = new URL(page.url()).origin;
  await expect(letter).toContainText(`You find Lotse at ${origin}.`);
  await expect(letter).toContainText('Responsible for your data: Träger Beispiel (E2E). For help: 01234 567890');
  await expectNoA11yViolations(page, 'access letter');
  await page.emulateMedia({ media: 'print' });
  await expect(letter).toBeVisible();
  await expect(page.getByRole('region', { name: 'Staff accounts' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // --- The breach register (72-hour duty) ---
  // The e2e server is shared by every spec file, and breach-notices.spec.ts
  // leaves a breach in the register: the empty register is checked only when
  // nothing was recorded before, and every lookup names its breach or button.
  const register = page.getByRole('region', { name: 'Breach register' });
  const before: unknown[] = await (await page.request.get('/api/v1/staff/breaches')).json();
  if (before.length === 0) {
    await expect(register.getByText('No breach is recorded.')).toBeVisible();
  } else {
    await expect(register.getByRole('row')).toHaveCount(before.length + 1);
  }
  await register.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(register.getByRole('alert').filter({ hasText: 'Please say since when' })).toBeVisible();
  await register.getByLabel('What happened?').fill('Printed letter left on the bus');
  const oneHourAgo = new Date(Date.now() - 3_600_000);
  const local = new Date(oneHourAgo.getTime() - oneHourAgo.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await register.getByLabel(/Known since/).fill(local);
  await register.getByLabel('People affected', { exact: true }).fill('1');
  await register.getByRole('button', { name: 'Record', exact: true }).click();
  const row = register.getByRole('row').filter({ hasText: 'Printed letter left on the bus' });
  await expect(row).toContainText('open');
  await expectNoA11yViolations(page, 'breach register');
  await register.getByRole('button', { name: /^Record as reported now\s*: Printed letter left on the bus$/ }).click();
  await expect(row).toContainText('reported on');

  // --- The participant signs in with the code from the letter ---
  const kim = await newPage(browser);
  await signIn(kim, code);

  // --- Anna signs in (enrols), finds Kim and releases the questionnaire ---
  const anna = await newPage(browser);
  await staffSignIn(anna, 'anna', passwords.anna);
  await expect(anna).toHaveURL(/\/staff\/caseload$/);
  await expect(anna.getByRole('link', { name: 'Kim Example' })).toBeVisible();
  // One page of results: both page buttons are there and disabled.
  await expect(anna.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  await expect(anna.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await expect(anna.getByText('Page 1 of 1')).toBeVisible();
  await expectNoA11yViolations(anna, 'caseload');
  await anna.getByRole('link', { name: 'Kim Example' }).click();
  await expect(anna.getByRole('heading', { level: 1, name: 'Kim Example' })).toBeVisible();
  await anna.getByRole('button', { name: /^Release: .*Personal competences/ }).click();
  await expect(anna.locator('.module-row', { hasText: 'Personal competences' }).locator('.badge')).toHaveText('released');
  await expectNoA11yViolations(anna, 'dossier');

  // Kim's browser scores the questionnaire and uploads the aggregate (the
  // questionnaire screens themselves are covered by slice.spec.ts).
  const upload = await kim.request.post('/api/v1/results', {
    headers: { 'x-lotse-request': '1' },
    data: {
      instrument: 'soft-skills',
      version: 3,
      scales: [
        { scale: 'reliability', score: 88, band: 'high' },
        { scale: 'teamwork', score: 38, band: 'low' },
        ...['communication', 'flexibility', 'independence', 'resilience', 'learning', 'customer'].map((scale) => ({
          scale,
          score: 50,
          band: 'medium',
        })),
      ],
      quality: 'uniform_answers',
      completion_seconds: 95,
    },
  });
  expect(upload.status()).toBe(201);

  // Anna sees the aggregate with its chart, explanations and the careful quality note.
  await anna.reload();
  const results = anna.getByRole('region', { name: 'Results' });
  await expect(results.getByRole('figure')).toBeVisible();
  await expect(results).toContainText('strongly pronounced');
  await expect(results).toContainText('Note on how the questionnaire was answered');
  await expect(results).toContainText('no judgement of the person');

  // A hard skill and the data sheet.
  const skills = anna.getByRole('region', { name: 'Professional competences' });
  await skills.getByLabel('Skill').fill('Forklift driving');
  await skills.getByLabel('Level').selectOption('advanced');
  await skills.getByLabel(/Evidence/).fill('Licence 2019');
  await skills.getByRole('button', { name: 'Save' }).click();
  await expect(skills.getByText('Forklift driving', { exact: true })).toBeVisible();
  // Keyboard focus follows: "Change" takes it to the form, a removal to the
  // entry that is left, the last removal to the form.
  await skills.getByLabel('Skill').fill('Spreadsheets');
  await skills.getByRole('button', { name: 'Save' }).click();
  // Coded with an ESCO occupation found by search; changing the level keeps it.
  const spreadsheets = skills.getByRole('listitem').filter({ hasText: 'Spreadsheets' });
  await expect(spreadsheets).toContainText('recorded by the counsellor');
  const picker = skills.getByRole('group', { name: 'Occupation (optional)' });
  await picker.getByRole('searchbox', { name: 'Search for an occupation' }).fill('office clerk');
  await picker.getByRole('button', { name: 'Search' }).click();
  await spreadsheets.getByRole('button', { name: 'Change Spreadsheets' }).click();
  await picker.getByRole('button', { name: /^Choose\s*: office clerk$/ }).click();
  await expect(picker.locator('.occupation-chosen')).toBeFocused();
  await skills.getByRole('button', { name: 'Save' }).click();
  await expect(spreadsheets).toContainText('ESCO 4110.1: office clerk');
  await spreadsheets.getByRole('button', { name: 'Change Spreadsheets' }).click();
  await expect(picker.locator('.occupation-chosen')).toContainText('ESCO 4110.1');
  await skills.getByLabel('Level').selectOption('expert');
  await skills.getByRole('button', { name: 'Save' }).click();
  await expect(spreadsheets).toContainText('expert');
  await expect(spreadsheets).toContainText('ESCO 4110.1: office clerk');
  await skills.getByRole('button', { name: 'Change Spreadsheets' }).click();
  await expect(skills.getByLabel('Skill')).toBeFocused();
  await expect(skills.getByLabel('Skill')).toHaveValue('Spreadsheets');
  await skills.getByRole('button', { name: 'Remove Spreadsheets' }).click();
  await expect(skills.getByRole('button', { name: 'Change Forklift driving' })).toBeFocused();
  await expect(skills.getByText('Spreadsheets')).toHaveCount(0);
  // The form no longer edits the removed entry.
  await expect(skills.getByLabel('Skill')).toHaveValue('');
  const sheet = anna.getByRole('region', { name: 'Data sheet' });
  await sheet.getByLabel('Counselling results').fill('Aims for warehouse logistics.');
  await sheet.getByRole('button', { name: 'Save' }).click();
  await expect(sheet.getByRole('status')).toHaveText('Saved.');

  // The agency report: composed, then waiting for Kim.
  const report = anna.getByRole('region', { name: 'Short report for the employment agency' });
  const wording = 'Kim is reliable and wants to work in warehouse logistics.';
  await report.getByLabel('Agreed wording').fill(wording);
  await report.getByRole('button', { name: 'Save wording' }).click();
  await expect(report.getByRole('status')).toHaveText(/Waiting for the participant/);
  await expect(report.getByRole('button', { name: 'Release to the agency' })).toHaveCount(0);
  await expectNoA11yViolations(anna, 'dossier with report draft');

  // Kim sees it exactly as it would go out (found from "My data") and agrees.
  await kim.goto('/my-data');
  await expect(kim.getByText('Forklift driving – advanced (Licence 2019)')).toBeVisible();
  await expect(kim.getByText('Counselling results: Aims for warehouse logistics.')).toBeVisible();
  await kim.getByRole('link', { name: 'See the short report for the employment agency' }).click();
  await expect(kim).toHaveURL(/\/my-data\/report$/);
  await expect(kim.getByText(wording)).toBeVisible();
  // No consent records yet: neither results nor skills go to the agency.
  await expect(kim.getByText(/has not consented to forwarding results/)).toBeVisible();
  await expectNoA11yViolations(kim, 'participant report');
  await kim.getByRole('button', { name: 'I agree to this report' }).click();
  await expect(kim.getByRole('status')).toContainText('You agreed');

  // Anna releases it; it is kept with its time, printable and downloadable.
  await anna.reload();
  await anna.getByRole('button', { name: 'Release to the agency' }).click();
  await expect(anna.getByText(/^Released \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)).toBeVisible();
  const download = anna.getByRole('link', { name: 'Download (JSON)' });
  const href = await download.getAttribute('href');
  const exported = await anna.request.get(href!);
  expect(exported.status()).toBe(200);
  const json = await exported.json();
  expect(json.state).toBe('released');
  expect(json.content.wording).toBe(wording);
  expect(JSON.stringify(json)).not.toContain('mlevel');
  // The released report keeps who sent it and to whom, from the profile.
  expect(json.content.parties).toEqual({
    controller_name: 'Träger Beispiel (E2E)',
    controller_address: 'Testweg 1\n12345 Teststadt',
    dpo_contact: 'datenschutz@beispiel.invalid',
    agency_name: 'Agentur für Arbeit',
  });
  await anna.getByRole('link', { name: 'Print', exact: true }).click();
  await expect(anna.getByRole('heading', { level: 1, name: 'Short report for the employment agency' })).toBeVisible();
  await expect(anna.getByText(wording)).toBeVisible();
  const parties = anna.locator('.report-meta');
  await expect(parties).toContainText('FromTräger Beispiel (E2E), Testweg 1, 12345 Teststadt');
  await expect(parties).toContainText('Data protection officerdatenschutz@beispiel.invalid');
  await expect(parties).toContainText('ToAgentur für Arbeit');
  await expectNoA11yViolations(anna, 'report print');

  // --- Substitutes: access follows the dates (the server's clock is real, so
  // the dates are set around today instead of waiting) ---
  const ben = await newPage(browser);
  await staffSignIn(ben, 'ben', passwords.ben);
  const kimId = href!.split('/')[5];
  const dossierUrl = `/api/v1/staff/participants/${kimId}`;
  expect((await ben.request.get(dossierUrl)).status()).toBe(404);
  const staffList = await (await page.request.get('/api/v1/staff/staff')).json();
  const id = (u: string) => staffList.find((s: { username: string }) => s.username === u).id;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const grant = (from: string, to: string) =>
    anna.request.post('/api/v1/staff/delegations', {
      headers: { 'x-lotse-request': '1' },
      data: { owner_id: id('anna'), substitute_id: id('ben'), starts_on: from, ends_on: to },
    });
  // One that ended yesterday and one that starts tomorrow: no access.
  expect((await grant(day(-3), day(-1))).status()).toBe(201);
  expect((await grant(day(1), day(3))).status()).toBe(201);
  expect((await ben.request.get(dossierUrl)).status()).toBe(404);
  // One that covers today: access, marked as substitute work.
  const current = await grant(day(0), day(0));
  expect(current.status()).toBe(201);
  await ben.goto('/staff/caseload');
  await expect(ben.getByText('substituting for Anna Berg')).toBeVisible();
  await ben.getByRole('link', { name: 'Kim Example' }).click();
  await expect(ben.getByRole('heading', { level: 1, name: 'Kim Example' })).toBeVisible();
  await expect(ben.getByRole('region', { name: 'Results' }).getByRole('figure')).toBeVisible();
  // Revoked: gone at once.
  const delegation = await current.json();
  const revoke = await anna.request.delete(`/api/v1/staff/delegations/${delegation.id}`, {
    headers: { 'x-lotse-request': '1' },
  });
  expect(revoke.status()).toBe(204);
  expect((await ben.request.get(dossierUrl)).status()).toBe(404);

  // The admin never sees results.
  expect((await page.request.get(`${dossierUrl}/results`)).status()).toBe(403);

  // --- Kim sees who looked at the dossier ---
  await kim.goto('/my-data');
  await kim.getByRole('link', { name: 'Who looked at or changed my dossier?' }).click();
  await expect(kim).toHaveURL(/\/my-data\/audit$/);
  const trail = kim.getByRole('table', { name: 'Who viewed your dossier' });
  await expect(trail).toContainText('Anna Berg');
  await expect(trail).toContainText('viewed your results');
  await expect(trail).toContainText('Ben Kurz (substituting for Anna Berg)');
  await expect(trail).toContainText('released the agency report');
  await expectNoA11yViolations(kim, 'participant audit trail');

  // --- In a counselling session Anna records Kim's consent to forward results ---
  await anna.goto(`/staff/participants/${kimId}`);
  const consents = anna.getByRole('region', { name: 'Consents (recorded in counselling)' });
  await consents.getByLabel('Forward the shareable questionnaire results to the employment agency').check();
  await consents.getByRole('button', { name: 'Save consents' }).click();
  await expect(consents.getByRole('status')).toHaveText('Saved.');
  await expectNoA11yViolations(anna, 'dossier consents');
  const history = (await (await kim.request.get('/api/v1/consent')).json()).history;
  expect(history.at(-1)).toMatchObject({ channel: 'counsellor', agency_results: true, job_matching: false });
});
