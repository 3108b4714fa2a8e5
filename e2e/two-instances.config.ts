// Two `lotse serve` processes on one PostgreSQL database, as behind a load
// balancer: the database comes from LOTSE_DATABASE_URL (scripts/test runs this
// inside a throwaway pg_virtualenv cluster), both processes read the same
// LOTSE_SECRET_KEY_FILE, and each has a data folder of its own, so the
// database and the key file are all they share. The first instance seeds the
// demo data with `lotse demo` before it starts and keeps what it printed for
// the spec. Run in e2e/: `npx playwright test -c two-instances.config.ts`.
// LOTSE_E2E_BIN chooses the binary (default: target/release/lotse).
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = process.env.LOTSE_E2E_BIN || path.join(root, 'target', 'release', 'lotse');
const databaseUrl = process.env.LOTSE_DATABASE_URL ?? '';
if (!databaseUrl.startsWith('postgres')) {
  throw new Error('two-instances.config.ts needs LOTSE_DATABASE_URL=postgres://… (see scripts/test)');
}

const freePort = () =>
  execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();

// The config is loaded again in every worker; the environment carries the
// choices made by the first load so that all of them talk to the same servers.
if (!process.env.LOTSE_E2E_MULTI_DIR) {
  // Emptied when a run starts; the instances' logs of the last run stay there.
  const fresh = path.join(root, 'target', 'e2e', 'two-instances');
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.mkdirSync(fresh, { recursive: true });
  process.env.LOTSE_E2E_MULTI_DIR = fresh;
  process.env.LOTSE_E2E_PORT_A = freePort();
  let b = freePort();
  while (b === process.env.LOTSE_E2E_PORT_A) b = freePort();
  process.env.LOTSE_E2E_PORT_B = b;
}
const dir = process.env.LOTSE_E2E_MULTI_DIR;
const keyFile = path.join(dir, 'secret.key');

/** One instance: its own data folder and log, the shared database and key. */
function instance(name: 'a' | 'b', port: string, before = '') {
  const dataDir = path.join(dir, name);
  return {
    command: `sh -c '${before}exec "${bin}" serve >>"${dir}/server-${name}.log" 2>&1'`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    timeout: 30_000,
    env: {
      LOTSE_DATA_DIR: dataDir,
      LOTSE_PORT: port,
      LOTSE_DATABASE_URL: databaseUrl,
      LOTSE_SECRET_KEY_FILE: keyFile,
      LOTSE_LOG: 'info',
    },
  };
}

export default defineConfig({
  testDir: './tests-multi',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Playwright starts these in order: A seeds (and migrates) first.
  webServer: [
    instance('a', process.env.LOTSE_E2E_PORT_A!, `"${bin}" demo >"${dir}/demo.txt" && `),
    instance('b', process.env.LOTSE_E2E_PORT_B!),
  ],
});
