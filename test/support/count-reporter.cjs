// Mocha reporter: the usual spec output, plus the run's counts written to COUNT_FILE so that
// test/run-tests.ts can print one closing "N passed, N failed" line over every pass.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = runner.stats || {};
      if (process.env.COUNT_FILE) {
        fs.writeFileSync(process.env.COUNT_FILE, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0 }));
      }
    });
  }
}
module.exports = CountReporter;
