// The four staff roles end to end: an admin creates a data protection officer
// and an office account in the form that explains each role; each signs in
// (enrolling the authenticator), lands where its work is and is offered only
// what its role may do. Office staff add a participant from the caseload and
// see a dossier without results or audit trail; the data protection officer
// opens the breach register, reads the record of processing and a dossier's
// audit trail, without results. Every new page is scanned with axe.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, expectNoA11yViolations, newParticipant, staffSignIn } from './helpers';

test.use({ locale: 'en-US' });

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  return context.newPage();
}

/** The dashboard navigation's links, in order. */
const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link');

/** Opens a participant's dossier from the caseload (other specs add participants too). */
async function openFromCaseload(page: Page, name: string) {
  await page.getByLabel('Search by name').fill(name);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('data protection officer and office staff see what their role may do', async ({ browser, page }) => {
  test.setTimeout(60_000);
  const password = 'a long roles admin pass phrase';
  const seed = addAdmin('roles-admin', 'Rita Admin', password);
  newParticipant('Pia Rollen');

  // --- The admin creates both accounts; each role is explained ---
  await staffSignIn(page, 'roles-admin', password, seed);
  await expect(page).toHaveURL(/\/staff\/admin$/);
  const roles = page.getByRole('group', { name: 'Role' });
  await expect(roles.getByRole('radio')).toHaveCount(4);
  await expect(roles.getByRole('radio', { name: 'Counsellor' })).toBeChecked();
  await expect(roles.getByRole('radio', { name: 'Data protection officer' })).toHaveAccessibleDescription(
    /record of processing.*No results/,
  );
  await expectNoA11yViolations(page, 'office with the role choice');
  const passwords: Record<string, string> = {};
  for (const [username, name, role] of [
    ['dora', 'Dora Schutz', 'Data protection officer'],
    ['otto', 'Otto Amt', 'Office staff (basic data only)'],
  ]) {
    await page.locator('#ns-username').fill(username);
    await page.locator('#ns-name').fill(name);
    await roles.getByRole('radio', { name: role }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText(`The account for ${name} was created.`)).toBeVisible();
    passwords[username] = (await page.getByTestId('initial-password').textContent())!.trim();
    await expect(page.locator('.staff-list li', { hasText: name })).toContainText(`(${username}, ${role}, authenticator not set up yet)`);
  }

  // --- A programme's dates are corrected; a wrong order is refused in words ---
  const programmes = page.getByRole('region', { name: 'Programmes' });
  await page.locator('#pg-name').fill('Roles course');
  await page.locator('#pg-start').fill('2026-01-05');
  await page.locator('#pg-end').fill('2026-06-30');
  await page.getByRole('button', { name: 'Create programme' }).click();
  const course = programmes.getByRole('listitem').filter({ hasText: 'Roles course' });
  await expect(course).toContainText('(2026-01-05 – 2026-06-30)');
  await course.getByRole('button', { name: 'Correct the dates of Roles course' }).click();
  const dates = course.getByRole('group', { name: 'Correct the dates of Roles course' });
  await dates.getByLabel('To (inclusive)').fill('2025-12-31');
  await course.getByRole('button', { name: 'Save the dates' }).click();
  await expect(course.getByRole('alert')).toHaveText('The end date is before the start date.');
  await expectNoA11yViolations(page, 'programme dates with an error');
  await dates.getByLabel('To (inclusive)').fill('2026-09-30');
  await course.getByRole('button', { name: 'Save the dates' }).click();
  await expect(course).toContainText('(2026-01-05 – 2026-09-30)');
  await expect(course.getByRole('group')).toHaveCount(0);

  // --- Office staff: the caseload, with new participants made there ---
  const office = await newPage(browser);
  await staffSignIn(office, 'otto', passwords.otto);
  await expect(office).toHaveURL(/\/staff\/caseload$/);
  await expect(navLinks(office)).toHaveText(['Caseload']);
  const form = office.getByRole('region', { name: 'New participant' });
  await form.getByLabel('Name').fill('Olga Neu');
  await form.getByLabel('Programme').selectOption({ label: 'E2E' });
  await form.getByRole('button', { name: 'Create and show the access letter' }).click();
  await expect(office.getByRole('region', { name: 'Your access to Lotse' })).toBeVisible();
  await expectNoA11yViolations(office, 'caseload for office staff');
  await openFromCaseload(office, 'Pia Rollen');
  const pia = office.url().split('/').pop()!;
  await expect(office.getByRole('region', { name: 'Office' })).toBeVisible();
  await expect(office.getByRole('heading', { level: 2 })).toHaveText(['Correct master data', 'Office']);
  await expect(office.getByRole('region', { name: 'Results' })).toHaveCount(0);
  await expectNoA11yViolations(office, 'dossier for office staff');
  // What the page leaves out, the server refuses.
  expect((await office.request.get(`/api/v1/staff/participants/${pia}/results`)).status()).toBe(403);
  expect((await office.request.get(`/api/v1/staff/participants/${pia}/audit`)).status()).toBe(403);
  await office.goto('/staff/admin');
  await expect(office.getByText('This page is for the office (admin accounts) only.')).toBeVisible();

  // --- The data protection officer: a page of their own ---
  const dpo = await newPage(browser);
  await staffSignIn(dpo, 'dora', passwords.dora);
  await expect(dpo).toHaveURL(/\/staff\/dpo$/);
  await expect(dpo.getByRole('heading', { level: 1, name: 'Data protection' })).toBeVisible();
  await expect(navLinks(dpo)).toHaveText(['Caseload', 'Data protection', 'Rights requests', 'Figures']);
  // The breach register is theirs to keep; nothing is recorded here, since
  // staff.spec.ts expects an empty register on the shared server.
  const breaches = dpo.getByRole('region', { name: 'Breach register' });
  await expect(breaches.getByRole('group', { name: 'Record a breach' })).toBeVisible();
  await expect(breaches.getByRole('button', { name: 'Record', exact: true })).toBeEnabled();
  const register = dpo.getByRole('region', { name: 'Record of processing' });
  await expect(register.getByRole('rowheader', { name: 'display_name' }).first()).toBeVisible();
  // The periods come from the configuration (the e2e server keeps everything 6 months).
  const periods = register.getByRole('table', { name: 'Retention periods' });
  await expect(periods.getByRole('row', { name: /Retention period for the audit trail/ })).toContainText('6 months');
  await expect(register.getByRole('button', { name: 'Print the record' })).toBeVisible();
  await expectNoA11yViolations(dpo, 'data protection page');

  await dpo.getByRole('link', { name: 'Open the caseload' }).click();
  await openFromCaseload(dpo, 'Pia Rollen');
  const trail = dpo.getByRole('region', { name: 'Who viewed or changed this dossier' });
  await expect(trail).toContainText('Otto Amt');
  await expect(dpo.getByRole('heading', { level: 2 })).toHaveText([
    'Legal hold',
    'Restriction of processing',
    'Record a request',
    'Correct master data',
    'Who viewed or changed this dossier',
  ]);
  await expectNoA11yViolations(dpo, 'dossier for the data protection officer');
  expect((await dpo.request.get(`/api/v1/staff/participants/${pia}/results`)).status()).toBe(403);
  await dpo.goto('/staff/vacancies');
  await expect(dpo.getByText('Your role does not include this page.')).toBeVisible();
});
