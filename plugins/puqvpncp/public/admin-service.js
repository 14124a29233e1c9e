// PUQ VPNcp blocks of the admin service page: reveal secrets, poll the connection status every 5 s
// (paused while the tab is hidden), and the config viewer with copy and download. No inline code (CSP);
// panel data is written with textContent only.
(() => {
  const POLL_MS = 5000;
  const kit = window.PortalKit;

  document.addEventListener('click', (event) => {
    const reveal = event.target.closest('[data-reveal]');
    if (!reveal) return;
    const code = reveal.parentElement.querySelector('[data-secret]');
    const shown = reveal.getAttribute('aria-pressed') === 'true';
    code.textContent = shown ? '••••••••' : code.getAttribute('data-secret');
    reveal.setAttribute('aria-pressed', String(!shown));
    reveal.textContent = shown ? 'Show' : 'Hide';
  });

  const cell = (text, className) => {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    return td;
  };

  function sessionRow(s) {
    const tr = document.createElement('tr');
    const badge = document.createElement('span');
    badge.className = `badge badge-${s.protocol}`;
    badge.textContent = s.label;
    const proto = document.createElement('td');
    proto.append(badge);
    const handshake = cell(s.latest_handshake);
    if (s.handshake_ago) {
      const ago = document.createElement('span');
      ago.className = 'muted';
      ago.textContent = ` · ${s.handshake_ago}`;
      handshake.append(ago);
    }
    tr.append(proto, cell(s.network), cell(s.ip), cell(s.endpoint), handshake, cell(s.rx_text), cell(s.tx_text));
    return tr;
  }

  function startLiveStatus(block) {
    const url = block.getAttribute('data-live-url');
    const pill = block.querySelector('[data-live-pill]');
    const rows = block.querySelector('[data-live-rows]');
    const checked = block.querySelector('[data-live-checked]');
    const error = block.querySelector('[data-live-error]');
    async function poll() {
      try {
        const body = await kit.getJson(url);
        pill.textContent = body.online ? 'Online' : 'Offline';
        pill.className = `pill ${body.online ? 'pill-online' : 'pill-offline'}`;
        rows.replaceChildren(...body.sessions.map(sessionRow));
        if (body.sessions.length === 0) {
          const tr = document.createElement('tr');
          const td = cell('Not connected on any protocol.', 'empty');
          td.colSpan = 7;
          tr.append(td);
          rows.append(tr);
        }
        checked.textContent = `${body.checked_at.replace('T', ' ').slice(0, 19)} UTC`;
        error.hidden = true;
      } catch (err) {
        error.textContent = `Status not updated: ${err.message}`;
        error.hidden = false;
      }
    }
    const poller = kit.pollWhileVisible(poll, POLL_MS);
    block.querySelector('[data-live-refresh]').addEventListener('click', poller.now);
  }

  function startViewer(section) {
    const viewer = section.querySelector('[data-viewer]');
    const title = viewer.querySelector('[data-viewer-title]');
    const text = viewer.querySelector('[data-viewer-text]');
    const qr = viewer.querySelector('[data-viewer-qr]');
    const error = viewer.querySelector('[data-viewer-error]');
    const download = viewer.querySelector('[data-viewer-download]');
    const copy = viewer.querySelector('[data-viewer-copy]');
    section.addEventListener('click', async (event) => {
      const button = event.target.closest('[data-config-url]');
      if (!button || button.disabled) return;
      viewer.hidden = false;
      title.textContent = button.textContent;
      text.textContent = 'Loading…';
      qr.hidden = true;
      error.hidden = true;
      download.href = button.getAttribute('data-download-url');
      try {
        const body = await kit.getJson(button.getAttribute('data-config-url'));
        text.textContent = body.text;
        if (body.qr) {
          qr.src = body.qr;
          qr.hidden = false;
        }
      } catch (err) {
        text.textContent = '';
        error.textContent = err.message;
        error.hidden = false;
      }
    });
    copy.addEventListener('click', async () => {
      if (await kit.copyText(text.textContent)) return kit.flashLabel(copy, 'Copied');
      // When the browser refuses to copy, the text is selected for Ctrl+C instead.
      window.getSelection().selectAllChildren(text);
      kit.flashLabel(copy, 'Press Ctrl+C');
    });
    viewer.querySelector('[data-viewer-close]').addEventListener('click', () => { viewer.hidden = true; });
  }

  const live = document.querySelector('.puq-live[data-live-url]');
  if (live) startLiveStatus(live);
  const configs = document.querySelector('.puq-configs');
  if (configs) startViewer(configs);
})();
