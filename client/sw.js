// Lotse's service worker: lets a participant's browser open Lotse and go on
// with a questionnaire when the connection drops.
//
// What it keeps, in one cache of this origin: the sign-in page (`/`, written
// by the server), each questionnaire's page once opened (its first screen
// written by the server: public texts, the same for everybody) and the
// app's page (the same for every other participant path) with the files
// they name (script, WASM, style, icons), the interface texts and the
// questionnaire definitions — public files, the same for everybody. It never
// touches /api/ (nothing personal, no result, no answer is ever cached; a
// result that waits for the connection is kept by the app itself, see
// client/src/outbox.rs) and never the staff dashboard (/staff/). Signing out
// sends Clear-Site-Data, which removes this worker and its cache as well.
//
// How it answers:
// - files whose name carries Trunk's content hash never change: from the
//   cache, else from the network (and then kept);
// - pages, texts, definitions and everything else: from the network, so a
//   new version is seen at once, and from the cache only when offline.
'use strict';

const CACHE = 'lotse-v1';
// Trunk names built files `<name>-<hash>[_bg].<ext>`, the hash in up to 16 hex
// digits (fewer when it starts with zeros).
const HASHED = /-[0-9a-f]{12,16}(?=(?:_bg)?\.[a-z0-9]+$)/;
// The participant's pages: `/` is sign-in and `/privacy` the notice, both
// written by the server (the notice kept once visited), as is each
// questionnaire's page (kept once opened, by its own path); every other
// path gets the participant app's document, kept once under the app's
// first page.
const ENTRY = '/';
const NOTICE = '/privacy';
const APP = '/modules';
const pageOf = (path) =>
  path === ENTRY || path === NOTICE || path.startsWith('/questionnaire/') ? path : APP;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // The pages and the files they name, so that Lotse opens offline after
      // the first visit even if the worker arrived after they were loaded.
      const files = new Set();
      for (const page of [ENTRY, APP]) {
        // Without the cookie: `/` is the sign-in page itself, not where a
        // signed-in participant would be sent on to.
        const response = await fetch(page, { cache: 'no-cache', credentials: 'omit' });
        if (!response.ok || response.redirected) continue;
        const html = await response.clone().text();
        await cache.put(page, response);
        for (const match of html.matchAll(/(?:href|src)="(\/[^"#?]*)"/g)) {
          if (!match[1].startsWith('/api/') && match[1] !== ENTRY) files.add(match[1]);
        }
      }
      await Promise.all([...files].map((f) => cache.add(f).catch(() => undefined)));
    })(),
  );
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path === '/api' || path.startsWith('/api/') || path === '/staff' || path.startsWith('/staff/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, pageOf(path)));
  } else if (HASHED.test(path)) {
    event.respondWith(cacheFirst(request, path));
  } else {
    event.respondWith(networkFirst(request, path));
  }
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A page that sent the browser on (sign-in, when signed in) is not the
    // page to show offline under this key.
    if (response.ok && !response.redirected) await cache.put(key, response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw offline;
  }
}

async function cacheFirst(request, path) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(path);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(path, response.clone());
    await dropOlderBuilds(cache, path);
  }
  return response;
}

// A new build has new names: the files of the build before are dropped.
async function dropOlderBuilds(cache, path) {
  const stem = path.replace(HASHED, '');  // keeps `_bg.wasm`, `.js`, … apart
  for (const request of await cache.keys()) {
    const other = new URL(request.url).pathname;
    if (other !== path && HASHED.test(other) && other.replace(HASHED, '') === stem) {
      await cache.delete(request);
    }
  }
}
