// Shared steps: creating participants through the real CLI, the axe scan, and
// the request recorder that proves what left the browser.
import { expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';

/** Adds a participant to the E2E programme with the real `lotse` CLI; returns the access code. */
export function newParticipant(name = 'Test Person'): string {
  const out = execFileSync(process.env.LOTSE_BIN!, ['participant', 'add', '--programme', 'E2E', '--name', name], {
    env: { ...process.env, LOTSE_DATA_DIR: process.env.LOTSE_E2E_DIR!, LOTSE_LOG: 'warn' },
  }).toString();
  const match = out.match(/Access code: ([0-9A-Z-]+)/);
  if (!match) throw new Error(`no access code in: ${out}`);
  return match[1];
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
