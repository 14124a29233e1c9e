// Helpers the page scripts share, as window.PortalKit: JSON requests to the portal (with the CSRF header
// for writes), copying to the clipboard, a button's short-lived label, polling that pauses in a hidden tab,
// and byte counts for people. Loaded in <head> with defer, so it runs before every page script.
(function () {
  // Resolves with the parsed body, or rejects with an Error whose message can be shown as it is.
  function getJson(url, options) {
    var opts = Object.assign({ credentials: 'same-origin', cache: 'no-store' }, options || {});
    opts.headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
    return fetch(url, opts).then(function (res) {
      var type = res.headers.get('content-type') || '';
      // An expired session is redirected to the login page, which is HTML.
      if (type.indexOf('application/json') !== 0) throw new Error('Your session has ended. Reload the page to sign in again.');
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body.error || 'The request failed. Please try again.');
        return body;
      });
    }, function () {
      throw new Error('The portal could not be reached. Check your connection.');
    });
  }

  function postJson(url) {
    var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
    return getJson(url, { method: 'POST', headers: { 'x-csrf-token': csrf } });
  }

  // Plain-HTTP installs have no Clipboard API; a selected off-screen textarea still copies.
  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.className = 'offscreen';
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  // Resolves true once the text is on the clipboard, false when the browser refused both ways.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  // Shows `text` on the button for two seconds, then its own label again (also after repeated clicks).
  var flashing = new WeakMap();
  function flashLabel(button, text) {
    var state = flashing.get(button) || { label: button.textContent, timer: null };
    clearTimeout(state.timer);
    button.textContent = text;
    state.timer = setTimeout(function () {
      button.textContent = state.label;
      flashing.delete(button);
    }, 2000);
    flashing.set(button, state);
  }

  // Calls run() (which returns a promise) every `ms` while the tab is visible, never two at a time; a hidden
  // tab is not polled and catches up as soon as it is shown. now() polls at once and restarts the wait.
  function pollWhileVisible(run, ms) {
    var timer = null;
    var busy = false;
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(tick, ms);
    }
    function settled() {
      busy = false;
      schedule();
    }
    function tick() {
      if (document.hidden) return; // resumed by visibilitychange
      if (busy) return schedule();
      busy = true;
      Promise.resolve().then(run).then(settled, settled);
    }
    document.addEventListener('visibilitychange', function () {
      clearTimeout(timer);
      if (!document.hidden) tick();
    });
    schedule();
    return { now: function () { clearTimeout(timer); tick(); } };
  }

  // Mirrors plugins/puqvpncp/server/client-area/humanise.ts (decimal units: 1 GB = 10^9 bytes, the base
  // invoices use), so a chart and the page around it agree.
  // bytes in decimal units (1 GB = 10^9 bytes) as the page's language writes them, like the server's Locale
  var BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'];
  var byteFormats = [];
  function byteFormat(i) {
    if (!byteFormats[i]) {
      var digits = i === 0 ? 0 : 1;
      byteFormats[i] = new Intl.NumberFormat(document.documentElement.lang || 'en', { style: 'unit', unit: BYTE_UNITS[i], unitDisplay: i === 0 ? 'long' : 'short', minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    return byteFormats[i];
  }
  function humanBytes(bytes) {
    if (!isFinite(bytes) || bytes < 1000) return byteFormat(0).format(Math.max(0, Math.round(bytes) || 0));
    var value = bytes;
    var unit = 0;
    while (value >= 1000 && unit < BYTE_UNITS.length - 1) { value /= 1000; unit += 1; }
    if (Math.round(value * 10) >= 10000 && unit < BYTE_UNITS.length - 1) return byteFormat(unit + 1).format(value / 1000);
    return byteFormat(unit).format(value);
  }

  window.PortalKit = { getJson: getJson, postJson: postJson, copyText: copyText, flashLabel: flashLabel, pollWhileVisible: pollWhileVisible, humanBytes: humanBytes };
})();
