// Data for the accessibility sweep, made through the API (the UI paths that make
// it are covered by slice, rights and staff specs): staff sign-ins, participants
// with released, done and skipped modules, results, competences, a report.
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { totp } from './helpers';
import { instrument } from './texts';

const CSRF = { 'x-lotse-request': '1' };

async function ok(reply: Promise<APIResponse>, what: string): Promise<any> {
  const r = await reply;
  expect(r.ok(), `${what}: ${r.status()} ${await r.text()}`).toBe(true);
  const text = await r.text();
  return text ? JSON.parse(text) : undefined;
}

export const post = (request: APIRequestContext, url: string, data?: unknown) =>
  ok(request.post(url, { headers: CSRF, data }), `POST ${url}`);
export const put = (request: APIRequestContext, url: string, data?: unknown) =>
  ok(request.put(url, { headers: CSRF, data }), `PUT ${url}`);
export const get = (request: APIRequestContext, url: string) => ok(request.get(url), `GET ${url}`);

/** Signs a staff member in with password and TOTP; enrols at the first sign-in.
 * Returns the seed. */
export async function staffSignIn(request: APIRequestContext, username: string, password: string, seed?: string): Promise<string> {
  const pending = await post(request, '/api/v1/staff/session', { username, password });
  let secret = seed;
  if (pending.next === 'enrol') {
    secret = (await get(request, '/api/v1/staff/session/enrolment')).secret;
  }
  if (!secret) throw new Error(`no TOTP seed for ${username}`);
  await post(request, '/api/v1/staff/session/totp', { code: totp(secret) });
  return secret;
}

/** Signs a participant in with their access code and, unless `consent` is
 * false, accepts the current notice (no optional consents). */
export async function participantSignIn(request: APIRequestContext, code: string, consent = true) {
  await post(request, '/api/v1/session', { code });
  if (consent) {
    const notice = await get(request, '/api/v1/notice?lang=de');
    await post(request, '/api/v1/consent', { accept: true, notice_version: notice.version, notice_hash: notice.hash });
  }
}

/** A valid aggregate for `id`: scale i gets scores[i % scores.length], with the
 * band the definition gives that score. */
export function aggregate(id: string, scores: number[], quality = 'ok') {
  const def = instrument(id);
  return {
    instrument: id,
    version: def.version,
    scales: def.scales.map((scale, i) => {
      const score = scores[i % scores.length];
      const band = scale.bands.find((b) => b.from <= score && score <= b.to)!;
      return { scale: scale.id, score, band: band.id };
    }),
    quality,
    completion_seconds: 300,
  };
}

/** Releases a module to a participant (as their counsellor). */
export const release = (counsellor: APIRequestContext, participant: string, module: string) =>
  put(counsellor, `/api/v1/staff/participants/${participant}/modules/${module}`, { state: 'released' });
