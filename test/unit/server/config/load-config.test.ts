import { expect } from 'chai';
import { loadConfig } from '../../../../server/config/load-config.js';
import { ConfigError } from '../../../../server/errors.js';

/** The ConfigError loadConfig throws for an environment (fails the test when it does not throw one). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('refuses a QUOTA_CRON that is not a cron expression, naming it', () => {
    expect(problemsOf({ QUOTA_CRON: 'hourly' })).to.deep.equal(['QUOTA_CRON: "hourly" is not a valid cron expression']);
  });

  it('applies the documented defaults when no variable is set', () => {
    const config = loadConfig({});
    expect(config).to.include({
      port: 3000,
      databaseUrl: 'sqlite:./data/portal.sqlite3',
      sessionSecret: null,
      appKeyHex: null,
      billingTz: 'UTC',
      currency: 'USD',
      usageCron: '30 0 * * *',
      usageGraceDays: 3,
      quotaCron: '0 * * * *',
      cookieSecure: false,
      trustProxy: false,
      sessionIdleDays: 7,
      sessionMaxDays: 30,
      env: 'production',
    });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('reads the time budgets; the panel answer limits are the panel plugin\'s own variable', () => {
    expect(loadConfig({})).to.include({ actionBudgetMs: 15_000, pageBudgetMs: 3_000 });
    const config = loadConfig({ ACTION_BUDGET_MS: '8000', PAGE_BUDGET_MS: '2500', PANEL_ANSWER_LIMITS: 'traffic=1MB' });
    expect(config).to.include({ actionBudgetMs: 8000, pageBudgetMs: 2500 });
    expect(config.environment.PANEL_ANSWER_LIMITS).to.equal('traffic=1MB');
    expect(Object.keys(config)).not.to.include('panelAnswerLimits');
  });

  it('treats empty and blank variables as unset', () => {
    const config = loadConfig({ PORT: '', BILLING_TZ: '   ', APP_KEY: '', SESSION_SECRET: ' ' });
    expect(config).to.include({ port: 3000, billingTz: 'UTC', appKeyHex: null, sessionSecret: null });
  });

  it('reads valid values of every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://portal:pw@db.internal:5432/portal',
      SESSION_SECRET: 'a-session-secret-of-some-length',
      APP_KEY: 'AB'.repeat(32),
      BILLING_TZ: 'Europe/Warsaw',
      CURRENCY: 'eur',
      USAGE_CRON: '15 3 * * *',
      USAGE_GRACE_DAYS: '0',
      QUOTA_CRON: '*/15 * * * *',
      COOKIE_SECURE: 'yes',
      TRUST_PROXY: '1',
      SESSION_IDLE_DAYS: '2',
      SESSION_MAX_DAYS: '14',
      NODE_ENV: 'production',
    });
    expect(config).to.include({
      port: 8080,
      databaseUrl: 'postgres://portal:pw@db.internal:5432/portal',
      appKeyHex: 'AB'.repeat(32),
      billingTz: 'Europe/Warsaw',
      currency: 'EUR',
      usageCron: '15 3 * * *',
      usageGraceDays: 0,
      quotaCron: '*/15 * * * *',
      cookieSecure: true,
      trustProxy: 1,
      sessionIdleDays: 2,
      sessionMaxDays: 14,
      env: 'production',
    });
  });

  const bad: { name: string; values: string[] }[] = [
    { name: 'PORT', values: ['http', '65536', '-1', '80.5', '3000x'] },
    { name: 'DATABASE_URL', values: ['mysql://root@localhost/portal', 'sqlite:', 'postgres://', 'portal.sqlite3'] },
    { name: 'APP_KEY', values: ['abc', 'z'.repeat(64), 'a1'.repeat(31), 'a1'.repeat(33)] },
    { name: 'BILLING_TZ', values: ['Mars/Olympus', 'Europe/Atlantis', 'GMT+25'] },
    { name: 'USAGE_CRON', values: ['every night', '61 0 * * *', '30 0 * *  * * *'] },
    { name: 'CURRENCY', values: ['EURO', 'US', '12$'] },
    { name: 'USAGE_GRACE_DAYS', values: ['-1', '28', 'three', '1.5'] },
    { name: 'NODE_ENV', values: ['staging', 'prod'] },
    { name: 'TRUST_PROXY', values: ['true', 'yes', '33', 'everyone', '10.0.0.0/99', 'loopback, 300.1.1.1', ','] },
    { name: 'SESSION_IDLE_DAYS', values: ['0', '366', '1.5', 'week', '31'] },
    { name: 'SESSION_MAX_DAYS', values: ['0', '3651', 'month'] },
    { name: 'ACTION_BUDGET_MS', values: ['499', '120001', 'soon', '1.5'] },
    { name: 'PAGE_BUDGET_MS', values: ['100', '30001', '3s'] },
  ];
  for (const { name, values } of bad) {
    it(`names ${name} in one line when it is invalid`, () => {
      for (const value of values) {
        const problems = problemsOf({ [name]: value });
        expect(problems, `${name}=${value}`).to.have.length(1);
        expect(problems[0]).to.match(new RegExp(`^${name}: `));
        expect(problems[0]).not.to.contain('\n');
      }
    });
  }

  it('takes TRUST_PROXY as a number of hops or a list of proxy addresses, as Express does, never "trust any"', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: 'Loopback, 10.0.0.2 ,10.1.0.0/16, fd00::/8' }).trustProxy).to.deep.equal(['loopback', '10.0.0.2', '10.1.0.0/16', 'fd00::/8']);
    const [problem] = problemsOf({ TRUST_PROXY: 'true' });
    expect(problem).to.contain('number of proxies');
  });

  it('reports every invalid variable at once, one line each', () => {
    const problems = problemsOf({ PORT: 'x', DATABASE_URL: 'mysql://x', APP_KEY: 'short', BILLING_TZ: 'Mars/Olympus', USAGE_CRON: 'nope', CURRENCY: 'EURO', USAGE_GRACE_DAYS: '99' });
    expect(problems.map((p) => p.split(':')[0])).to.deep.equal(['PORT', 'DATABASE_URL', 'APP_KEY', 'BILLING_TZ', 'CURRENCY', 'USAGE_CRON', 'USAGE_GRACE_DAYS']);
  });

  it('puts one problem per line in the error message', () => {
    try {
      loadConfig({ PORT: 'x', BILLING_TZ: 'Mars/Olympus' });
      expect.fail('no error');
    } catch (err) {
      expect((err as Error).message.split('\n')).to.have.length(2);
    }
  });

  it('names the variable without echoing a secret value', () => {
    const [problem] = problemsOf({ APP_KEY: 'my-secret-but-short' });
    expect(problem).to.match(/^APP_KEY: /);
    expect(problem).not.to.contain('my-secret-but-short');
    const [session] = problemsOf({ SESSION_SECRET: 'tooshort' });
    expect(session).to.match(/^SESSION_SECRET: /);
    expect(session).not.to.contain('tooshort');
  });

  it('runs the production configuration unless NODE_ENV says development or test', () => {
    expect(loadConfig({}).env).to.equal('production');
    expect(loadConfig({ NODE_ENV: 'development' }).env).to.equal('development');
    expect(loadConfig({ NODE_ENV: 'test' })).to.include({ env: 'test', logLevel: 'silent' });
  });

  it('hands the plugins the variables as read, and reads none of theirs itself', () => {
    const config = loadConfig({ LICENSE_PUBLIC_KEY: 'whatever a plugin makes of it' });
    expect(config.environment.LICENSE_PUBLIC_KEY).to.equal('whatever a plugin makes of it');
    expect(Object.isFrozen(config.environment)).to.equal(true);
    expect(Object.keys(config)).not.to.include('licensePublicKey');
  });
});

describe('loadConfig: mail', () => {
  it('defaults PUBLIC_URL to the port, SMTP_URL to empty, MAIL_FROM and MAIL_RETRY_S to the documented values', () => {
    const c = loadConfig({ PORT: '4000' });
    expect(c).to.include({ publicUrl: 'http://localhost:4000', smtpUrl: null, mailFrom: 'VPN portal <no-reply@localhost>', mailRetrySeconds: 60 });
    expect(loadConfig({ PUBLIC_URL: 'https://vpn.example.com/portal/' }).publicUrl).to.equal('https://vpn.example.com/portal');
  });

  it('names each bad mail variable in one line', () => {
    try {
      loadConfig({ PUBLIC_URL: 'ftp://x', SMTP_URL: 'http://mail', MAIL_FROM: 'a\r\nBcc: x@y', MAIL_RETRY_S: '0' });
      expect.fail('loadConfig accepted bad mail variables');
    } catch (err) {
      const problems = (err as { problems: string[] }).problems;
      for (const name of ['PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'MAIL_RETRY_S']) expect(problems.filter((p) => p.startsWith(`${name}:`))).to.have.length(1);
    }
  });
});

describe('loadConfig: ADMIN_2FA', () => {
  it('is optional by default, takes required in any case, and names anything else', () => {
    expect(loadConfig({}).admin2fa).to.equal('optional');
    expect(loadConfig({ ADMIN_2FA: 'Required' }).admin2fa).to.equal('required');
    expect(() => loadConfig({ ADMIN_2FA: 'yes' })).to.throw(/^ADMIN_2FA: expected optional or required$/m);
  });
});
