// The first vertical slice: sign in with an access code, answer a questionnaire,
// see the result — and prove that only the aggregate left the browser.
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations, newParticipant, recordRequests, signIn } from './helpers';

const SOFT_SKILL_ITEMS = ['rel-1', 'rel-2', 'rel-3', 'rel-4', 'team-1', 'team-2', 'team-3', 'team-4', 'comm-1', 'cust-4'];

test('a participant answers a questionnaire and only the aggregate is uploaded', async ({ page }) => {
  const requests = recordRequests(page);
  const code = newParticipant('Robin');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoA11yViolations(page, 'sign-in');

  // A wrong code gets a readable error, and nothing else happens.
  await page.getByLabel(/Zugangscode|Access code/).fill('AAAA-BBBB-CCCC-DDDD');
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  await expect(page.getByRole('alert')).toContainText(/passt nicht|does not match/);
  await expectNoA11yViolations(page, 'sign-in with error');

  await signIn(page, code);
  await expect(page.getByText('Robin')).toBeVisible();
  await expectNoA11yViolations(page, 'module overview');

  await page.getByRole('link', { name: /(Beginnen|Start).*(Persönliche Kompetenzen|Personal competences)/ }).click();
  await expect(page).toHaveURL(/\/questionnaire\/soft-skills$/);
  await expectNoA11yViolations(page, 'questionnaire intro');
  await page.getByRole('button', { name: /Los geht|Let's start/ }).click();

  // A recognisable canary pattern: 5,4,2,5 on the first screen, 1,2,3,4 on the
  // second, then 4,4,2,4 on each of the six other competence areas.
  const pattern = [5, 4, 2, 5, 1, 2, 3, 4, ...Array(6).fill([4, 4, 2, 4]).flat()];
  for (let screen = 0; screen < 8; screen++) {
    const groups = page.getByRole('group');
    await expect(groups).toHaveCount(4);
    if (screen === 0) await expectNoA11yViolations(page, 'questionnaire items');
    for (let i = 0; i < 4; i++) {
      await groups.nth(i).getByRole('radio').nth(pattern[screen * 4 + i] - 1).check();
    }
    await page.getByRole('button', { name: /^(Weiter|Next|Antworten prüfen|Check answers)$/ }).click();
  }
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/prüfen|Check/);
  await expectNoA11yViolations(page, 'review');

  const upload = page.waitForRequest((r) => r.url().endsWith('/api/v1/results') && r.method() === 'POST');
  await page.getByRole('button', { name: /speichern|save result/ }).click();
  const body = JSON.parse((await upload).postData() ?? '{}');

  await expect(page).toHaveURL(/\/results\/soft-skills$/);
  await expect(page.getByRole('figure')).toBeVisible();
  await expectNoA11yViolations(page, 'result');

  // Exactly the aggregate: instrument, version, per-scale score and band, flag, time.
  expect(Object.keys(body).sort()).toEqual(['completion_seconds', 'instrument', 'quality', 'scales', 'version']);
  expect(body.instrument).toBe('soft-skills');
  for (const scale of body.scales) {
    expect(Object.keys(scale).sort()).toEqual(['band', 'scale', 'score']);
  }
  // reliability: 5,4,(6-2)=4,5 → mean 4.5 → 88; teamwork: 1,2,(6-3)=3,4 → mean 2.5 → 38;
  // every other area: 4,4,(6-2)=4,4 → mean 4 → 75
  expect(body.scales).toEqual([
    { scale: 'reliability', score: 88, band: 'high' },
    { scale: 'teamwork', score: 38, band: 'low' },
    ...['communication', 'flexibility', 'independence', 'resilience', 'learning', 'customer'].map((scale) => ({
      scale,
      score: 75,
      band: 'high',
    })),
  ]);
  expect(body.version).toBe(3);
  expect(body.quality).toBe('ok');

  // No request — URL, header or body — carries an item id or the answer vector.
  const answerVector = pattern.join(',');
  for (const r of requests) {
    const everything = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
    for (const item of SOFT_SKILL_ITEMS) {
      expect(everything, `${r.method} ${r.url} leaks ${item}`).not.toContain(item);
    }
    expect(everything).not.toContain(answerVector);
    expect(everything).not.toMatch(/"answers"/);
    // Only this origin is ever contacted.
    expect(new URL(r.url).origin).toBe(new URL(page.url()).origin);
  }

  // Nothing of the answers is kept on the device after submitting.
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lotse.')));
  expect(kept).toEqual([]);
});

test('the server refuses payloads carrying answers or impossible scores', async ({ page }) => {
  const code = newParticipant('Kim');
  await signIn(page, code);
  const post = (data: unknown) =>
    page.request.post('/api/v1/results', { data, headers: { 'x-lotse-request': '1' } });
  const valid = {
    instrument: 'soft-skills',
    version: 3,
    scales: ['reliability', 'teamwork', 'communication', 'flexibility', 'independence', 'resilience', 'learning', 'customer'].map(
      (scale) => ({ scale, score: 50, band: 'medium' }),
    ),
    quality: 'ok',
    completion_seconds: 60,
  };
  const withAnswers = await post({ ...valid, answers: [5, 4, 2, 5] });
  expect(withAnswers.status()).toBe(422);
  expect((await withAnswers.json()).error.code).toBe('invalid_value');

  const outOfRange = await post({ ...valid, scales: [{ scale: 'reliability', score: 101, band: 'high' }, valid.scales[1]] });
  expect(outOfRange.status()).toBe(422);

  const stored = await page.request.get('/api/v1/results');
  expect(await stored.json()).toEqual([]);
});

test('unknown API paths get JSON, unknown pages get the app', async ({ page }) => {
  const api = await page.request.get('/api/v1/does-not-exist');
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe('not_found');

  await page.goto('/somewhere/else');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/nicht gefunden|not found/);
  await expectNoA11yViolations(page, 'not found');
});
