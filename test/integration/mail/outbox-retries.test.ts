/**
 * The outbox when things go wrong: a mail server that is down and comes back (the mail arrives exactly
 * once, the action that queued it never failed), a panel that is down when the welcome email is
 * composed, the doubling delays up to an hour and the give-up after a day, on a clock the test moves.
 */
import { expect } from 'chai';
import { dialect } from '../../support/test-db.js';
import { useMailWorld } from './mail-world.js';

const MINUTE = 60_000;

describe(`outbox retries (${dialect})`, () => {
  const w = useMailWorld();

  it('keeps the mail while the SMTP server is down, never fails the action, and delivers it exactly once when it is back', async () => {
    const { id } = await w.activeService();
    await w.deliver();
    await w.sink.down();
    try {
      await w.api('post', `/services/${id}/actions/suspend`).send({ reason: 'SMTP outage test' }).expect(200);
      expect(await w.deliver()).to.deep.equal({ sent: 0, failed: 1, queued: 1 });
      const [mail] = (await w.api('get', '/outbox?kind=service_suspended&status=queued').expect(200)).body.mails;
      expect(mail.attempts).to.equal(1);
      expect(mail.last_error).to.match(/ECONNREFUSED|connect/i);
      expect(Date.parse(mail.next_attempt_at) - w.now.getTime()).to.equal(MINUTE);
      // not due yet: nothing is tried
      expect(await w.deliver()).to.deep.equal({ sent: 0, failed: 0, queued: 1 });
    } finally {
      await w.sink.up();
    }
    w.advance(MINUTE);
    expect(await w.deliver()).to.deep.equal({ sent: 1, failed: 0, queued: 0 });
    expect(await w.deliver()).to.deep.equal({ sent: 0, failed: 0, queued: 0 });
    const arrived = w.received((m) => (m.parsed.text ?? '').includes('SMTP outage test'));
    expect(arrived).to.have.length(1);
  });

  it('leaves a welcome email queued while the panel is down, and composes it again on the next try', async () => {
    const { id, name } = await w.activeService();
    await w.deliver();
    await w.panel.down();
    let mailId: number;
    try {
      mailId = (await w.api('post', `/services/${id}/welcome-email`).expect(202)).body.mail_id;
      expect(await w.deliver()).to.include({ sent: 0, failed: 1 });
      const row = await w.outboxRow(mailId);
      expect(row.status).to.equal('queued');
      expect(String(row.last_error)).to.match(/panel|refused|answer/i);
    } finally {
      await w.panel.up();
    }
    w.advance(MINUTE);
    expect(await w.deliver()).to.include({ sent: 1 });
    const mails = w.received((m) => (m.parsed.text ?? '').includes(`/services/${id}`) && /is ready/.test(m.parsed.subject ?? ''));
    // the first one from the create, the resent one now: both complete
    expect(mails).to.have.length(2);
    expect(mails[1].parsed.attachments.map((a) => a.filename)).to.include(`${name}.conf`);
  });

  it('waits MAIL_RETRY_S, then twice as long each time up to an hour, and fails the mail a day after its first try', async () => {
    const { id } = await w.activeService();
    await w.deliver();
    await w.sink.down();
    try {
      await w.api('post', `/services/${id}/actions/suspend`).expect(200);
      const [mail] = (await w.api('get', '/outbox?kind=service_suspended&status=queued').expect(200)).body.mails;
      const firstTry = w.now.getTime();
      const delays: number[] = [];
      for (let n = 0; n < 60; n++) {
        await w.deliver();
        const row = await w.outboxRow(mail.id);
        if (row.status === 'failed') break;
        const wait = Number(row.next_attempt_at) - w.now.getTime();
        delays.push(wait / MINUTE);
        w.advance(wait);
      }
      expect(delays.slice(0, 8)).to.deep.equal([1, 2, 4, 8, 16, 32, 60, 60]);
      const row = await w.outboxRow(mail.id);
      expect(row.status).to.equal('failed');
      // the last try came before a day was over; no try after it
      expect(w.now.getTime() - firstTry).to.be.at.most(24 * 60 * MINUTE);
      expect(Number(row.attempts)).to.equal(delays.length + 1);
      // the dashboard says so, and an admin can try it again
      const failed = (await w.api('get', '/outbox?status=failed').expect(200)).body.mails;
      expect(failed.map((m: { id: number }) => m.id)).to.include(mail.id);
    } finally {
      await w.sink.up();
    }
    const retry = await w.api('post', `/outbox/${(await w.api('get', '/outbox?status=failed').expect(200)).body.mails[0].id}/retry`).expect(200);
    expect(retry.body.mail.status).to.equal('sent');
  });

  it('answers 409 for the welcome email of a service that is not active, and 404 for none', async () => {
    const pending = await w.t.c.repos.services.create({ clientId: w.client.id, productId: w.productId, serverId: null, options: {} });
    const res = await w.api('post', `/services/${pending.id}/welcome-email`).expect(409);
    expect(res.body.error).to.match(/only sent for an active service/);
    await w.api('post', '/services/999999/welcome-email').expect(404);
  });
});
