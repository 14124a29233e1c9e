/**
 * npm test: the whole suite on SQLite, then the database-backed suites again on PostgreSQL when it
 * answers on 127.0.0.1:5432. Ends with one line "N passed, N failed" over both passes. The browser
 * suites need Debian's Chromium: it is installed when missing and possible, else they are reported as
 * skipped with the command that enables them (test/support/browser-setup.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { browserMochaArgs, planBrowserSuites, skippedNote, SYSTEM_BROWSER_PROBE } from './support/browser-setup.js';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const extra = process.argv.slice(2);
/** Several times a normal pass on the 2-core machine (under 3 min). */
const PASS_TIMEOUT_MS = 15 * 60_000;

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runPass(label: string, env: Record<string, string>, specs: string[], mochaArgs: string[] = []): { passed: number; failed: number; pending: number } {
  const countFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-count-')), 'count.json');
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(process.execPath, ['node_modules/mocha/bin/mocha.js', '--reporter', 'test/support/count-reporter.cjs', ...mochaArgs, ...specs, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, ...env, COUNT_FILE: countFile, NODE_ENV: 'test' },
    // mocha's own timeouts cannot fire while its main thread is blocked: a pass that hangs fails instead
    timeout: PASS_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) console.log(`\n${label} pass stopped: ${result.error.message} (limit ${PASS_TIMEOUT_MS / 60_000} min)`);
  if (!fs.existsSync(countFile)) return { passed: 0, failed: 1, pending: 0 };
  const counts = JSON.parse(fs.readFileSync(countFile, 'utf8')) as { passed: number; failed: number; pending: number };
  // a crash after the counts were written still fails the run
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const sqliteSpecs = ['test/**/*.test.ts'];
// unit tests and browser tests do not touch the database: one pass is enough
const pgSpecs = ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/plugins/**/*.test.ts'];

const totals = { passed: 0, failed: 0, pending: 0 };
const add = (c: { passed: number; failed: number; pending: number }) => {
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.pending += c.pending;
};
const browser = planBrowserSuites(SYSTEM_BROWSER_PROBE, process.env.TEST_INSTALL_BROWSER !== '0');
add(runPass('SQLite', { TEST_DB: 'sqlite' }, sqliteSpecs, browserMochaArgs(browser)));
if (await postgresAnswers()) add(runPass('PostgreSQL', { TEST_DB: 'pg' }, pgSpecs));
else console.log(`\nPostgreSQL does not answer at ${PG_URL}: the PostgreSQL pass was not run`);

const note = skippedNote(browser);
if (note) console.log(`\n${note}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.pending ? `, ${totals.pending} skipped` : ''}${note ? ', browser suites skipped' : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
