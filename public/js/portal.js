// Small progressive enhancements shared by every page; no inline scripts (the CSP forbids them).
document.addEventListener('click', (event) => {
  const confirmEl = event.target.closest('[data-confirm]');
  if (confirmEl && !window.confirm(confirmEl.getAttribute('data-confirm'))) event.preventDefault();
  const back = event.target.closest('[data-back]');
  if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
