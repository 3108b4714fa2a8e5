// Registers Lotse's service worker (/sw.js), which lets the participant app
// open and go on without a connection. A plain file rather than part of the
// WASM: it costs nothing on the first load and needs no inline script. It
// waits for the page's load event, so that the worker's own downloads (both
// page groups' files, for offline use) do not compete with the page's.
if ('serviceWorker' in navigator && !location.pathname.startsWith('/staff')) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
