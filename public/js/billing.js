// Admin billing page: while a job run is in progress, refresh its progress every two seconds from
// runs.json, and reload the page once nothing runs any more so the final counts and failures show.
(function () {
  var table = document.querySelector('[data-runs-url]');
  if (!table || !table.querySelector('tr[data-status="running"]')) return;
  var url = table.getAttribute('data-runs-url');
  function progressText(run) {
    if (run.services === null) return '—';
    return (run.done || 0) + ' / ' + run.services + ' services' + (run.collected !== null ? ', ' + run.collected + ' collected' : '');
  }
  function poll() {
    window.PortalKit.getJson(url)
      .then(function (body) {
        var running = false;
        body.runs.forEach(function (run) {
          var row = table.querySelector('tr[data-run-id="' + run.id + '"]');
          if (!row) return;
          if (run.status === 'running') running = true;
          if (row.getAttribute('data-status') !== run.status) return window.location.reload();
          row.querySelector('.run-progress').textContent = progressText(run);
        });
        if (running) window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
