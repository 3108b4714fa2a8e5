// The counselling method end to end from the counsellor's side (issue 14):
// the counsellor releases modules 1 and 2; the participant answers the
// interest questionnaire (only its aggregate reaches the server, as
// instruments.spec checks) and records a wish and a work profile; a vacancy
// file with a bad row is refused line by line and nothing of it is kept; the
// corrected file is imported; the participant's dossier ranks the vacancies
// with a sentence per criterion; the counsellor shares one and the
// participant sees it; the counsellor fills in the work profile with the
// participant in the dossier; the agency report shows the results as charts,
// the participant agrees to exactly it and it is released; the final report
// prints. Zero axe violations on every screen.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { sweep } from './a11y';
import { addAdmin, expectNoA11yViolations, signIn, staffSignIn } from './helpers';
import { aggregate } from './sweep-data';

test.use({ locale: 'en-US' });

const CSRF = { 'x-lotse-request': '1' };
const HEADER = 'title,employer,occupation,place,hours,start,skills,languages,licences,physical';
const GOOD_ROWS = [
  'Cook,Gasthaus Linde,5120,Leipzig,30,,food hygiene|knife skills,de:B1,B,medium',
  'Truck driver,Spedition Ost,8332,Halle,40,,,de:A2,CE,heavy',
];

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ locale: 'en-US' })).newPage();
}

test('a counsellor imports vacancies, sees them ranked and explained, and shares one', async ({ browser, page }) => {
  test.setTimeout(180_000);
  // The office makes a counsellor and a participant in their caseload.
  const seed = addAdmin('match-admin', 'Mia Admin', 'a long admin pass phrase');
  await staffSignIn(page, 'match-admin', 'a long admin pass phrase', seed);
  const created = await page.request.post('/api/v1/staff/staff', {
    headers: CSRF,
    data: { username: 'mara', display_name: 'Mara Vogel', role: 'counsellor' },
  });
  expect(created.status()).toBe(201);
  const { member, initial_password: password } = await created.json();
  const programmes = await (await page.request.get('/api/v1/staff/programmes')).json();
  const programme = programmes.find((p: { name: string }) => p.name === 'E2E');
  const letter = await page.request.post('/api/v1/staff/participants', {
    headers: CSRF,
    data: { programme_id: programme.id, display_name: 'Jo Matching', counsellor_id: member.id },
  });
  expect(letter.status()).toBe(201);
  const { code, participant_id: participantId } = await letter.json();

  // Mara releases module 1 (career orientation) and module 2 (activities).
  const mara = await newPage(browser);
  await staffSignIn(mara, 'mara', password);
  await mara.goto(`/staff/participants/${participantId}`);
  const modules = mara.getByRole('region', { name: 'Modules' });
  for (const name of ['Occupational interests', 'Module 2: activities and mobility']) {
    await modules.getByRole('button', { name: `Release: ${name}` }).click();
    await expect(modules.getByRole('button', { name: `Release again: ${name}` })).toBeVisible();
  }
  await expectNoA11yViolations(mara, 'dossier with modules 1 and 2 released');

  // Jo signs in, consents to forwarding results and to job matching, answers
  // the interest questionnaire and records a wish and a profile.
  const jo = await newPage(browser);
  await signIn(jo, code);
  const consent = await jo.request.put('/api/v1/consent', {
    headers: CSRF,
    data: { agency_results: true, job_matching: true },
  });
  expect(consent.ok()).toBeTruthy();
  const mine = await (await jo.request.get('/api/v1/modules')).json();
  expect(mine.map((m: { instrument: string }) => m.instrument)).toEqual(['interests', 'activities']);
  const interests = await jo.request.post('/api/v1/results', { headers: CSRF, data: aggregate('interests', [80, 35, 55]) });
  expect(interests.status()).toBe(201);
  const found = await (await jo.request.get('/api/v1/me/occupations?q=cook')).json();
  const cook = found.occupations.find((o: { label: string }) => o.label === 'cook');
  expect((await jo.request.post('/api/v1/me/wishes', { headers: CSRF, data: { occupation_id: cook.id } })).status()).toBe(201);
  const profile = await jo.request.put('/api/v1/me/profile', {
    headers: CSRF,
    data: { places: ['Leipzig'], licences: ['B'], hours_min: 20, hours_max: 30, languages: [{ language: 'de', level: 'native' }] },
  });
  expect(profile.ok()).toBeTruthy();

  // Mara imports a file with one bad row: refused by line, nothing kept.
  await mara.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Vacancies', exact: true }).click();
  await expect(mara.getByRole('heading', { level: 1, name: 'Vacancies' })).toBeVisible();
  await expect(mara.getByText('No vacancies yet.')).toBeVisible();
  await expectNoA11yViolations(mara, 'vacancies (empty)');
  const bad = [HEADER, ...GOOD_ROWS, 'Welder,,,Leipzig,99,,,,,'].join('\n');
  await mara.getByLabel("The file's content").fill(bad);
  await mara.getByRole('button', { name: 'Import', exact: true }).click();
  const problems = mara.getByRole('group', { name: /The file was not imported/ });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole('row').filter({ hasText: 'hours' })).toContainText('4');
  await expect(mara.getByText('No vacancies yet.')).toBeVisible();
  expect(await (await mara.request.get('/api/v1/staff/vacancies')).json()).toEqual([]);
  await expectNoA11yViolations(mara, 'vacancies (refused file)');

  await mara.getByLabel("The file's content").fill([HEADER, ...GOOD_ROWS].join('\n'));
  await mara.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(mara.getByTestId('live-region')).toHaveText('Vacancies imported: 2');
  await expect(mara.getByRole('listitem').filter({ hasText: 'Truck driver' })).toBeVisible();

  // The dossier ranks both for Jo, with a sentence per criterion.
  await mara.goto(`/staff/participants/${participantId}`);
  const suggestions = mara.getByRole('region', { name: 'Suggested vacancies' });
  await expect(suggestions).toContainText('you and the participant decide together');
  const first = suggestions.getByRole('article').first();
  await expect(first.getByRole('heading', { level: 3 })).toHaveText('Cook');
  await expect(first).toContainText('Place: fits (Leipzig)');
  await expect(first).toContainText('Physical demands: not considered');
  const truck = suggestions.getByRole('article').filter({ hasText: 'Truck driver' });
  await expect(truck).toContainText('Driving licences: does not fit – missing: CE');
  await expect(mara.getByRole('region', { name: 'Occupational wishes' })).toContainText('cook');
  await expectNoA11yViolations(mara, 'dossier with suggestions');

  await first.getByRole('button', { name: 'Share Cook with the participant' }).click();
  await expect(first.getByText('Shared with the participant')).toBeVisible();
  const shared = await (await jo.request.get('/api/v1/me/suggestions')).json();
  expect(shared.map((s: { vacancy: { title: string } }) => s.vacancy.title)).toEqual(['Cook']);
  expect(shared[0].criteria.length).toBeGreaterThan(3);

  // Mara and Jo fill in the work profile together in the dossier: a mistake
  // is named and its field focused; what is saved is kept across a reload,
  // marked as the counsellor's change for both, and the ranking follows it.
  const workProfile = mara.getByRole('region', { name: 'Work profile (activities and mobility)' });
  await expect(workProfile).toContainText('Leipzig');
  await expect(workProfile).toContainText('Last changed by the participant on');
  const edit = workProfile.getByRole('button', { name: 'Edit together with the participant' });
  await expect(edit).toHaveAttribute('aria-expanded', 'false');
  await edit.click();
  await expect(edit).toHaveAttribute('aria-expanded', 'true');
  const licences = workProfile.getByRole('group', { name: 'Driving licences I have' });
  await expect(licences.getByLabel('B – car')).toBeChecked();
  await expect(workProfile.getByLabel('Towns or areas, separated by commas')).toHaveValue('Leipzig');
  await expectNoA11yViolations(mara, 'dossier with the work profile form');
  await sweep(mara, 'dossier with the work profile form', { textSpacing: true });
  await licences.getByLabel('CE – truck with trailer').check();
  await workProfile.getByLabel('Hours per week, from').fill('50');
  await workProfile.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(workProfile.locator('#profile-error')).toHaveText(/Hours per week are between 1 and 60/);
  await expect(workProfile.getByLabel('Hours per week, to')).toBeFocused();
  await expect(workProfile.getByLabel('Hours per week, to')).toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(mara, 'dossier work profile (a mistake)');
  await workProfile.getByLabel('Hours per week, from').fill('25');
  await workProfile.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(mara.getByTestId('live-region')).toHaveText('Saved.');
  await expect(workProfile.locator('#profile-error')).toHaveText('');
  await expect(workProfile).toContainText('Last changed by a counsellor on');
  await expect(workProfile.locator('.facts')).toContainText('B, CE');
  await expect(workProfile.locator('.facts')).toContainText('25–30');

  await mara.reload();
  await expect(workProfile.locator('.facts')).toContainText('B, CE');
  await expect(workProfile).toContainText('Last changed by a counsellor on');
  await expect(truck).toContainText('Driving licences: fits');
  await workProfile.getByRole('button', { name: 'Edit together with the participant' }).click();
  await expect(licences.getByLabel('CE – truck with trailer')).toBeChecked();
  await expect(workProfile.getByLabel('Hours per week, from')).toHaveValue('25');
  await expect(workProfile.getByLabel('Hours per week, to')).toHaveValue('30');
  const kept = await (await jo.request.get('/api/v1/me/profile')).json();
  expect(kept.changed_by).toBe('staff');
  expect(kept.profile).toMatchObject({
    places: ['Leipzig'],
    licences: ['B', 'CE'],
    hours_min: 25,
    hours_max: 30,
    languages: [{ language: 'de', level: 'native' }],
  });
  await jo.goto('/my-career');
  await expect(jo.getByRole('region', { name: 'What you like to do and can do' })).toContainText('Last changed by your counsellor on');

  // The agency report: each result as a chart with its explanation, the
  // coded wish; Jo agrees to exactly this content and Mara releases it.
  const report = mara.getByRole('region', { name: 'Short report for the employment agency' });
  await report.getByLabel('Agreed wording').fill('Jo wants to cook and can start at once.');
  await report.getByRole('button', { name: 'Save wording' }).click();
  await expect(report.getByRole('status')).toHaveText(/Waiting for the participant/);
  await jo.goto('/my-data/report');
  await expect(jo.getByText('Occupational interests')).toBeVisible();
  await expect(jo.locator('.report-result svg .chart-bar')).toHaveCount(6);
  await expect(jo.getByText(/cook \(ESCO 5120\.\d+, ISCO-08 5120\)/)).toBeVisible();
  await expectNoA11yViolations(jo, 'participant report with charts');
  await jo.getByRole('button', { name: 'I agree to this report' }).click();
  await expect(jo.getByRole('status')).toContainText('You agreed');
  await mara.reload();
  await report.getByRole('button', { name: 'Release to the agency' }).click();
  await expect(mara.getByText(/^Released \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)).toBeVisible();
  const href = await mara.getByRole('link', { name: 'Download (JSON)' }).getAttribute('href');
  const sent = await (await mara.request.get(href!)).json();
  expect(sent.state).toBe('released');
  expect(sent.content.schema_version).toBe(3);
  expect(sent.content.results.map((r: { instrument: string }) => r.instrument)).toEqual(['interests']);
  expect(sent.content.wishes[0].isco).toBe('5120');
  expect(sent.content.health_consented).toBe(false);
  // Jo sees what was sent and when.
  await jo.reload();
  await expect(jo.getByText(/^Released \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)).toBeVisible();

  // The final report to take home: everything in one printable document.
  await mara.getByRole('link', { name: 'Final report to print' }).click();
  await expect(mara.getByRole('heading', { level: 1, name: 'Final report of the counselling' })).toBeVisible();
  await expect(mara.getByRole('heading', { level: 2, name: 'Results of the questionnaires' })).toBeVisible();
  await expect(mara.getByRole('region', { name: 'Occupational wishes' })).toContainText('cook');
  await expect(mara.getByRole('region', { name: /Work profile/ })).toContainText('Leipzig');
  await expectNoA11yViolations(mara, 'final report');
  await mara.emulateMedia({ media: 'print' });
  await expect(mara.getByRole('navigation', { name: 'Dashboard' })).toBeHidden();
  await expect(mara.getByRole('button', { name: 'Print' })).toBeHidden();
  await mara.emulateMedia({ media: 'screen' });
});
