/**
 * Second processes for tests that cross a process boundary: the admin CLI, `npm start`, a job runner.
 * Each gets the test's environment minus the portal's own configuration, so only what a test passes counts.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { TEST_APP_KEY } from './test-app.js';

/** Variables of the portal's configuration (server/config/load-config.ts): a child gets only what a test gives it. */
const PORTAL_VARS = ['PORT', 'DATABASE_URL', 'SESSION_SECRET', 'APP_KEY', 'BILLING_TZ', 'CURRENCY', 'USAGE_CRON', 'USAGE_GRACE_DAYS', 'COOKIE_SECURE', 'TRUST_PROXY', 'SESSION_IDLE_DAYS', 'SESSION_MAX_DAYS', 'SIGN_IN_LIMIT_ACCOUNT_ADDRESS', 'SIGN_IN_LIMIT_ADDRESS', 'SIGN_IN_WINDOW_MIN', 'LOG_LEVEL', 'NODE_ENV', 'LICENSE_PUBLIC_KEY', 'ACTION_BUDGET_MS', 'PAGE_BUDGET_MS', 'PANEL_ANSWER_LIMITS', 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'MAIL_RETRY_S', 'WEBHOOK_RETRY_S', 'METRICS_TOKEN', 'METRICS_ALLOW', 'SHUTDOWN_GRACE_S'];

/** A line of a Node stack trace: a clean failure prints none. */
export const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** This process's environment without the portal's configuration, plus `env`. */
export function portalEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PORTAL_VARS.includes(k)));
  return { ...base, ...env };
}

/** A finished admin CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run admin -- …` (node --import tsx server/cli/admin-cli.ts …) against a database with the tests' APP_KEY.
 * @param env more configuration for the CLI, e.g. LOG_LEVEL
 */
export function runAdminCli(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/admin-cli.ts', ...args], { cwd: PROJECT_ROOT, env: portalEnv({ DATABASE_URL: databaseUrl, APP_KEY: TEST_APP_KEY, ...env }) }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A running TypeScript process whose output is collected as it comes. */
export interface TsxProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * Starts `node --import tsx <script>` from the project root with `env` over a clean portal environment.
 * @param options.stdin 'pipe' for a child that waits for input (default: no stdin)
 */
export function startTsx(script: string, env: Record<string, string>, options: { stdin?: 'pipe' | 'ignore' } = {}): TsxProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, env: portalEnv(env), stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves when the output matches, rejects when the process exits first or time runs out. */
export async function waitForOutput(run: TsxProcess, pattern: RegExp, ms = 15000): Promise<void> {
  const started = Date.now();
  let exitCode: number | null | undefined;
  void run.exited.then((c) => (exitCode = c));
  while (!pattern.test(run.stdout())) {
    if (exitCode !== undefined) throw new Error(`portal exited with ${exitCode}: ${run.stderr()}${run.stdout()}`);
    if (Date.now() - started > ms) throw new Error(`no ${pattern} within ${ms} ms: ${run.stderr()}${run.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
