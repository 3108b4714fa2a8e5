// The participant's career page (modules 1 and 2 outside the questionnaire):
// occupational wishes from the ESCO catalogue, the work profile with a
// mistake named and its field focused, kept across a reload, the shared
// vacancies' empty state, and a shared vacancy explained criterion by
// criterion. axe on every state, the sweep's reflow (320 px,
// 200 % text) and text-spacing checks on the filled page, keyboard for the
// search and the wish.
import { expect, test } from '@playwright/test';
import { sweep } from './a11y';
import { addAdmin, expectNoA11yViolations, newParticipant, signIn } from './helpers';
import { get, post, put, release, staffSignIn } from './sweep-data';

test.use({ locale: 'en-US' });

test('a participant records occupational wishes and a work profile, and sees what was shared', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, newParticipant('Cara Career'));

  // Module 2 is on the overview with the questionnaires, right after module 1.
  const cards = page.locator('.module-list > li h2');
  await expect(cards.nth(1)).toHaveText('Module 2: activities and mobility');
  await expect(page.getByRole('link', { name: /^Open the work profile/ })).toBeVisible();
  // The overview leads to the page.
  await page.getByRole('link', { name: 'Note your career wishes and activities' }).click();
  await expect(page).toHaveURL(/\/my-career$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Career wishes and activities' })).toBeFocused();
  const wishes = page.getByRole('region', { name: 'Occupations you would like to work in' });
  const profile = page.getByRole('region', { name: 'What you like to do and can do' });
  const vacancies = page.getByRole('region', { name: 'Vacancies your counsellor shared with you' });
  await expect(wishes).toContainText('You have not added any occupation yet.');
  await expect(wishes).toContainText('Occupations: ESCO, European Commission, v1.1.1');
  await expect(vacancies).toContainText('Your counsellor has not shared any vacancies with you yet.');
  await expect(vacancies).toContainText('nothing is decided automatically');
  await expect(profile.getByRole('button', { name: 'Save', exact: true })).toBeVisible();
  await expectNoA11yViolations(page, 'career page (empty)');

  // Search and add by keyboard.
  await wishes.getByRole('searchbox', { name: 'Search for an occupation' }).fill('cook');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('live-region')).toHaveText(/^Occupations found: \d+$/);
  const add = wishes.getByRole('button', { name: /^Add\s*: cook$/ });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('live-region')).toHaveText('cook was added to your wishes.');
  // The button stays where it was, with focus, and says so.
  await expect(wishes.getByRole('button', { name: /^Already added\s*: cook$/ })).toBeFocused();
  await expect(wishes.locator('.wish-list')).toContainText('cook');
  await expectNoA11yViolations(page, 'career page (search results)');
  const stored = await (await page.request.get('/api/v1/me/wishes')).json();
  expect(stored.map((w: { occupation: { label: string } }) => w.occupation.label)).toEqual(['cook']);

  // Part of the profile; "from" above "to" is named and its field focused.
  await profile.getByRole('group', { name: 'I like to do' }).getByLabel('Cooking and preparing food').check();
  await profile.getByRole('group', { name: 'I can do' }).getByLabel('Cleaning').check();
  await profile.getByLabel('Towns or areas, separated by commas').fill('Leipzig');
  await profile.getByRole('group', { name: 'Driving licences I have' }).getByLabel('B – car').check();
  await profile.getByLabel('Hours per week, from').fill('40');
  await profile.getByLabel('Hours per week, to').fill('30');
  await profile.getByRole('button', { name: 'Add a language' }).click();
  const code = profile.getByLabel('Language as a two-letter code, for example de for German');
  await expect(code).toBeFocused();
  await page.keyboard.type('de');
  await profile.getByLabel('Level', { exact: true }).selectOption('native');
  await expect(profile.getByRole('group', { name: 'Language 1' })).toBeVisible();
  await profile.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(profile.getByRole('alert')).toHaveText(/Hours per week are between 1 and 60/);
  await expect(profile.getByLabel('Hours per week, to')).toBeFocused();
  await expect(profile.getByLabel('Hours per week, to')).toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(page, 'career page (a mistake)');
  await profile.getByLabel('Hours per week, from').fill('20');
  await profile.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('live-region')).toHaveText('Saved.');
  await expect(profile.locator('.alert')).toHaveCount(0);

  // Kept: after a reload the page shows what the server has.
  await page.reload();
  await expect(profile.getByRole('group', { name: 'I like to do' }).getByLabel('Cooking and preparing food')).toBeChecked();
  await expect(profile.getByRole('group', { name: 'I like to do' }).getByLabel('Cleaning')).not.toBeChecked();
  await expect(profile.getByRole('group', { name: 'I can do' }).getByLabel('Cleaning')).toBeChecked();
  await expect(profile.getByLabel('Towns or areas, separated by commas')).toHaveValue('Leipzig');
  await expect(profile.getByRole('group', { name: 'Driving licences I have' }).getByLabel('B – car')).toBeChecked();
  await expect(profile.getByLabel('Hours per week, from')).toHaveValue('20');
  await expect(profile.getByLabel('Hours per week, to')).toHaveValue('30');
  await expect(code).toHaveValue('de');
  await expect(profile.getByLabel('Level', { exact: true })).toHaveValue('native');
  await expect(profile).toContainText('You last saved this on');
  await expect(wishes.locator('.wish-list')).toContainText('cook');
  const kept = (await (await page.request.get('/api/v1/me/profile')).json()).profile;
  expect(kept).toMatchObject({
    preferred_activities: ['cooking'],
    able_activities: ['cleaning'],
    places: ['Leipzig'],
    licences: ['B'],
    hours_min: 20,
    hours_max: 30,
    languages: [{ language: 'de', level: 'native' }],
  });
  await expectNoA11yViolations(page, 'career page (filled)');
  await sweep(page, 'career page (filled)', { textSpacing: true });

  // In another language the occupation keeps ESCO's English name, with its
  // group in the reader's language.
  const group = stored[0].occupation.group_labels.de;
  await page.getByRole('combobox').first().selectOption('de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Berufswünsche und Tätigkeiten');
  await expect(page.locator('.wish-list')).toContainText(`cook (${group})`);
  await expectNoA11yViolations(page, 'career page (German)');
  await page.getByRole('combobox').first().selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Career wishes and activities');

  // Removing the only wish moves focus to the search.
  await wishes.getByRole('button', { name: /^Remove\s*: cook$/ }).click();
  await expect(page.getByTestId('live-region')).toHaveText('cook was removed from your wishes.');
  await expect(wishes.getByRole('searchbox', { name: 'Search for an occupation' })).toBeFocused();
  await expect(wishes).toContainText('You have not added any occupation yet.');
  expect(await (await page.request.get('/api/v1/me/wishes')).json()).toEqual([]);

  // Declining module 2 deletes the work profile and skips the part; it can
  // still be taken up.
  const activities = page.getByRole('region', { name: 'Module 2: activities and mobility' });
  await activities.getByRole('button', { name: 'Decline this part' }).click();
  await expect(activities.getByRole('group')).toContainText('Your work profile (activities, places, working times, languages and qualifications) will be deleted.');
  await expectNoA11yViolations(page, 'career page (declining module 2)');
  await activities.getByRole('button', { name: 'Yes, decline and delete' }).click();
  await expect(page.getByTestId('live-region')).toHaveText('You declined this part. Your work profile is deleted.');
  await expect(activities).toContainText('You skipped this part.');
  await expect(activities.getByRole('button', { name: 'Decline this part' })).toHaveCount(0);
  await expect(profile.getByLabel('Towns or areas, separated by commas')).toHaveValue('');
  expect((await (await page.request.get('/api/v1/me/profile')).json()).updated_at).toBeNull();
  const modules = await (await page.request.get('/api/v1/modules')).json();
  expect(modules.find((m: { instrument: string }) => m.instrument === 'activities').state).toBe('skipped');

  // "My data" leads here too.
  await page.goto('/my-data');
  await page.getByRole('link', { name: /career wishes, my work profile/ }).click();
  await expect(page).toHaveURL(/\/my-career$/);
});

test('a vacancy the counsellor shared is explained criterion by criterion', async ({ browser, page }) => {
  test.setTimeout(120_000);
  // An admin, a counsellor and a participant in her caseload, made through the API.
  const run = Date.now().toString(36);
  const admin = await browser.newContext();
  const adminPassword = 'a long career admin pass phrase';
  await staffSignIn(admin.request, `career-admin-${run}`, adminPassword, addAdmin(`career-admin-${run}`, 'Cleo Admin', adminPassword));
  const counsellor = await post(admin.request, '/api/v1/staff/staff', {
    username: `career-counsellor-${run}`,
    display_name: 'Cora Counsel',
    role: 'counsellor',
  });
  const programme = (await get(admin.request, '/api/v1/staff/programmes')).find((p: { name: string }) => p.name === 'E2E');
  const letter = await post(admin.request, '/api/v1/staff/participants', {
    programme_id: programme.id,
    display_name: 'Vic Vacancy',
    counsellor_id: counsellor.member.id,
  });
  const cora = await browser.newContext();
  await staffSignIn(cora.request, `career-counsellor-${run}`, counsellor.initial_password);
  // Module 2 opens when the counsellor releases it.
  await release(cora.request, letter.participant_id, 'activities');

  // Vic consents to job matching and records a wish and a profile.
  await signIn(page, letter.code);
  await put(page.request, '/api/v1/consent', { agency_results: false, job_matching: true });
  const found = await get(page.request, '/api/v1/me/occupations?q=cook');
  const cook = found.occupations.find((o: { label: string }) => o.label === 'cook');
  await post(page.request, '/api/v1/me/wishes', { occupation_id: cook.id });
  await put(page.request, '/api/v1/me/profile', {
    places: ['Leipzig'],
    licences: ['B'],
    hours_min: 20,
    hours_max: 30,
    languages: [{ language: 'de', level: 'native' }],
  });

  // Cora enters a vacancy and shares it; it is removed again at the end, so
  // the vacancy list other specs start from stays empty.
  const vacancy = await post(cora.request, '/api/v1/staff/vacancies', {
    title: 'Kitchen help',
    employer: 'Gasthaus Linde',
    occupation: '5120',
    place: 'Leipzig',
    hours: 25,
    start: '2027-02-01',
    skills: ['food hygiene'],
    languages: [{ language: 'de', level: 'B1' }],
    licences: ['B'],
    physical: 'medium',
  });
  try {
    await post(cora.request, `/api/v1/staff/participants/${letter.participant_id}/suggestions/${vacancy.id}`);

    await page.goto('/my-career');
    const shared = page.getByRole('region', { name: 'Vacancies your counsellor shared with you' });
    const article = shared.getByRole('article');
    await expect(article).toHaveCount(1);
    await expect(article.getByRole('heading', { level: 3 })).toHaveText('Kitchen help');
    await expect(article).toContainText('Gasthaus Linde');
    await expect(article).toContainText('25 hours a week');
    await expect(article).toContainText(/Overall fit: \d+ of 100/);
    await expect(article).toContainText('Place: fits (Leipzig)');
    await expect(article).toContainText('Physical demands: not considered – only with your consent to health data, which you can give or take back on “My data”');
    await expect(article).toContainText(/Shared with you on/);
    await expect(shared).toContainText('nothing is decided automatically');
    await expectNoA11yViolations(page, 'career page with a shared vacancy');
    await sweep(page, 'career page with a shared vacancy', { textSpacing: true });
  } finally {
    expect((await cora.request.delete(`/api/v1/staff/vacancies/${vacancy.id}`, { headers: { 'x-lotse-request': '1' } })).status()).toBe(204);
    await admin.close();
    await cora.close();
  }
});
