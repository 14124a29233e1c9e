// Number formatting shared by the client-area scripts; mirrors plugins/puqvpncp/server/client-area/humanise.ts
// (decimal units: 1 GB = 10^9 bytes, the base invoices use).
(function () {
  var UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

  function humanBytes(bytes) {
    if (!isFinite(bytes) || bytes < 1000) return Math.max(0, Math.round(bytes) || 0) + ' B';
    var value = bytes;
    var unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) { value /= 1000; unit += 1; }
    if (Number(value.toFixed(1)) >= 1000 && unit < UNITS.length - 1) return (value / 1000).toFixed(1) + ' ' + UNITS[unit + 1];
    return value.toFixed(1) + ' ' + UNITS[unit];
  }

  window.vpnFormat = { humanBytes: humanBytes };
})();
