// Registers Lotse's service worker (/sw.js), which lets the participant app
// open and go on without a connection. A plain file rather than part of the
// WASM: it costs nothing on the first load and needs no inline script.
if ('serviceWorker' in navigator && !location.pathname.startsWith('/staff')) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
