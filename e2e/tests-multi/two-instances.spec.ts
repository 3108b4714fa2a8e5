// Several instances as one (issue 9 §5): two `lotse serve` processes, A and B,
// on one PostgreSQL database (two-instances.config.ts starts them). A
// participant's and a counsellor's requests alternate between A and B, and
// failed sign-ins alternating between them reach the limit of one server.
// Everything here fails if sessions, TOTP seeds or rate limits were kept per
// process.
//
// The requests go through Node's fetch, which has no cookie jar: each request
// carries exactly the cookie the test hands it, taken from the other
// instance's answer.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { totp } from '../tests/helpers';

const A = `http://127.0.0.1:${process.env.LOTSE_E2E_PORT_A}`;
const B = `http://127.0.0.1:${process.env.LOTSE_E2E_PORT_B}`;
const WRONG_CODE = 'AAAA-AAAA-AAAA-AAAA';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
  /** The session cookie this reply set, as `name=value`. */
  cookie?: string;
}

/** One API request to one instance, sent the way Lotse's pages send it. */
async function call(base: string, method: string, url: string, options: { body?: unknown; cookie?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-lotse-request'] = '1';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(base + url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('lotse_session=') && c !== 'lotse_session=');
  return { status: response.status, headers: response.headers, body, cookie };
}

/** What `lotse demo` printed: access codes by name, staff passwords and seeds by user name. */
function demoSignIns() {
  const text = fs.readFileSync(path.join(process.env.LOTSE_E2E_MULTI_DIR!, 'demo.txt'), 'utf8');
  const codes: Record<string, string> = {};
  for (const [, name, code] of text.matchAll(/^ {2}(\S+ Demo) +([0-9A-Z]{4}(?:-[0-9A-Z]{4})+)$/gm)) {
    codes[name] = code;
  }
  const staff: Record<string, { password: string; seed: string }> = {};
  for (const [, username, password, seed] of text.matchAll(/^ {2}(demo-\S+) +password (\S+) +TOTP seed ([A-Z2-7]+)$/gm)) {
    staff[username] = { password, seed };
  }
  expect(Object.keys(codes).sort(), text).toEqual(['Alex Demo', 'Sam Demo']);
  expect(Object.keys(staff).sort(), text).toEqual(['demo-admin', 'demo-counsellor']);
  return { codes, staff };
}

test('two instances on one database behave as one server', async () => {
  const demo = demoSignIns();
  const counsellor = demo.staff['demo-counsellor'];

  // Two processes answering on two ports.
  expect(A).not.toEqual(B);
  for (const base of [A, B]) {
    expect((await call(base, 'GET', '/api/v1/health')).status).toBe(200);
  }

  let participant = '';
  await test.step('the participant signs in on A and carries on on B', async () => {
    const signedIn = await call(A, 'POST', '/api/v1/session', { body: { code: demo.codes['Alex Demo'] } });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.consent_required).toBe(true);
    participant = signedIn.cookie!;
    expect(participant).toBeTruthy();

    const me = await call(B, 'GET', '/api/v1/session', { cookie: participant });
    expect(me.status).toBe(200);
    expect(me.body.display_name).toBe('Alex Demo');

    // The privacy notice: read on A, accepted on B.
    const notice = await call(A, 'GET', '/api/v1/notice?lang=en');
    const accepted = await call(B, 'POST', '/api/v1/consent', {
      cookie: participant,
      body: {
        accept: true,
        notice_version: notice.body.version,
        notice_hash: notice.body.hash,
        agency_results: false,
        job_matching: false,
      },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await call(A, 'GET', '/api/v1/session', { cookie: participant })).body.consent_required).toBe(false);
  });

  await test.step('the participant uploads an aggregate on B and A shows the module done', async () => {
    const modules = await call(A, 'GET', '/api/v1/modules', { cookie: participant });
    expect(modules.status).toBe(200);
    const state = (m: Reply) => m.body.find((x: { instrument: string }) => x.instrument === 'fit-for-work')?.state;
    expect(state(modules)).toBe('released');
    // The version the shipped definition has now (the same file the browser loads).
    const { version } = (await call(B, 'GET', '/instruments/fit-for-work.json')).body as { version: number };
    const upload = await call(B, 'POST', '/api/v1/results', {
      cookie: participant,
      body: {
        instrument: 'fit-for-work',
        version,
        scales: [{ scale: 'index', score: 75, band: 'few' }],
        quality: 'ok',
        completion_seconds: 120,
      },
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    expect(state(await call(A, 'GET', '/api/v1/modules', { cookie: participant }))).toBe('done');
  });

  let staff = '';
  await test.step('the counsellor signs in on B (seed shown by A) and sees the result on A', async () => {
    const pending = await call(B, 'POST', '/api/v1/staff/session', {
      body: { username: 'demo-counsellor', password: counsellor.password },
    });
    expect(pending.status, JSON.stringify(pending.body)).toBe(200);
    expect(pending.body.next).toBe('enrol');
    // A opens the seed the demo command sealed: one key file for all.
    const enrolment = await call(A, 'GET', '/api/v1/staff/session/enrolment', { cookie: pending.cookie });
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.secret).toBe(counsellor.seed);
    const code = totp(counsellor.seed);
    const done = await call(B, 'POST', '/api/v1/staff/session/totp', { cookie: pending.cookie, body: { code } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.role).toBe('counsellor');
    staff = done.cookie!;
    expect(staff).toBeTruthy();

    const caseload = await call(A, 'GET', '/api/v1/staff/participants?q=Alex', { cookie: staff });
    expect(caseload.status, JSON.stringify(caseload.body)).toBe(200);
    const alex = caseload.body.entries.find((e: { display_name: string }) => e.display_name === 'Alex Demo');
    expect(alex).toBeTruthy();
    const results = await call(A, 'GET', `/api/v1/staff/participants/${alex.id}/results`, { cookie: staff });
    expect(results.status, JSON.stringify(results.body)).toBe(200);
    expect(results.body.results.map((r: { instrument: string }) => r.instrument)).toEqual(['fit-for-work']);

    // The code just used is used everywhere: a fresh password step on A, the same code on A.
    const again = await call(A, 'POST', '/api/v1/staff/session', {
      body: { username: 'demo-counsellor', password: counsellor.password },
    });
    expect(again.status).toBe(200);
    const replay = await call(A, 'POST', '/api/v1/staff/session/totp', { cookie: again.cookie, body: { code } });
    expect(replay.status).toBe(401);
  });

  await test.step('signing out on one instance ends the session on the other', async () => {
    expect((await call(B, 'DELETE', '/api/v1/staff/session', { cookie: staff })).status).toBe(204);
    expect((await call(A, 'GET', '/api/v1/staff/session', { cookie: staff })).status).toBe(401);
    expect((await call(A, 'DELETE', '/api/v1/session', { cookie: participant })).status).toBe(204);
    expect((await call(B, 'GET', '/api/v1/session', { cookie: participant })).status).toBe(401);
  });

  await test.step('failed sign-ins alternating between A and B reach one limit', async () => {
    // The successful sign-ins above gave their attempts back: the full
    // allowance of 10 failures per address is left, shared by both.
    for (let n = 0; n < 10; n++) {
      const base = n % 2 === 0 ? A : B;
      const wrong = await call(base, 'POST', '/api/v1/session', { body: { code: WRONG_CODE } });
      expect(wrong.status, `attempt ${n + 1} on ${base === A ? 'A' : 'B'}`).toBe(401);
    }
    for (const base of [A, B]) {
      const limited = await call(base, 'POST', '/api/v1/session', { body: { code: WRONG_CODE } });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      const wait = Number(limited.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(30);
    }
    // Even the right code waits now, on either instance.
    const right = await call(B, 'POST', '/api/v1/session', { body: { code: demo.codes['Sam Demo'] } });
    expect(right.status).toBe(429);
  });
});
