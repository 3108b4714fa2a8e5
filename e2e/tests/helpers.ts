// Shared steps: creating participants through the real CLI, the axe scan, and
// the request recorder that proves what left the browser.
import { expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';

/** Adds a participant to the E2E programme with the real `lotse` CLI; returns the access code.
 * `dataDir` picks the server (default: the main one). */
export function newParticipant(name = 'Test Person', dataDir = process.env.LOTSE_E2E_DIR!): string {
  const out = execFileSync(process.env.LOTSE_BIN!, ['participant', 'add', '--programme', 'E2E', '--name', name], {
    env: { ...process.env, LOTSE_DATA_DIR: dataDir, LOTSE_LOG: 'warn' },
  }).toString();
  const match = out.match(/Access code: ([0-9A-Z-]+)/);
  if (!match) throw new Error(`no access code in: ${out}`);
  return match[1];
}

/** The value `answerScreen` takes for "Skip this question". */
export const SKIP = 0;

/** Answers the current questionnaire screen by clicking: 1..n picks a label, SKIP the skip option. */
export async function answerScreen(page: Page, values: number[]) {
  const groups = page.getByRole('group');
  await expect(groups).toHaveCount(values.length);
  for (let i = 0; i < values.length; i++) {
    const radios = groups.nth(i).getByRole('radio');
    const count = await radios.count();
    await radios.nth(values[i] === SKIP ? count - 1 : values[i] - 1).check();
  }
}

/** Runs axe-core on the current page and fails on any violation. */
export async function expectNoA11yViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records every request the page sends, from the first one on. */
export function recordRequests(page: Page): Recorded[] {
  const seen: Recorded[] = [];
  page.on('request', (request: Request) => {
    seen.push({
      method: request.method(),
      url: request.url(),
      headers: request.headers(),
      body: request.postData() ?? '',
    });
  });
  return seen;
}

/** The consent screen's buttons (issue 4). */
export const AGREE = /^(Zustimmen und weiter|Agree and continue)$/;
export const DECLINE = /^(Ablehnen|Decline)$/;

/** Signs in with an access code and, if the privacy notice is shown, agrees to it
 * (without the optional consents); ends on the module overview. */
export async function signIn(page: Page, code: string) {
  await page.goto('/');
  await page.getByLabel(/Zugangscode|Access code/).fill(code);
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  const agree = page.getByRole('button', { name: AGREE });
  const overview = page.getByRole('heading', { level: 1, name: /Ihre Fragebögen|Your questionnaires/ });
  await expect(agree.or(overview)).toBeVisible();
  if (await agree.isVisible()) {
    await agree.click();
  }
  await expect(page).toHaveURL(/\/modules$/);
  await expect(overview).toBeVisible();
}

// --- Staff (issue 5) ---

import { createHmac } from 'node:crypto';

/** RFC 4648 base32 → bytes (TOTP seeds are shown in base32). */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 seed at `unixSeconds`. */
export function totp(secret: string, unixSeconds = Date.now() / 1000): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** Creates an admin with the real `lotse admin add` CLI; returns the TOTP seed. */
export function addAdmin(username: string, name: string, password: string, dataDir = process.env.LOTSE_E2E_DIR!): string {
  const out = execFileSync(process.env.LOTSE_BIN!, ['admin', 'add', '--username', username, '--name', name], {
    env: { ...process.env, LOTSE_DATA_DIR: dataDir, LOTSE_LOG: 'warn' },
    input: `${password}\n`,
  }).toString();
  const match = out.match(/secret: ([A-Z2-7]+)/);
  if (!match) throw new Error(`no TOTP seed in: ${out}`);
  return match[1];
}

/** Signs a staff member in through the browser; enrols at the first sign-in. */
export async function staffSignIn(page: Page, username: string, password: string, seed?: string): Promise<string> {
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1, name: 'Staff sign-in' })).toBeVisible();
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const codeField = page.getByLabel('Code from your authenticator app');
  await expect(codeField).toBeVisible();
  let secret = seed;
  if (!secret) {
    // First sign-in: the enrolment shows the QR code (an SVG image) and the seed.
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  }
  await codeField.fill(totp(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeVisible();
  return secret;
}
