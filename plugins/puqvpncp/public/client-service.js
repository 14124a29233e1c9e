// The customer's service page: live connection status (polled every 5 s while the tab is visible),
// config cards loaded from the portal's JSON endpoints, copy buttons, the QR lightbox, the password
// reveal and the one-time link. Everything rendered from JSON goes through textContent, never innerHTML.
(function () {
  var POLL_MS = 5000;
  var kit = window.PortalKit;
  // the page's language: the texts this script writes come with the page (data-texts, JSON)
  var statusCard = document.getElementById('vpn-status');
  var TEXTS = {};
  try { TEXTS = JSON.parse((statusCard && statusCard.getAttribute('data-texts')) || '{}'); } catch (e) { /* English keys below */ }
  function t(key) { return TEXTS[key] || key; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function copyText(text, button) {
    kit.copyText(text).then(function (copied) { if (copied) kit.flashLabel(button, t('configs.copied')); });
  }

  // ---- connection status ----
  function sessionBlock(s) {
    var box = el('div', 'session session-' + s.protocol);
    var title = el('div', 'session-title');
    title.appendChild(el('span', 'badge badge-' + s.protocol, s.label));
    box.appendChild(title);
    var dl = el('dl', 'facts');
    var rows = [[t('status.network'), s.network], [t('status.vpnIp'), s.ip], [t('status.endpoint'), s.endpoint],
      [t('status.handshake'), s.handshake + (s.handshakeAgo ? ' · ' + s.handshakeAgo : '')], [t('status.downloaded'), s.downloaded], [t('status.uploaded'), s.uploaded]];
    rows.forEach(function (r) { dl.appendChild(el('dt', '', r[0])); dl.appendChild(el('dd', '', r[1])); });
    box.appendChild(dl);
    return box;
  }

  function setupStatus(card) {
    var url = card.getAttribute('data-status-url');
    var pill = card.querySelector('[data-role="pill"]');
    var body = card.querySelector('[data-role="body"]');
    var checked = card.querySelector('[data-role="checked"]');

    function render(status) {
      pill.textContent = t(status.online ? 'status.online' : 'status.offline');
      pill.className = 'pill ' + (status.online ? 'pill-online' : 'pill-offline');
      body.replaceChildren();
      if (status.sessions.length === 0) body.appendChild(el('p', 'muted', t('status.notConnected')));
      status.sessions.forEach(function (s) { body.appendChild(sessionBlock(s)); });
      checked.textContent = status.checkedLabel;
    }

    function showError(message) {
      pill.textContent = t('status.unknown');
      pill.className = 'pill';
      body.replaceChildren(el('div', 'notice notice-warn vpn-unavailable', message));
    }

    var poller = kit.pollWhileVisible(function () {
      return kit.getJson(url).then(render, function (err) { showError(err.message); });
    }, POLL_MS);
    card.querySelector('[data-role="refresh"]').addEventListener('click', poller.now);
  }

  // ---- config cards and QR lightbox ----
  var lightbox = document.getElementById('qr-lightbox');
  function openLightbox(src) {
    if (!lightbox) return;
    lightbox.querySelector('[data-role="lightbox-img"]').src = src;
    lightbox.hidden = false;
    lightbox.querySelector('[data-role="lightbox-close"]').focus();
  }
  function closeLightbox() { if (lightbox) lightbox.hidden = true; }
  if (lightbox) {
    lightbox.addEventListener('click', function (e) {
      if (e.target === lightbox || e.target.closest('[data-role="lightbox-close"]')) closeLightbox();
    });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape') closeLightbox(); });
  }

  function setupConfig(card) {
    var text = card.querySelector('[data-role="text"]');
    var qr = card.querySelector('[data-role="qr"]');
    var qrOpen = card.querySelector('[data-role="qr-open"]');
    var copy = card.querySelector('[data-role="copy"]');
    var error = card.querySelector('[data-role="error"]');
    if (!text && !qr) return; // download-only card
    kit.getJson(card.getAttribute('data-config-url')).then(function (data) {
      if (text) text.textContent = data.text;
      if (qr && data.qr) {
        qr.src = data.qr;
        qrOpen.disabled = false;
        qrOpen.addEventListener('click', function () { openLightbox(data.qr); });
      }
      if (copy) {
        copy.disabled = false;
        copy.addEventListener('click', function () { copyText(data.text, copy); });
      }
      card.setAttribute('data-loaded', 'true');
    }, function (err) {
      if (text) text.textContent = '';
      error.textContent = err.message;
      error.hidden = false;
    });
  }

  // ---- password reveal ----
  document.querySelectorAll('[data-role="reveal"]').forEach(function (button) {
    button.addEventListener('click', function () {
      var secret = button.parentElement.querySelector('[data-role="secret"]');
      secret.hidden = !secret.hidden;
      button.textContent = t(secret.hidden ? 'vpn.show' : 'vpn.hide');
      button.setAttribute('aria-expanded', String(!secret.hidden));
    });
  });

  // ---- one-time link ----
  function setupOtl(card) {
    var form = card.querySelector('[data-role="otl-form"]');
    var button = card.querySelector('[data-role="otl-generate"]');
    var result = card.querySelector('[data-role="otl-result"]');
    var error = card.querySelector('[data-role="otl-error"]');
    var input = card.querySelector('[data-role="otl-url"]');
    var open = card.querySelector('[data-role="otl-open"]');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      button.disabled = true;
      error.hidden = true;
      kit.postJson(form.getAttribute('action')).then(function (body) {
        input.value = body.url;
        open.href = body.url;
        result.hidden = false;
      }, function (err) {
        error.textContent = err.message;
        error.hidden = false;
      }).then(function () { button.disabled = false; });
    });
    card.querySelector('[data-role="otl-copy"]').addEventListener('click', function (e) { copyText(input.value, e.currentTarget); });
  }

  if (statusCard) setupStatus(statusCard);
  document.querySelectorAll('.vpn-config[data-config-url]').forEach(setupConfig);
  var otl = document.getElementById('vpn-otl');
  if (otl) setupOtl(otl);
})();
