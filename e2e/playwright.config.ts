// Starts the release binary on a free port with a fresh database folder, and runs
// the suite in Debian's Chromium (Playwright's own browser download is not
// reachable from these machines).
import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'target', 'release', 'lotse');

// The config is loaded again in every worker; the environment carries the
// choices made by the first load so that all of them talk to one server.
if (!process.env.LOTSE_E2E_PORT) {
  process.env.LOTSE_E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
}
if (!process.env.LOTSE_E2E_DIR) {
  process.env.LOTSE_E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-e2e-'));
}
process.env.LOTSE_BIN = bin;
const port = process.env.LOTSE_E2E_PORT;
const dataDir = process.env.LOTSE_E2E_DIR;
const baseURL = `http://127.0.0.1:${port}`;

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
    { name: 'phone', use: { ...devices['Pixel 5'], browserName: 'chromium' } },
  ],
  webServer: {
    // The server's log goes to a file in the data folder, so the privacy tests can
    // check that no answer ever reached it.
    command: `sh -c '"${bin}" programme add --name E2E --starts-on ${day(-10)} --ends-on ${day(120)} && exec "${bin}" serve >>"${dataDir}/server.log" 2>&1'`,
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
  },
});
