/**
 * Whether `npm test` runs the browser suites: they drive Debian's Chromium, which a fresh machine may
 * not have. The runner installs it when it can (root, or password-less sudo, with apt-get), as `.ci/run`
 * does; otherwise it runs everything else and reports the browser suites as skipped with the one
 * command that enables them. A missing browser is never a failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Where the browser tests find Chromium (test/support/browser.ts launches it); TEST_CHROMIUM_PATH tries another. */
export const CHROMIUM_PATH = process.env.TEST_CHROMIUM_PATH || '/usr/bin/chromium';
/** The browser suites, as mocha globs. */
export const BROWSER_SPECS = 'test/browser/**/*.test.ts';
/** What a person runs to enable them. */
export const ENABLE_BROWSER_COMMAND = 'sudo apt-get install -y chromium';

/** What the runner can find out and do about the browser. */
export interface BrowserProbe {
  hasChromium(): boolean;
  /** how to run apt-get with the rights it needs: [] as root, ['sudo', '-n'] with password-less sudo, null when neither */
  installPrefix(): string[] | null;
  /** runs the install; true when it succeeded */
  install(prefix: string[]): boolean;
}

/** Run them (perhaps after installing Chromium), or skip them with the reason and the enabling command. */
export type BrowserPlan = { run: true; installed: boolean } | { run: false; reason: string };

/**
 * Decides about the browser suites.
 * @param allowInstall false when TEST_INSTALL_BROWSER=0 (a machine whose packages must not change)
 */
export function planBrowserSuites(probe: BrowserProbe, allowInstall: boolean): BrowserPlan {
  if (probe.hasChromium()) return { run: true, installed: false };
  const prefix = allowInstall ? probe.installPrefix() : null;
  if (prefix === null) {
    const why = allowInstall ? 'it cannot be installed from here (neither root nor password-less sudo with apt-get)' : 'TEST_INSTALL_BROWSER=0 forbids installing it';
    return { run: false, reason: `${CHROMIUM_PATH} is missing and ${why}` };
  }
  if (probe.install(prefix) && probe.hasChromium()) return { run: true, installed: true };
  return { run: false, reason: `installing Debian chromium failed (see the apt-get output above)` };
}

/** The mocha arguments that leave the browser suites out, when the plan skips them. */
export function browserMochaArgs(plan: BrowserPlan): string[] {
  return plan.run ? [] : ['--ignore', BROWSER_SPECS];
}

/** The closing note of a run that skipped them. */
export function skippedNote(plan: BrowserPlan): string | null {
  return plan.run ? null : `browser suites skipped: ${plan.reason}. Enable them with: ${ENABLE_BROWSER_COMMAND}, then npm test`;
}

const onPath = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;

/** The probe of this machine. */
export const SYSTEM_BROWSER_PROBE: BrowserProbe = {
  hasChromium: () => fs.existsSync(CHROMIUM_PATH),
  installPrefix() {
    if (!onPath('apt-get')) return null;
    if (process.getuid?.() === 0) return [];
    return onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : null;
  },
  install(prefix) {
    console.log('installing Debian chromium for the browser tests (apt-get)');
    const run = (args: string[]) => {
      const [cmd, ...rest] = [...prefix, ...args];
      return spawnSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
    };
    return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', 'chromium']);
  },
};
