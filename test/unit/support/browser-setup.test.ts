/**
 * The test runner's decision about the browser suites on machines with and without Chromium: run
 * them, install Chromium first when it may, or leave them out and say how to enable them; never fail.
 */
import { expect } from 'chai';
import { BROWSER_SPECS, browserMochaArgs, ENABLE_BROWSER_COMMAND, planBrowserSuites, skippedNote, type BrowserProbe } from '../../support/browser-setup.js';

/** A machine as the runner sees it: whether Chromium is there, how apt-get may run, whether installing works. */
function machine(o: { chromium: boolean; prefix: string[] | null; installWorks?: boolean }): BrowserProbe & { installs: string[][] } {
  let present = o.chromium;
  const installs: string[][] = [];
  return {
    installs,
    hasChromium: () => present,
    installPrefix: () => o.prefix,
    install(prefix) {
      installs.push(prefix);
      if (o.installWorks) present = true;
      return Boolean(o.installWorks);
    },
  };
}

describe('npm test and the browser suites', () => {
  it('runs them when Chromium is there, installing nothing', () => {
    const m = machine({ chromium: true, prefix: [] });
    const plan = planBrowserSuites(m, true);
    expect(plan).to.deep.equal({ run: true, installed: false });
    expect(m.installs).to.deep.equal([]);
    expect(browserMochaArgs(plan)).to.deep.equal([]);
    expect(skippedNote(plan)).to.equal(null);
  });

  it('installs Chromium as root or with password-less sudo, then runs them', () => {
    for (const prefix of [[], ['sudo', '-n']]) {
      const m = machine({ chromium: false, prefix, installWorks: true });
      expect(planBrowserSuites(m, true)).to.deep.equal({ run: true, installed: true });
      expect(m.installs).to.deep.equal([prefix]);
    }
  });

  it('leaves them out with the enabling command when Chromium cannot be installed, fails to install, or must not be', () => {
    const cases = [
      { m: machine({ chromium: false, prefix: null }), allow: true, reason: /cannot be installed from here/ },
      { m: machine({ chromium: false, prefix: [], installWorks: false }), allow: true, reason: /installing Debian chromium failed/ },
      { m: machine({ chromium: false, prefix: [], installWorks: true }), allow: false, reason: /TEST_INSTALL_BROWSER=0/ },
    ];
    for (const { m, allow, reason } of cases) {
      const plan = planBrowserSuites(m, allow);
      expect(plan.run).to.equal(false);
      expect(browserMochaArgs(plan)).to.deep.equal(['--ignore', BROWSER_SPECS]);
      const note = skippedNote(plan) as string;
      expect(note).to.match(reason);
      expect(note).to.include(ENABLE_BROWSER_COMMAND);
    }
    expect(cases[2].m.installs).to.deep.equal([]);
  });
});
