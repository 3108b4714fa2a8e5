// Explainable job matching from the counsellor's side (issue 14): a vacancy
// file with a bad row is refused line by line and nothing of it is kept; the
// corrected file is imported; the participant's dossier ranks the vacancies
// with a sentence per criterion; the counsellor shares one and the
// participant sees it. Zero axe violations on every screen.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, expectNoA11yViolations, signIn, staffSignIn } from './helpers';

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

  // Jo signs in, consents to job matching and records a wish and a profile.
  const jo = await newPage(browser);
  await signIn(jo, code);
  const consent = await jo.request.put('/api/v1/consent', {
    headers: CSRF,
    data: { agency_results: false, job_matching: true },
  });
  expect(consent.ok()).toBeTruthy();
  const found = await (await jo.request.get('/api/v1/me/occupations?q=cook')).json();
  const cook = found.occupations.find((o: { label: string }) => o.label === 'cook');
  expect((await jo.request.post('/api/v1/me/wishes', { headers: CSRF, data: { occupation_id: cook.id } })).status()).toBe(201);
  const profile = await jo.request.put('/api/v1/me/profile', {
    headers: CSRF,
    data: { places: ['Leipzig'], licences: ['B'], hours_min: 20, hours_max: 30, languages: [{ language: 'de', level: 'native' }] },
  });
  expect(profile.ok()).toBeTruthy();

  // Mara imports a file with one bad row: refused by line, nothing kept.
  const mara = await newPage(browser);
  await staffSignIn(mara, 'mara', password);
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
