// The PUQ VPNcp settings panel: keeps the ordered list of ticked server→network pairs in step with the
// checkboxes, moves pairs up and down (the list's order is what the form submits), and previews the client name.
(() => {
  const root = document.getElementById('puqvpncp-settings');
  if (!root) return;

  const list = root.querySelector('#puqvpncp-order');
  const template = root.querySelector('#puqvpncp-order-item');
  const emptyNote = root.querySelector('[data-order-empty]');
  const items = () => Array.from(list.querySelectorAll('li[data-value]'));

  const refresh = () => {
    const all = items();
    emptyNote.hidden = all.length > 0;
    all.forEach((li, i) => {
      li.querySelector('[data-move="up"]').disabled = i === 0;
      li.querySelector('[data-move="down"]').disabled = i === all.length - 1;
    });
  };

  const add = (value, label) => {
    if (items().some((li) => li.dataset.value === value)) return;
    const li = template.content.firstElementChild.cloneNode(true);
    li.dataset.value = value;
    li.querySelector('input[name="order"]').value = value;
    li.querySelector('[data-label]').textContent = label;
    list.appendChild(li);
  };

  root.addEventListener('change', (event) => {
    const box = event.target.closest('input[type="checkbox"][name="pair"]');
    if (!box) return;
    if (box.checked) add(box.value, box.dataset.label || box.value);
    else items().filter((li) => li.dataset.value === box.value).forEach((li) => li.remove());
    refresh();
  });

  list.addEventListener('click', (event) => {
    const button = event.target.closest('[data-move]');
    if (!button) return;
    event.preventDefault();
    const li = button.closest('li');
    if (button.dataset.move === 'up' && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
    if (button.dataset.move === 'down' && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
    refresh();
    if (!button.disabled) button.focus();
  });
  refresh();

  // The server validates on save; the preview only shows early what the rule would produce.
  const rule = root.querySelector('[name="client_name_rule"]');
  const preview = root.querySelector('#puqvpncp-name-preview');
  let timer;
  let latest = 0;
  rule.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++latest;
      try {
        const body = await window.PortalKit.getJson(`${preview.dataset.url}?rule=${encodeURIComponent(rule.value)}`);
        if (mine !== latest) return;
        preview.textContent = body.ok ? `Sample: ${body.name}` : `Invalid: ${body.error}`;
        preview.classList.toggle('error', !body.ok);
      } catch {
        if (mine === latest) preview.textContent = 'Preview unavailable; the rule is still checked when you save.';
      }
    }, 200);
  });
})();
