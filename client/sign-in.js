// The sign-in page's one script. The page itself is written by the server
// (server/src/http/pages/sign_in.rs) and works without it; this adds what
// only the browser can do:
// - the language this device chose before (`lotse-lang`, a setting, nothing
//   personal) is the one shown, unless a link asked for another; the one
//   shown is remembered, so the app after sign-in speaks it too;
// - the letter's link opens `/#code=…`: the code comes in the fragment, which
//   the browser never sends, and goes into the field and out of the address
//   bar and the history at once.
'use strict';
(function () {
  const KEY = 'lotse-lang';
  const shown = document.documentElement.lang;
  const params = new URLSearchParams(location.search);
  let stored = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch (blocked) {
    // Storage may be off; the page works as it is.
  }
  if (!params.has('lang') && stored && stored !== shown) {
    params.set('lang', stored);
    location.replace('/?' + params.toString() + location.hash);
    return;
  }
  try {
    localStorage.setItem(KEY, shown);
  } catch (blocked) {
    // As above.
  }
  const code = /^#code=(.*)$/.exec(location.hash);
  const field = document.getElementById('access-code');
  if (code && field) {
    try {
      field.value = decodeURIComponent(code[1]);
    } catch (malformed) {
      field.value = '';
    }
    history.replaceState(null, '', location.pathname + location.search);
  }
})();
