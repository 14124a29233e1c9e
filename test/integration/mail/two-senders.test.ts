/**
 * Two portal processes sending from one outbox: two containers, each with its own database connections
 * and its own sender, deliver the same queue at the same time. Every mail arrives exactly once (on
 * PostgreSQL the claims are FOR UPDATE SKIP LOCKED; on SQLite one writer at a time).
 */
import { expect } from 'chai';
import { MailSink } from '../../../demo/mail-sink.js';
import { loadConfig } from '../../../server/config/load-config.js';
import { buildContainer, type Container } from '../../../server/container.js';
import { createDb } from '../../../server/db/create-db.js';
import { queueMail } from '../../../server/domain/mail/queue-mail.js';
import { buildClient } from '../../support/factories.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../../support/test-app.js';
import { dialect, PG_URL } from '../../support/test-db.js';
import type { Knex } from 'knex';

const MAILS = 40;

describe(`two senders on one outbox (${dialect})`, () => {
  const sink = new MailSink();
  let t: TestApp;
  let other: Container;
  let otherDb: Knex;

  before(async () => {
    const smtp = await sink.start();
    t = await buildTestApp({ env: { SMTP_URL: smtp } });
    otherDb = t.tdb.searchPath ? createDb(PG_URL, { searchPath: t.tdb.searchPath }) : createDb(t.tdb.databaseUrl);
    const config = loadConfig({ NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, SESSION_SECRET: 'test-session-secret-0123456789', DATABASE_URL: t.tdb.databaseUrl, SMTP_URL: smtp });
    other = await buildContainer(config, otherDb);
  });
  after(async () => {
    await otherDb.destroy();
    await sink.stop();
    await t.close();
  });

  it('delivers every mail exactly once when both send at the same time', async () => {
    const client = await buildClient(t.c);
    for (let n = 1; n <= MAILS; n++) {
      await t.c.deps.inTransaction((tx) =>
        queueMail(tx, { kind: 'service_unsuspended', to: client.email, userId: client.id, data: { name: client.name, serviceId: n, productName: `Plan ${n}`, accountName: null, reason: null } }),
      );
    }
    // two ticks per sender, all at once: four claimers racing for the same rows
    const results = await Promise.all([t.c.mail.worker.tick(), other.mail.worker.tick(), t.c.mail.worker.tick(), other.mail.worker.tick()]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).to.equal(MAILS);
    expect(results.reduce((sum, r) => sum + r.failed, 0)).to.equal(0);
    // both took part (each claims small batches)
    expect(results[0].sent + results[2].sent).to.be.greaterThan(0);
    expect(results[1].sent + results[3].sent).to.be.greaterThan(0);
    const numbers = sink.mails.map((m) => /#(\d+)/.exec(m.parsed.text ?? '')?.[1]);
    expect(numbers).to.have.length(MAILS);
    expect(new Set(numbers).size).to.equal(MAILS);
    const counts = await t.c.repos.mailOutbox.counts();
    expect(counts).to.deep.equal({ queued: 0, sent: MAILS, failed: 0 });
  });
});
