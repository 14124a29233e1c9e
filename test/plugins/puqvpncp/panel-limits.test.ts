import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_ANSWER_LIMITS, parseAnswerLimits } from '../../../plugins/puqvpncp/server/panel/answer-limits.js';
import { PanelProtocolError } from '../../../plugins/puqvpncp/server/panel/panel-errors.js';
import { ConfigError } from '../../../server/errors.js';
import { buildTestApp } from '../../support/test-app.js';
import { rejectionOf, useFakePanel, withRawServer } from './panel-test-helpers.js';

const MB = 1024 * 1024;

describe('limits on what a panel may send', () => {
  const { panel, client } = useFakePanel();

  it('refuses a month of 1,000,000 traffic rows at 512 KB, closing the connection instead of reading the rest', async () => {
    panel.seedClient({ name: 'flooded' });
    panel.flood('GET /client/:name/traffic/:year/:month', { rows: 1_000_000 });
    const started = Date.now();
    const err = await rejectionOf(client().traffic('flooded', 2026, 3));
    expect(err).to.be.instanceOf(PanelProtocolError);
    expect(err.message).to.contain('larger than the 512 KB allowed for this call');
    expect(Date.now() - started).to.be.below(3000);
    await sleep(100);
    // about 70 MB would have followed; the panel got rid of little more than the limit before the portal hung up
    expect(panel.floods[0].completed).to.equal(false);
    expect(panel.floods[0].written).to.be.below(8 * MB);
    // an oversized answer is not retried: asking again would only fetch it again
    expect(panel.requestsTo('GET', '/client/flooded/traffic')).to.have.length(1);
  });

  it('refuses a 50 MB "config" at 256 KB, so it never reaches a customer', async () => {
    panel.seedClient({ name: 'bloated' });
    panel.flood('GET /client/:name/config/text', { bytes: 50 * MB });
    const err = await rejectionOf(client().wireguardConfig('bloated'));
    expect(err.message).to.contain('larger than the 256 KB allowed');
    await sleep(100);
    expect(panel.floods[0].completed).to.equal(false);
    expect(panel.floods[0].written).to.be.below(6 * MB);
  });

  it('refuses an answer that announces more than its limit before reading any of it', async () => {
    await withRawServer(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(50 * MB) });
        res.write('{"result":"OK","data":{"config":"');
        // the rest never comes: only the announced length can end this call quickly
      },
      async (port) => {
        const started = Date.now();
        const err = await rejectionOf(client({ responseTimeoutMs: 5000 }, { port }).wireguardConfig('x'));
        expect(err).to.be.instanceOf(PanelProtocolError);
        expect(err.message).to.contain('larger than the 256 KB allowed');
        expect(Date.now() - started).to.be.below(1000);
      },
    );
  });

  it('applies the limits it is given, kind by kind', async () => {
    panel.seedClient({ name: 'tight', createdAt: '2026-03-01T00:00:00Z' });
    const limits = parseAnswerLimits('traffic=1KB');
    const err = await rejectionOf(client({ limits }).traffic('tight', 2026, 3));
    expect(err.message).to.contain('larger than the 1 KB allowed');
    expect(await client({ limits }).systemStatus()).to.include({ count_accounts: 1 });
    expect(await client().traffic('tight', 2026, 3)).to.have.length.above(0);
  });

  it('reads PANEL_ANSWER_LIMITS, keeping the defaults it does not name and refusing what would reach a customer above 1 MB', () => {
    expect(parseAnswerLimits('')).to.deep.equal(DEFAULT_ANSWER_LIMITS);
    expect(parseAnswerLimits('config=128KB, traffic=4MB')).to.include({ config: 128 * 1024, traffic: 4 * MB, qr: DEFAULT_ANSWER_LIMITS.qr });
    expect(() => parseAnswerLimits('config=2MB')).to.throw('PANEL_ANSWER_LIMITS: config reaches customers and may not exceed 1MB');
    expect(() => parseAnswerLimits('everything=1MB')).to.throw(/PANEL_ANSWER_LIMITS: "everything=1MB" is not KIND=SIZE/);
    expect(() => parseAnswerLimits('traffic=12')).to.throw('at least 1KB');
    expect(Object.values(DEFAULT_ANSWER_LIMITS).every((n) => n > 0)).to.equal(true);
    expect(DEFAULT_ANSWER_LIMITS.config).to.be.at.most(MB);
    expect(DEFAULT_ANSWER_LIMITS.qr).to.be.at.most(MB);
  });

  it('stops start-up with the variable named when PANEL_ANSWER_LIMITS cannot be read', async () => {
    const err = await rejectionOf(buildTestApp({ env: { PANEL_ANSWER_LIMITS: 'qr=5MB' } }));
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as ConfigError).problems.join('\n')).to.contain('PANEL_ANSWER_LIMITS: qr reaches customers');
  });
});
