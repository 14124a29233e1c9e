/**
 * The generic delivery queue's storage on each dialect: a claim takes at most its limit of due rows,
 * claims made at the same time over separate connections get disjoint rows, a claim held by a sender
 * that died is taken over once it expires, and only the claim's holder can record the outcome.
 */
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createDb } from '../../../server/db/create-db.js';
import { deliveryQueue } from '../../../server/repositories/delivery-queue.js';
import { dialect, freshDatabase, PG_URL, type TestDb } from '../../support/test-db.js';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');

describe(`delivery queue storage (${dialect})`, () => {
  let tdb: TestDb;
  let second: Knex;
  before(async () => {
    tdb = await freshDatabase();
    second = tdb.searchPath ? createDb(PG_URL, { searchPath: tdb.searchPath }) : createDb(tdb.databaseUrl);
  });
  after(async () => {
    await second.destroy();
    await tdb.destroy();
  });
  beforeEach(() => tdb.db('mail_outbox').del());

  const queueRows = async (n: number, at = T0) => {
    const q = deliveryQueue(tdb.db, 'mail_outbox');
    for (let i = 0; i < n; i++) await tdb.db('mail_outbox').insert({ kind: 'service_suspended', to_address: `c${i}@example.test`, subject: `s${i}`, payload_enc: 'x', ...q.queuedColumns(at) });
  };

  it('claims at most the limit, and concurrent claims over two connections get disjoint rows', async () => {
    await queueRows(20);
    const [a, b] = [deliveryQueue(tdb.db, 'mail_outbox'), deliveryQueue(second, 'mail_outbox')];
    const claims = await Promise.all([a.claimDue(T0, 5, 60_000, 'a'), b.claimDue(T0, 5, 60_000, 'b'), a.claimDue(T0, 5, 60_000, 'c'), b.claimDue(T0, 5, 60_000, 'd')]);
    const ids = claims.flatMap((rows) => rows.map((r) => Number(r.id)));
    expect(claims.every((rows) => rows.length <= 5)).to.equal(true);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids.length).to.equal(20);
  });

  it('leaves rows not yet due, takes over an expired claim, and lets only the holder mark it', async () => {
    await queueRows(1, T0 + 10_000);
    const q = deliveryQueue(tdb.db, 'mail_outbox');
    expect(await q.claimDue(T0, 5, 60_000, 'early')).to.have.length(0);
    const [row] = await q.claimDue(T0 + 10_000, 5, 60_000, 'first');
    expect(await q.claimDue(T0 + 20_000, 5, 60_000, 'second')).to.have.length(0);
    // the first sender died: its claim lapses
    const [again] = await q.claimDue(T0 + 80_000, 5, 60_000, 'second');
    expect(Number(again.id)).to.equal(Number(row.id));
    expect(await q.markSent(Number(row.id), 'first', T0 + 81_000)).to.equal(false);
    expect(await q.markSent(Number(row.id), 'second', T0 + 81_000)).to.equal(true);
    expect(await q.counts()).to.deep.equal({ queued: 0, sent: 1, failed: 0 });
  });
});
