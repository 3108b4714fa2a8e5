// The accessibility sweep (issue 10, part 6): every page and state of every
// role — participant, counsellor, admin; empty, filled, error, done, declined,
// withdrawn, print views — checked with axe-core (WCAG 2.2 A/AA + best practice)
// and HTML_CodeSniffer (WCAG2AA), at desktop width and at 320 CSS px with 200 %
// text (no sideways scrolling), participant pages also with text-spacing
// overrides. The data behind the states is made through the API in beforeAll;
// the UI paths that make it are tested in slice, rights, skills and staff specs.
// Runs in German, the default language with the longest words.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { sweep, swept } from './a11y';
import { addAdmin } from './helpers';
import { aggregate, get, participantSignIn, post, put, release, staffSignIn } from './sweep-data';
import { exact, texts } from './texts';

const DESKTOP = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'de-DE' };
test.use(DESKTOP);

const de = texts('de');
const en = texts('en');

type Storage = Awaited<ReturnType<BrowserContext['storageState']>>;
interface World {
  admin: { storage: Storage; password: string; seed: string };
  counsellor: { storage: Storage };
  freshCounsellor: { username: string; password: string };
  /** Participants: storage state (signed in) and id. */
  p: Record<'bea' | 'cem' | 'dirk' | 'emil', { storage: Storage; id: string }>;
  /** Ada has not decided on the notice yet. */
  ada: { code: string };
  dirkReport: string;
}
const world = {} as World;
// After a failed test the worker restarts and beforeAll runs again, so the
// accounts it makes get fresh names each time.
const RUN = Date.now().toString(36);
const ADMIN = { username: `sweep-admin-${RUN}`, name: 'Sina Sweep', password: 'a long sweep admin pass phrase' };

async function context(browser: Browser, storage?: Storage): Promise<BrowserContext> {
  const ctx = await browser.newContext({ ...DESKTOP, storageState: storage });
  // Leaving a questionnaire with answers may ask first (beforeunload); the
  // sweep moves on to the next state, so it always leaves.
  ctx.on('page', (page) => page.on('dialog', (dialog) => dialog.accept()));
  return ctx;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // --- Staff: the admin from the CLI, a counsellor who has signed in, one who has not ---
  const seed = addAdmin(ADMIN.username, ADMIN.name, ADMIN.password);
  const admin = await context(browser);
  await staffSignIn(admin.request, ADMIN.username, ADMIN.password, seed);
  const programme = (await get(admin.request, '/api/v1/staff/programmes')).find((p: { name: string }) => p.name === 'E2E');
  const staff = async (username: string, display_name: string) =>
    post(admin.request, '/api/v1/staff/staff', { username, display_name, role: 'counsellor' });
  const conny = await staff(`sweep-counsellor-${RUN}`, 'Conny Beratung');
  const fresh = await staff(`sweep-fresh-${RUN}`, 'Frida Neu');
  world.freshCounsellor = { username: `sweep-fresh-${RUN}`, password: fresh.initial_password };
  const counsellor = await context(browser);
  await staffSignIn(counsellor.request, `sweep-counsellor-${RUN}`, conny.initial_password);

  const newParticipant = async (name: string) => {
    const letter = await post(admin.request, '/api/v1/staff/participants', {
      programme_id: programme.id,
      display_name: name,
      counsellor_id: conny.member.id,
    });
    return { id: letter.participant_id as string, code: letter.code as string };
  };
  const signedIn = async (code: string, consent = true) => {
    const ctx = await context(browser);
    await participantSignIn(ctx.request, code, consent);
    return ctx;
  };

  // --- Bea: soft skills done twice (an earlier result), motivation skipped,
  // fit for work released; skills, a data sheet, a report waiting for her ---
  const bea = await newParticipant('Bea Beispiel');
  const beaCtx = await signedIn(bea.code);
  for (const m of ['soft-skills', 'motivation', 'fit-for-work']) await release(counsellor.request, bea.id, m);
  await post(beaCtx.request, '/api/v1/results', aggregate('soft-skills', [88, 38, 50]));
  await release(counsellor.request, bea.id, 'soft-skills');
  await post(beaCtx.request, '/api/v1/results', aggregate('soft-skills', [75, 62, 20], 'uniform_answers'));
  await post(beaCtx.request, '/api/v1/modules/motivation/skip');
  await post(beaCtx.request, '/api/v1/me/competences', { skill: 'Gabelstaplerfahren', level: 'advanced', evidence: 'Führerschein 2019' });
  await post(counsellor.request, `/api/v1/staff/participants/${bea.id}/competences`, {
    skill: 'Lagerlogistik',
    level: 'basic',
    evidence: '',
  });
  await put(counsellor.request, `/api/v1/staff/participants/${bea.id}/datasheet`, {
    results: 'Ziel: Lagerlogistik.',
    notes: 'Bewerbungsunterlagen überarbeitet.',
  });
  await put(counsellor.request, `/api/v1/staff/participants/${bea.id}/report`, {
    wording: 'Frau Beispiel ist zuverlässig und möchte in der Lagerlogistik arbeiten.',
  });
  // The counsellor looked at the results: an entry in her audit trail.
  await get(counsellor.request, `/api/v1/staff/participants/${bea.id}/results`);

  // --- Dirk: motivation (with the mLevel orientation) and fit for work done,
  // optional consents given, a report agreed and released ---
  const dirk = await newParticipant('Dirk Daten');
  const dirkCtx = await signedIn(dirk.code);
  await put(dirkCtx.request, '/api/v1/consent', { agency_results: true, job_matching: true });
  for (const m of ['motivation', 'fit-for-work']) await release(counsellor.request, dirk.id, m);
  await post(dirkCtx.request, '/api/v1/results', aggregate('motivation', [20, 55, 85]));
  await post(dirkCtx.request, '/api/v1/results', aggregate('fit-for-work', [62]));
  const wording = 'Herr Daten ist motiviert und sucht eine Stelle im Handel.';
  await put(counsellor.request, `/api/v1/staff/participants/${dirk.id}/report`, { wording });
  const shown = await get(dirkCtx.request, '/api/v1/me/report');
  await post(dirkCtx.request, '/api/v1/me/report/agree', { wording, content_hash: shown.draft.content_hash });
  await post(counsellor.request, `/api/v1/staff/participants/${dirk.id}/report/release`);
  const reports = await get(counsellor.request, `/api/v1/staff/participants/${dirk.id}/report`);
  world.dirkReport = reports.released[0].id;

  // --- Cem: nothing yet (the empty states, then withdrawal); Emil: a dossier
  // with nothing in it; Ada: has not decided on the notice ---
  const cem = await newParticipant('Cem Leer');
  const cemCtx = await signedIn(cem.code);
  const emil = await newParticipant('Emil Neu');
  const emilCtx = await signedIn(emil.code);
  world.ada = { code: (await newParticipant('Ada Ablehnung')).code };

  world.admin = { storage: await admin.storageState(), password: ADMIN.password, seed };
  world.counsellor = { storage: await counsellor.storageState() };
  world.p = {
    bea: { storage: await beaCtx.storageState(), id: bea.id },
    cem: { storage: await cemCtx.storageState(), id: cem.id },
    dirk: { storage: await dirkCtx.storageState(), id: dirk.id },
    emil: { storage: await emilCtx.storageState(), id: emil.id },
  };
  for (const ctx of [admin, counsellor, beaCtx, dirkCtx, cemCtx, emilCtx]) await ctx.close();
});

test.afterAll(() => {
  const failing = swept.filter((s) => s.problems > 0);
  console.log(`a11y sweep: ${swept.length} states, ${failing.length} with problems`);
});

/** Waits until nothing on the page says "loading" any more. */
async function loaded(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

async function visit(page: Page, url: string) {
  await page.goto(url);
  await loaded(page);
}

const PARTICIPANT = { textSpacing: true };

/** Goes screen by screen to the questionnaire's review, answering every item
 * (the third option) or none. */
async function toReview(page: Page, answer: boolean) {
  const step = page.getByRole('heading', { level: 2 }).first();
  const next = page.getByRole('button', { name: new RegExp(`^(${de['q.next']}|${de['q.to_review']})$`) });
  for (let screen = 0; screen < 10; screen++) {
    await expect(step).not.toHaveText(de['q.intro_heading']);
    if ((await step.textContent()) === de['q.review_heading']) return;
    const groups = page.getByRole('group');
    await expect(groups.first()).toBeVisible();
    if (answer) {
      for (let i = 0; i < (await groups.count()); i++) await groups.nth(i).getByRole('radio').nth(2).check();
    }
    const before = (await step.textContent()) ?? '';
    await next.click();
    await expect(step).not.toHaveText(before);
  }
  throw new Error('no review after ten screens');
}

test('participant pages', async ({ browser }) => {
  test.setTimeout(300_000);
  // --- Signed out ---
  const out = await context(browser);
  const page = await out.newPage();
  await visit(page, '/');
  await sweep(page, 'sign-in', PARTICIPANT);
  await page.getByLabel(de['signin.code_label']).fill('AAAA-BBBB-CCCC-DDDD');
  await page.getByRole('button', { name: exact(de['signin.submit']) }).click();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await sweep(page, 'sign-in with a wrong code', PARTICIPANT);
  await visit(page, '/privacy');
  await expect(page.getByRole('table')).toBeVisible();
  await sweep(page, 'privacy notice (signed out)', PARTICIPANT);
  await visit(page, '/gibt-es-nicht');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de['common.not_found']);
  await sweep(page, 'page not found', PARTICIPANT);

  // --- Ada: the notice not yet decided; then she declines ---
  await participantSignIn(page.request, world.ada.code, false);
  await visit(page, '/consent');
  await expect(page.getByRole('button', { name: exact(de['consent.accept']) })).toBeEnabled();
  await sweep(page, 'consent', PARTICIPANT);
  await visit(page, '/my-data');
  await expect(page.locator('#consents')).toBeVisible();
  await sweep(page, 'my data before consenting', PARTICIPANT);
  await visit(page, '/consent');
  await page.getByRole('button', { name: exact(de['consent.decline']) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de['consent.declined_title']);
  await sweep(page, 'declined', PARTICIPANT);
  await out.close();

  // --- Bea: the filled states ---
  const beaCtx = await context(browser, world.p.bea.storage);
  const bea = await beaCtx.newPage();
  await visit(bea, '/modules');
  await expect(bea.locator('.module')).toHaveCount(3);
  await sweep(bea, 'overview: done, skipped and released', PARTICIPANT);

  await visit(bea, '/questionnaire/fit-for-work');
  await sweep(bea, 'questionnaire intro', PARTICIPANT);
  await bea.getByRole('button', { name: exact(de['q.start']) }).click();
  const groups = bea.getByRole('group');
  await expect(groups.first()).toBeVisible();
  await groups.nth(0).getByRole('radio').nth(3).check();
  await groups.nth(1).getByRole('radio', { name: de['q.skip_question'] }).check();
  await sweep(bea, 'questionnaire page, partly answered', PARTICIPANT);
  // To the review: every item answered, page by page.
  const review = bea.getByRole('heading', { level: 2, name: de['q.review_heading'] });
  await toReview(bea, true);
  await sweep(bea, 'questionnaire review', PARTICIPANT);
  // Sending with nothing answered is refused with an explanation (a fresh
  // start: without the tab's copy, which would resume at the review).
  await bea.evaluate(() => sessionStorage.clear());
  await visit(bea, '/questionnaire/fit-for-work');
  await bea.getByRole('button', { name: exact(de['q.start']) }).click();
  await toReview(bea, false);
  await expect(review).toBeVisible();
  await bea.getByRole('button', { name: exact(de['q.submit']) }).click();
  await expect(bea.locator('.error-summary')).toBeFocused();
  await sweep(bea, 'questionnaire: sending with nothing answered', PARTICIPANT);
  await visit(bea, '/questionnaire/gibt-es-nicht');
  await sweep(bea, 'questionnaire that does not exist', PARTICIPANT);

  await visit(bea, '/results/soft-skills');
  await expect(bea.getByRole('figure')).toBeVisible();
  await expect(bea.locator('.history li')).toHaveCount(1);
  await sweep(bea, 'result with an earlier result', PARTICIPANT);
  await visit(bea, '/results/soft-skills/print');
  await sweep(bea, 'result print view', { ...PARTICIPANT, print: true });
  await visit(bea, '/results/fit-for-work');
  await expect(bea.locator('.empty')).toBeVisible();
  await sweep(bea, 'result not there yet', PARTICIPANT);

  await visit(bea, '/my-data');
  await expect(bea.locator('.my-data table')).toHaveCount(2);
  // Band names are words in the participant's language, never raw keys.
  await expect.soft(bea.locator('.my-data table').first()).toContainText('stark ausgeprägt');
  await expect.soft(bea.locator('.my-data td').filter({ hasText: /^(low|medium|high)$/ })).toHaveCount(0);
  await sweep(bea, 'my data with two results', PARTICIPANT);
  await visit(bea, '/my-data/audit');
  await expect(bea.getByRole('table')).toContainText('Conny Beratung');
  await sweep(bea, 'my data: who looked at my dossier', PARTICIPANT);
  await visit(bea, '/my-data/report');
  await expect(bea.getByRole('button', { name: de['audit.report_agree'] })).toBeVisible();
  await sweep(bea, 'my report waiting for agreement', PARTICIPANT);
  await visit(bea, '/my-data/skills');
  await expect(bea.getByText('Gabelstaplerfahren', { exact: true })).toBeVisible();
  await sweep(bea, 'my skills with entries', PARTICIPANT);
  await visit(bea, '/privacy');
  await expect(bea.getByRole('table')).toBeVisible();
  await sweep(bea, 'privacy notice (signed in)', PARTICIPANT);
  await beaCtx.close();

  // --- Dirk: the other chart kinds, a released report, "my data" in English ---
  const dirkCtx = await context(browser, world.p.dirk.storage);
  const dirk = await dirkCtx.newPage();
  await visit(dirk, '/results/motivation');
  await expect(dirk.getByRole('figure')).toBeVisible();
  await sweep(dirk, 'result with an orientation (mLevel)', PARTICIPANT);
  await visit(dirk, '/results/fit-for-work');
  await expect(dirk.getByRole('figure')).toBeVisible();
  await sweep(dirk, 'result as an index', PARTICIPANT);
  await visit(dirk, '/my-data/report');
  await expect(dirk.locator('.card')).toHaveCount(1);
  await sweep(dirk, 'my report released', PARTICIPANT);
  await visit(dirk, '/my-data');
  await dirk.getByRole('combobox').first().selectOption('en');
  await expect(dirk.getByRole('heading', { level: 1 })).toHaveText(en['mydata.title']);
  await expect(dirk.locator('.my-data table')).toHaveCount(2);
  await expect.soft(dirk.locator('.my-data')).toContainText('rather seeking success');
  await expect.soft(dirk.locator('.my-data')).toContainText('some limitations');
  await expect.soft(dirk.locator('.my-data td').filter({ hasText: /^(low|medium|high|avoidance|balanced|success|considerable|some|few)$/ })).toHaveCount(0);
  await sweep(dirk, 'my data in English, consents given', PARTICIPANT);
  await dirkCtx.close();

  // --- Cem: the empty states, then withdrawal ---
  const cemCtx = await context(browser, world.p.cem.storage);
  const cem = await cemCtx.newPage();
  await visit(cem, '/modules');
  await sweep(cem, 'overview with nothing released', PARTICIPANT);
  await visit(cem, '/my-data/audit');
  await sweep(cem, 'my data: audit trail empty', PARTICIPANT);
  await visit(cem, '/my-data/report');
  await sweep(cem, 'my report: none', PARTICIPANT);
  await visit(cem, '/my-data/skills');
  await cem.getByRole('button', { name: exact(de['skills.save']) }).click();
  await expect(cem.getByRole('alert')).not.toBeEmpty();
  await sweep(cem, 'my skills: empty, with a missing name', PARTICIPANT);
  await visit(cem, '/my-career');
  await expect(cem.getByRole('heading', { level: 1 })).toBeVisible();
  await sweep(cem, 'my career: nothing recorded', PARTICIPANT);
  await visit(cem, '/my-data');
  await sweep(cem, 'my data without results', PARTICIPANT);
  await cem.getByRole('button', { name: exact(de['mydata.withdraw_start']) }).click();
  await expect(cem.getByRole('button', { name: exact(de['mydata.confirm_yes']) })).toBeVisible();
  await sweep(cem, 'my data: withdrawal asks first', PARTICIPANT);
  await cem.getByRole('button', { name: exact(de['mydata.confirm_yes']) }).click();
  await expect(cem.getByRole('heading', { level: 1 })).toHaveText(de['mydata.erased_title']);
  await sweep(cem, 'withdrawn and erased', PARTICIPANT);
  await cemCtx.close();
});

test('counsellor pages', async ({ browser }) => {
  test.setTimeout(240_000);
  const ctx = await context(browser, world.counsellor.storage);
  const page = await ctx.newPage();
  await visit(page, '/staff/caseload');
  await expect(page.getByRole('link', { name: 'Bea Beispiel' }).first()).toBeVisible();
  await sweep(page, 'caseload');
  await page.getByLabel(de['staff.search']).fill('Niemand');
  await page.getByRole('button', { name: exact(de['staff.apply']) }).click();
  await expect(page.getByText(de['staff.caseload_empty'])).toBeVisible();
  await sweep(page, 'caseload, nothing found');

  await visit(page, '/staff/vacancies');
  await sweep(page, 'vacancies, none yet');
  await page.getByLabel(de['jobs.import_content']).fill('title,place\n,Leipzig\n');
  await page.getByRole('button', { name: exact(de['jobs.import_button']) }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await sweep(page, 'vacancies, a refused import');

  await visit(page, `/staff/participants/${world.p.bea.id}`);
  await expect(page.locator('#results-title ~ .result')).toHaveCount(2);
  await expect(page.getByText('Lagerlogistik', { exact: true })).toBeVisible();
  await sweep(page, 'dossier with results, competences and a report draft');
  await visit(page, `/staff/participants/${world.p.dirk.id}`);
  await expect(page.locator('#results-title ~ .result')).toHaveCount(2);
  await expect(page.locator('.released li')).toHaveCount(1);
  await sweep(page, 'dossier with a released report');
  await visit(page, `/staff/participants/${world.p.dirk.id}/reports/${world.dirkReport}`);
  await expect(page.locator('.wording')).toBeVisible();
  await sweep(page, 'report print view', { print: true });
  await visit(page, `/staff/participants/${world.p.dirk.id}/consent-record`);
  await expect(page.locator('.consent-record')).toBeVisible();
  await sweep(page, 'consent record with its signature lines', { print: true });
  await visit(page, `/staff/participants/${world.p.emil.id}`);
  await expect(page.getByText(de['staff.results_none'])).toBeVisible();
  await sweep(page, 'dossier with nothing in it');
  await visit(page, '/staff/participants/00000000-0000-7000-8000-000000000000');
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await sweep(page, 'dossier that does not exist');
  await visit(page, '/staff/admin');
  await expect(page.getByText(de['staff.admin_only'])).toBeVisible();
  await sweep(page, 'office page as a counsellor');
  await visit(page, '/staff/gibt-es-nicht');
  await sweep(page, 'dashboard page not found');
  await ctx.close();
});

test('admin pages and staff sign-in', async ({ browser }) => {
  test.setTimeout(240_000);
  const ctx = await context(browser, world.admin.storage);
  const page = await ctx.newPage();
  await visit(page, '/staff/admin');
  await expect(page.locator('#np-counsellor option')).not.toHaveCount(1);
  await sweep(page, 'office');
  const breaches = page.getByRole('region', { name: de['staff.breaches'] });
  await breaches.getByRole('button', { name: exact(de['staff.breach_record']) }).click();
  await expect(breaches.getByRole('alert')).not.toBeEmpty();
  await sweep(page, 'office: breach form incomplete');
  await page.locator('#np-name').fill('Lea Brief');
  await page.locator('#np-programme').selectOption({ label: 'E2E' });
  await page.getByRole('button', { name: exact(de['staff.create_participant']) }).click();
  await expect(page.getByRole('region', { name: de['staff.letter_title'] })).toBeVisible();
  await sweep(page, 'office: access letter', { print: true });
  await visit(page, '/staff/caseload');
  await expect(page.getByRole('link', { name: 'Bea Beispiel' }).first()).toBeVisible();
  await sweep(page, 'caseload of the whole office');
  await visit(page, `/staff/participants/${world.p.emil.id}`);
  await page.getByRole('button', { name: exact(de['staff.reissue']) }).click();
  await expect(page.getByRole('region', { name: de['staff.letter_title'] })).toBeVisible();
  await sweep(page, 'dossier as the office, with a new letter');
  await ctx.close();

  // --- Signing in ---
  const out = await context(browser);
  const signIn = await out.newPage();
  await visit(signIn, '/staff');
  await sweep(signIn, 'staff sign-in');
  await signIn.getByLabel(de['staff.username']).fill(ADMIN.username);
  await signIn.getByLabel(de['staff.password']).fill('not the password');
  await signIn.getByRole('button', { name: exact(de['staff.next']) }).click();
  await expect(signIn.getByRole('alert')).not.toBeEmpty();
  await sweep(signIn, 'staff sign-in with a wrong password');
  await signIn.getByLabel(de['staff.password']).fill(ADMIN.password);
  await signIn.getByRole('button', { name: exact(de['staff.next']) }).click();
  await expect(signIn.getByLabel(de['staff.code'])).toBeVisible();
  await sweep(signIn, 'staff sign-in: authenticator code');
  await signIn.getByLabel(de['staff.code']).fill('000000');
  await signIn.getByRole('button', { name: exact(de['staff.sign_in']) }).click();
  await expect(signIn.getByRole('alert')).not.toBeEmpty();
  await sweep(signIn, 'staff sign-in: wrong authenticator code');
  await out.close();

  const first = await context(browser);
  const enrol = await first.newPage();
  await visit(enrol, '/staff');
  await enrol.getByLabel(de['staff.username']).fill(world.freshCounsellor.username);
  await enrol.getByLabel(de['staff.password']).fill(world.freshCounsellor.password);
  await enrol.getByRole('button', { name: exact(de['staff.next']) }).click();
  await expect(enrol.getByTestId('totp-secret')).toBeVisible();
  await sweep(enrol, 'staff sign-in: first time, setting up the authenticator');
  await first.close();
});
