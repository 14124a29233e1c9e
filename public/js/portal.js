// Small progressive enhancements shared by every page; no inline scripts (the CSP forbids them).
document.addEventListener('click', (event) => {
  const confirmEl = event.target.closest('[data-confirm]');
  if (confirmEl && !window.confirm(confirmEl.getAttribute('data-confirm'))) event.preventDefault();
  const back = event.target.closest('[data-back]');
  if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});

// A form marked data-inline-result is sent in the background and its answer shown beside its button
// (the page stays where it is); without script it posts and the next page shows the notice.
document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-inline-result]');
  if (!form || event.defaultPrevented) return;
  event.preventDefault();
  const out = form.querySelector('.inline-result');
  const button = form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(new FormData(form)) })
    .then((res) => res.json().then((body) => ({ ok: res.ok && body.ok !== false, text: body.message || body.error || 'Done.' })))
    .catch(() => ({ ok: false, text: 'The portal could not be reached. Check your connection.' }))
    .then((r) => {
      if (out) {
        out.textContent = r.text;
        out.className = `inline-result ${r.ok ? 'ok' : 'error'}`;
      }
      if (button) button.disabled = false;
    });
});

// The new-service form: the server list shows only the servers of the chosen product's group.
for (const select of document.querySelectorAll('select[data-group-of]')) {
  const product = document.getElementById(select.getAttribute('data-group-of'));
  const groups = JSON.parse(select.getAttribute('data-product-groups') || '{}');
  const apply = () => {
    const group = groups[product.value];
    for (const option of select.options) {
      if (!option.dataset.group) continue;
      const hidden = group !== undefined && String(group) !== option.dataset.group;
      option.hidden = hidden;
      option.disabled = hidden;
      if (hidden && option.selected) select.value = '';
    }
  };
  if (product) {
    product.addEventListener('change', apply);
    apply();
  }
}
