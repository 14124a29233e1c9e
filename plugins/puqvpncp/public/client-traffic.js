// The Traffic statistics page: the daily download/upload line chart (Chart.js, served by the portal)
// and the toggle that hides days without traffic. The month's data comes in the canvas's data-series.
(function () {
  var fmt = window.PortalKit.humanBytes;
  var canvas = document.getElementById('traffic-chart');
  if (canvas && window.Chart) {
    var series = JSON.parse(canvas.getAttribute('data-series'));
    var rtl = document.documentElement.dir === 'rtl';
    var line = function (label, data, color, fill) {
      return { label: label, data: data, borderColor: color, backgroundColor: fill, fill: true, cubicInterpolationMode: 'monotone', pointRadius: 2 };
    };
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: series.labels,
        datasets: [line(series.names.download, series.download, '#2563eb', 'rgba(37,99,235,0.15)'), line(series.names.upload, series.upload, '#0d9488', 'rgba(13,148,136,0.15)')],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        // a right-to-left page reads its days from the right
        locale: document.documentElement.lang,
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? 'right' : 'left', ticks: { callback: function (value) { return fmt(value); } } } },
        plugins: { legend: { rtl: rtl }, tooltip: { rtl: rtl, callbacks: { label: function (item) { return item.dataset.label + ': ' + fmt(item.parsed.y); } } } },
      },
    });
  }

  var toggle = document.getElementById('hide-zero-days');
  var table = document.getElementById('traffic-days');
  if (toggle && table) {
    var KEY = 'vpn-traffic-hide-zero';
    var apply = function () { table.classList.toggle('hide-zero', toggle.checked); };
    try { toggle.checked = window.localStorage.getItem(KEY) === '1'; } catch (e) { /* storage may be disabled */ }
    apply();
    toggle.addEventListener('change', function () {
      apply();
      try { window.localStorage.setItem(KEY, toggle.checked ? '1' : '0'); } catch (e) { /* storage may be disabled */ }
    });
  }
})();
