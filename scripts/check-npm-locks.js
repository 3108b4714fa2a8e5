// Offline supply-chain check of the npm lock files (run by scripts/test).
//
// `npm audit` would be the better check, but the audit endpoint is not
// reachable from this project's machines (the registry answers
// POST /-/npm/v1/security/advisories/bulk with 405). What can be checked
// without the network is where each package comes from and that its content
// is pinned:
// - every package comes from the npm registry: no git, tarball-URL, file: or
//   link: dependency. A `resolved` field, when present, must point at
//   https://registry.npmjs.org/. (npm leaves it out for registry packages when
//   omit-lockfile-registry-resolved is set, as on these machines; such a
//   package is fetched from the configured registry by name and version.)
// - every package has an sha512 `integrity`, which `npm ci` verifies against
//   the downloaded tarball, whichever registry mirror served it.
//
// Usage: node scripts/check-npm-locks.js LOCKFILE...
"use strict";
const fs = require("node:fs");

const REGISTRY = "https://registry.npmjs.org/";
const SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

let failures = 0;
function fail(file, name, why) {
  console.error(`${file}: ${name}: ${why}`);
  failures += 1;
}

for (const file of process.argv.slice(2)) {
  const lock = JSON.parse(fs.readFileSync(file, "utf8"));
  if (lock.lockfileVersion !== 3 || typeof lock.packages !== "object") {
    fail(file, "(lock file)", `lockfileVersion ${lock.lockfileVersion}, expected 3 with "packages"`);
    continue;
  }
  let checked = 0;
  const failuresBefore = failures;
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "") continue; // the project itself
    // Bundled packages ship inside their parent's tarball, covered by its hash.
    if (entry.inBundle) continue;
    checked += 1;
    if (entry.link) fail(file, path, "a link (workspace or file: dependency)");
    if (typeof entry.version !== "string" || !SEMVER.test(entry.version)) {
      fail(file, path, `version ${JSON.stringify(entry.version)} is not a registry version`);
    }
    if (entry.resolved !== undefined && !String(entry.resolved).startsWith(REGISTRY)) {
      fail(file, path, `resolved from ${entry.resolved}, not ${REGISTRY}`);
    }
    const hashes = typeof entry.integrity === "string" ? entry.integrity.split(/\s+/) : [];
    if (hashes.length === 0 || !hashes.every((h) => SHA512.test(h))) {
      fail(file, path, `integrity ${JSON.stringify(entry.integrity)} is not sha512`);
    }
  }
  if (failures === failuresBefore) console.log(`${file}: ${checked} packages from the npm registry, each pinned by sha512`);
}

if (failures > 0) {
  console.error(`${failures} problem(s) in the npm lock files`);
  process.exit(1);
}
