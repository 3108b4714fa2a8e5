// Breaches that reach people (GDPR Art. 34): a data protection officer records
// a breach, writes what the people affected are told, links a participant
// found in the caseload (and removes and links them again, by keyboard) and
// tells them, which the register allows only once the words and a participant
// are there. The participant reads it in "My data"; while a legal hold keeps
// their data, My data says so and an erasure is refused in words. Zero axe
// violations on every new state, and the register fits 320 px.
//
// The e2e server is shared by all spec files (playwright.config.ts), so this
// breach stays in the register for the specs that run after this one;
// staff.spec.ts does not assume an empty register.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addAdmin, expectNoA11yViolations, signIn, staffSignIn } from './helpers';

test.use({ locale: 'en-US' });

const CSRF = { 'x-lotse-request': '1' };
const WHAT = 'Counselling list mailed to a wrong address';
const PERSON = 'Bruno Betroffen';

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ locale: 'en-US' })).newPage();
}

/** No part of the page needs sideways scrolling at this width. */
async function expectFits(page: Page, width: number) {
  await page.setViewportSize({ width, height: 800 });
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll, `page width at ${width} px`).toBeLessThanOrEqual(width);
}

test('a breach is told to the participants it affected', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const password = 'a long breach admin pass phrase';
  const seed = addAdmin('breach-admin', 'Bea Admin', password);
  await staffSignIn(page, 'breach-admin', password, seed);

  // The office makes a data protection officer and a participant.
  const created = await page.request.post('/api/v1/staff/staff', {
    headers: CSRF,
    data: { username: 'breach-dpo', display_name: 'Dieter Schutz', role: 'dpo' },
  });
  expect(created.status()).toBe(201);
  const { initial_password: dpoPassword } = await created.json();
  const programmes = await (await page.request.get('/api/v1/staff/programmes')).json();
  const programme = programmes.find((p: { name: string }) => p.name === 'E2E');
  const letter = await page.request.post('/api/v1/staff/participants', {
    headers: CSRF,
    data: { programme_id: programme.id, display_name: PERSON, counsellor_id: null },
  });
  expect(letter.status()).toBe(201);
  const { participant_id: participant, code } = await letter.json();

  // The participant signs in and accepts the privacy notice.
  const person = await newPage(browser);
  await signIn(person, code);
  await person.goto('/my-data');
  await expect(person.getByRole('heading', { level: 1, name: 'My data' })).toBeVisible();
  await expect(person.getByRole('heading', { name: 'Data breaches that affected you' })).toHaveCount(0);

  // --- The data protection officer records the breach ---
  const dpo = await newPage(browser);
  await staffSignIn(dpo, 'breach-dpo', dpoPassword);
  await expect(dpo).toHaveURL(/\/staff\/dpo$/);
  const register = dpo.getByRole('region', { name: 'Breach register' });
  await register.getByLabel('What happened?').fill(WHAT);
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  const local = new Date(twoHoursAgo.getTime() - twoHoursAgo.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await register.getByLabel(/Known since/).fill(local);
  await register.getByLabel('People affected', { exact: true }).fill('1');
  await register.getByRole('button', { name: 'Record', exact: true }).click();
  const breach = register.getByRole('article', { name: WHAT });
  await expect(breach).toBeVisible();

  // Nothing can be told yet; the button says why.
  const tell = breach.getByRole('button', { name: 'Tell the affected participants' });
  await expect(tell).toBeDisabled();
  await expect(tell).toHaveAccessibleDescription(/write and save the message.*link at least one participant/);
  await expect(breach.getByText('No participant is linked yet.')).toBeVisible();
  await expectNoA11yViolations(dpo, 'breach with nothing written');

  // The words, saved.
  await breach.getByLabel('Message to the people affected').fill('A list with your name and programme was mailed to a wrong address.');
  await breach.getByLabel('Likely consequences for them').fill('Someone outside may know that you take part in the programme.');
  await breach.getByLabel('What was done about it, and what they can do').fill('The letter was returned unopened and destroyed.');
  await breach.getByLabel('Whom to contact for more information').fill('Dieter Schutz, datenschutz@beispiel.invalid');
  await breach.getByRole('button', { name: 'Save the words' }).click();
  await expect(breach.getByRole('status')).toHaveText('The words are saved.');
  await expect(tell).toBeDisabled();
  await expect(tell).toHaveAccessibleDescription(/^Before you can tell them:\s*link at least one participant$/);

  // A participant found in the caseload, linked; by keyboard removed and linked again.
  const search = breach.getByRole('searchbox', { name: 'Search the caseload by name' });
  await search.fill('Betroffen');
  await search.press('Enter');
  const link = breach.getByRole('button', { name: new RegExp(`^Link\\s*: ${PERSON}$`) });
  await link.click();
  await expect(breach.getByRole('status')).toHaveText(`${PERSON} is linked.`);
  await expect(search).toBeFocused();
  const people = breach.getByRole('list', { name: 'Participants affected' });
  await expect(people.getByRole('listitem')).toContainText([PERSON]);
  await expectNoA11yViolations(dpo, 'breach with a linked participant');
  const remove = people.getByRole('button', { name: new RegExp(`^Remove\\s*: ${PERSON}$`) });
  await remove.focus();
  await dpo.keyboard.press('Enter');
  await expect(breach.getByRole('status')).toHaveText(`${PERSON} is no longer linked.`);
  await expect(breach.getByRole('heading', { level: 4, name: 'Participants affected' })).toBeFocused();
  await expect(breach.getByText('No participant is linked yet.')).toBeVisible();
  await link.focus();
  await dpo.keyboard.press('Enter');
  await expect(people.getByRole('listitem')).toContainText([PERSON]);

  // Now they can be told; afterwards the register says when.
  await expect(tell).toBeEnabled();
  await tell.focus();
  await dpo.keyboard.press('Enter');
  await expect(breach).toContainText(/The linked participants were told on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\)\./);
  await expect(tell).toHaveCount(0);
  await expectNoA11yViolations(dpo, 'breach told');
  await expectFits(dpo, 320);
  await expectNoA11yViolations(dpo, 'breach register at 320 px');

  // --- The participant reads it in My data ---
  await person.reload();
  const notices = person.getByRole('region', { name: 'Data breaches that affected you' });
  await expect(notices).toBeVisible();
  const notice = notices.getByRole('article');
  await expect(notice).toHaveCount(1);
  await expect(notice.getByRole('heading', { level: 3 })).toHaveText(/^Data breach found on /);
  await expect(notice).toContainText('You were told on');
  await expect(notice).toContainText('A list with your name and programme was mailed to a wrong address.');
  await expect(notice).toContainText('Someone outside may know that you take part in the programme.');
  await expect(notice).toContainText('The letter was returned unopened and destroyed.');
  await expect(notice).toContainText('Dieter Schutz, datenschutz@beispiel.invalid');
  await expectNoA11yViolations(person, 'my data with a breach notice');
  await expectFits(person, 320);

  // --- A legal hold: My data says so, and erasure is refused in words ---
  const held = await dpo.request.put(`/api/v1/staff/participants/${participant}/hold`, {
    headers: CSRF,
    data: { reason: 'Dispute about the programme certificate' },
  });
  expect(held.status()).toBe(200);
  await person.reload();
  const hold = person.getByRole('region', { name: 'Your data is kept because of an open dispute' });
  await expect(hold).toContainText('Dispute about the programme certificate');
  await expect(hold).toContainText('cannot delete it yourself');
  await expectNoA11yViolations(person, 'my data under a legal hold');
  await person.getByRole('button', { name: 'Withdraw and delete my data' }).click();
  const confirm = person.locator('#withdraw-confirm');
  await expect(confirm.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(confirm).toContainText('the notices about data breaches that affected you (1)');
  await expect(confirm).toContainText('the record of who viewed or changed your dossier');
  await confirm.getByRole('button', { name: 'Yes, delete everything now' }).click();
  await expect(confirm.getByRole('alert')).toHaveText(/cannot be deleted now: it is kept because of an open dispute/);
  await expectNoA11yViolations(person, 'erasure refused under a legal hold');
  expect((await person.request.get('/api/v1/me')).status()).toBe(200);
});
