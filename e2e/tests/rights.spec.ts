// The participant's rights in the browser: the public privacy notice, consent
// and refusal, changing the optional consents, seeing and downloading "my
// data", and withdrawal — after which nothing of theirs remains.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGREE, DECLINE, expectNoA11yViolations, newParticipant } from './helpers';

/** Signs in and stops on the consent screen. */
async function signInToConsent(page: Page, code: string) {
  await page.goto('/');
  await page.getByLabel(/Zugangscode|Access code/).fill(code);
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  await expect(page).toHaveURL(/\/consent$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Bevor es losgeht|Before you start/);
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('button', { name: AGREE })).toBeEnabled();
}

function databaseContains(needle: string): boolean {
  const dir = process.env.LOTSE_E2E_DIR!;
  return ['lotse.db', 'lotse.db-wal'].some((name) => {
    const file = path.join(dir, name);
    return fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from(needle));
  });
}

test('the privacy notice is public and linked from the sign-in page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /^(Datenschutzhinweis|Privacy notice)$/ }).first().click();
  // A page from the server in the language chosen, without any script.
  await expect(page).toHaveURL(/\/privacy\?lang=(de|en)$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Datenschutzhinweis|Privacy notice/);
  expect(await page.locator('script').count()).toBe(0);
  // What is collected, who sees what, how long, the rights.
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /Agentur für Arbeit|Arbeitsagentur|Employment agency/ })).toBeVisible();
  await expect(page.getByText(/7 (Tagen|days)/).first()).toBeVisible();
  // The organisation's own notice: its controller, data protection officer and authority.
  await expect(page.getByText(/Träger Beispiel \(E2E\), Testweg 1, 12345 Teststadt/)).toBeVisible();
  await expect(page.getByText(/Dana Beispiel, datenschutz@beispiel\.invalid/)).toBeVisible();
  await expect(page.getByText(/Datenschutzaufsicht Beispielland/)).toBeVisible();
  await expect(page.getByRole('heading', { name: /Ihre Rechte|Your rights/ })).toBeVisible();
  await expectNoA11yViolations(page, 'privacy notice');

  const notice = await page.request.get('/api/v1/notice?lang=en');
  expect(notice.status()).toBe(200);
  const body = await notice.json();
  expect(body.version).toBe(1);
  expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
});

test('the privacy notice needs no JavaScript, in every language Lotse has', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/privacy');
  const h1 = page.getByRole('heading', { level: 1 });
  // The browser's language first (German here).
  await expect(h1).toHaveText('Datenschutzhinweis');
  await expect(page.getByRole('table')).toBeVisible();
  await page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/privacy\?lang=en$/);
  await expect(h1).toHaveText('Privacy notice');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'English' })).toHaveAttribute('aria-current', 'page');
  // A version that does not exist is a clear "not found", not an empty page.
  const missing = await page.goto('/privacy?lang=en&version=999');
  expect(missing!.status()).toBe(404);
  await expect(h1).toHaveText('Privacy notice');
  await expect(page.locator('main .alert')).toBeVisible();
  await context.close();
});

test('declining signs the participant out and leaves nothing usable', async ({ page }) => {
  const code = newParticipant('Dana Decline');
  await signInToConsent(page, code);
  await expectNoA11yViolations(page, 'consent');
  // Without a decision nothing else works.
  const early = await page.request.get('/api/v1/modules');
  expect(early.status()).toBe(403);
  expect((await early.json()).error.code).toBe('consent_required');

  await page.getByRole('button', { name: DECLINE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Sie haben abgelehnt|You have declined/);
  await expectNoA11yViolations(page, 'declined');
  for (const url of ['/api/v1/session', '/api/v1/modules', '/api/v1/me']) {
    const reply = await page.request.get(url);
    expect(reply.status(), url).toBe(401);
  }
  await expect(page.getByRole('link', { name: /^(Meine Daten|My data)$/ })).toHaveCount(0);

  // The refusal is not an acceptance: the next sign-in asks again.
  await signInToConsent(page, code);
});

test('consent, change it, see and download my data, withdraw', async ({ page }) => {
  const name = 'Wanda Canary7391';
  const code = newParticipant(name);
  await signInToConsent(page, code);
  // A link skips the long notice to the decision, which has its own heading.
  await page.getByRole('link', { name: /Direkt zur Entscheidung|Skip to your decision/ }).click();
  await expect(page).toHaveURL(/\/consent#decision$/);
  await expect(page.getByRole('heading', { level: 2, name: /Ihre Entscheidung|Your decision/ })).toBeInViewport();
  const agency = page.getByRole('checkbox', { name: /Ergebnisse weitergeben|questionnaire results/ });
  const matching = page.getByRole('checkbox', { name: /Stellensuche|job matching/ });
  // Health data (the fit-for-work result) has a consent of its own.
  const health = page.getByRole('checkbox', { name: /Gesundheitsdaten|health data/ });
  await expect(agency).not.toBeChecked();
  await expect(matching).not.toBeChecked();
  await expect(health).not.toBeChecked();
  await agency.check();
  await page.getByRole('button', { name: AGREE }).click();
  await expect(page).toHaveURL(/\/modules$/);
  expect((await page.request.get('/api/v1/modules')).status()).toBe(200);

  // My data: everything in plain language.
  await page.getByRole('link', { name: /^(Meine Daten|My data)$/ }).click();
  await expect(page).toHaveURL(/\/my-data$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Meine Daten|My data/);
  await expect(page.getByText(name)).toBeVisible();
  await expect(page.getByText(/E2E, /)).toBeVisible();
  // Who is responsible, and the data protection officer, from the profile.
  await expect(page.getByText(/(Verantwortlich für Ihre Daten|Responsible for your data): Träger Beispiel \(E2E\)/)).toBeVisible();
  await expect(page.getByText(/Dana Beispiel, datenschutz@beispiel\.invalid/)).toBeVisible();
  await expectNoA11yViolations(page, 'my data');

  // Change the optional consents later.
  const myAgency = page.getByRole('checkbox', { name: /Ergebnisse weitergeben|questionnaire results/ });
  const myMatching = page.getByRole('checkbox', { name: /Stellensuche|job matching/ });
  const myHealth = page.getByRole('checkbox', { name: /Gesundheitsdaten|health data/ });
  await expect(myAgency).toBeChecked();
  await expect(myMatching).not.toBeChecked();
  await expect(myHealth).not.toBeChecked();
  await myMatching.check();
  await myHealth.check();
  await myAgency.uncheck();
  await page.getByRole('button', { name: /Zustimmungen speichern|Save consents/ }).click();
  await expect(page.getByRole('status')).toContainText(/gespeichert|saved/);
  const history = page.locator('ol.history li');
  await expect(history).toHaveCount(2);
  await expect(history.first()).not.toContainText(/Gesundheitsdaten|health data/);
  await expect(history.last()).toContainText(/Gesundheitsdaten|health data/);
  await expectNoA11yViolations(page, 'my data, consents changed');
  // The standing consents as the server keeps them, after a reload.
  await page.reload();
  await expect(myHealth).toBeChecked();
  await expect(myMatching).toBeChecked();
  await expect(myAgency).not.toBeChecked();
  // Each consent links to the very notice version it refers to.
  const accepted = await (await page.request.get('/api/v1/notice?lang=de')).json();
  await page.locator('ol.history li').first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/privacy\\?lang=(de|en)&version=${accepted.version}$`));
  await expect(page.getByText(new RegExp(`(Fassung|Version) ${accepted.version}`)).first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/my-data$/);

  // Download: a JSON file with a schema version and everything shown.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: /herunterladen|Download all my data/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^lotse-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(exported.schema_version).toBe(4);
  expect(exported.breaches).toEqual([]);
  expect(exported.guardian).toEqual({ required: false, minor: false, adult_on: null, consents: [] });
  expect(exported.legal_hold).toBeNull();
  // No request, restriction or recipient yet (issue 15).
  expect(exported.rights).toEqual({ requests: [], restriction: null, objected_at: null, recipients: [], recipient_notices: [] });
  expect(exported.participant.display_name).toBe(name);
  expect(exported.programme.name).toBe('E2E');
  expect(exported.consents.map((c: { event: string }) => c.event)).toEqual(['given', 'changed']);
  expect(exported.consents[0]).toMatchObject({ agency_results: true, job_matching: false, health_data: false, survey_contact: false });
  expect(exported.consents[1]).toMatchObject({ agency_results: false, job_matching: true, health_data: true, channel: 'self' });
  expect(exported.modules.length).toBeGreaterThan(0);
  expect(exported.sessions.length).toBe(1);

  // Withdraw: one step, with a confirmation that says what goes.
  expect(databaseContains(name)).toBe(true);
  await page.getByRole('button', { name: /Widerrufen und meine Daten löschen|Withdraw and delete my data/ }).click();
  const confirm = page.locator('#withdraw-confirm');
  await expect(confirm.getByRole('heading', { level: 3 })).toBeFocused();
  // Every kind of data that goes is named (see my_data.rs, Withdraw).
  await expect(confirm.getByRole('listitem')).toHaveCount(15);
  await expect(confirm).toContainText(/Schlüssel, der Antworten auf Ihrem Gerät schützt|key that protects answers kept on your device/);
  await expect(confirm).toContainText(/Zustimmungen \(2 Einträge\)|consent history \(2 entries\)/);
  await expectNoA11yViolations(page, 'withdraw confirmation');
  await confirm.getByRole('button', { name: /Ja, jetzt alles löschen|Yes, delete everything now/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Ihre Daten sind gelöscht|Your data has been deleted/);
  await expectNoA11yViolations(page, 'erased');

  // Nothing of theirs remains: the session, the code, the data, the bytes.
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  expect(databaseContains(name)).toBe(false);
  await page.goto('/');
  await page.getByLabel(/Zugangscode|Access code/).fill(code);
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  await expect(page.getByRole('alert')).toContainText(/passt nicht|does not match/);
});
