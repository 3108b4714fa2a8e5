// Starts the release binary on a free port with a fresh database folder, and runs
// the suite in Debian's Chromium (Playwright's own browser download is not
// reachable from these machines).
import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'target', 'release', 'lotse');

const freePort = () =>
  execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();

// The config is loaded again in every worker; the environment carries the
// choices made by the first load so that all of them talk to one server.
process.env.LOTSE_E2E_PORT ||= freePort();
// Data folders live under target/e2e and are emptied when a run starts, so
// the servers' logs of the last run stay there to read and runs do not pile up
// folders in /tmp.
const freshDir = (name: string) => {
  const dir = path.join(root, 'target', 'e2e', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
process.env.LOTSE_E2E_DIR ||= freshDir('main');
// A second server whose sessions end after 30 idle seconds, for the
// session-timeout spec (tests/*.short-session.spec.ts): the timeout is
// injected through the real setting, nothing in the client is faked.
process.env.LOTSE_E2E_SHORT_PORT ||= freePort();
process.env.LOTSE_E2E_SHORT_DIR ||= freshDir('short-session');
const SHORT_IDLE_SECONDS = 30;
process.env.LOTSE_BIN = bin;
const port = process.env.LOTSE_E2E_PORT;
const dataDir = process.env.LOTSE_E2E_DIR;
const baseURL = `http://127.0.0.1:${port}`;
const shortPort = process.env.LOTSE_E2E_SHORT_PORT;
const shortDir = process.env.LOTSE_E2E_SHORT_DIR;

// Every server gets a complete organisation profile first: without one, no
// participant can be invited (issue 11). Fictional, like the demo's.
const profile = (url: string) =>
  [
    'organisation set',
    '--controller-name "Träger Beispiel (E2E)"',
    '--controller-address "Testweg 1\\n12345 Teststadt"',
    '--controller-contact "kontakt@beispiel.invalid"',
    '--dpo-name "Dana Beispiel"',
    '--dpo-contact "datenschutz@beispiel.invalid"',
    '--agency-name "Agentur für Arbeit"',
    '--authority-name "Datenschutzaufsicht Beispielland"',
    '--authority-contact "poststelle@aufsicht.invalid"',
    '--help-contact "01234 567890"',
    `--public-url "${url}"`,
  ].join(' ');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    {
      name: 'phone',
      testIgnore: /\.short-session\.spec\.ts$/,
      use: { ...devices['Pixel 5'], browserName: 'chromium' },
    },
    {
      name: 'short-session',
      testMatch: /\.short-session\.spec\.ts$/,
      use: { ...devices['Pixel 5'], browserName: 'chromium', baseURL: `http://127.0.0.1:${shortPort}` },
    },
  ],
  webServer: [{
    // The server's log goes to a file in the data folder, so the privacy tests can
    // check that no answer ever reached it.
    command: `sh -c '"${bin}" programme add --name E2E --starts-on ${day(-10)} --ends-on ${day(120)} && "${bin}" ${profile(baseURL)} >/dev/null && exec "${bin}" serve >>"${dataDir}/server.log" 2>&1'`,
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 30_000,
    env: {
      LOTSE_DATA_DIR: dataDir,
      LOTSE_PORT: port,
      // Debug: the most the server ever writes, for the privacy checks.
      LOTSE_LOG: 'debug',
    },
  }, {
    command: `sh -c '"${bin}" programme add --name E2E --starts-on ${day(-10)} --ends-on ${day(120)} && "${bin}" ${profile(`http://127.0.0.1:${shortPort}`)} >/dev/null && exec "${bin}" serve >>"${shortDir}/server.log" 2>&1'`,
    url: `http://127.0.0.1:${shortPort}/api/v1/health`,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 30_000,
    env: {
      LOTSE_DATA_DIR: shortDir,
      LOTSE_PORT: shortPort,
      LOTSE_SESSION_IDLE_SECONDS: String(SHORT_IDLE_SECONDS),
      LOTSE_LOG: 'info',
    },
  }],
});
