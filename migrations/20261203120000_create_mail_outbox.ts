import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // the mail outbox: one row per mail, written in the transaction of its cause and delivered from here.
  // The delivery columns (status … sent_at) are the shape every durable-delivery table shares
  // (server/repositories/delivery-queue.ts): webhook deliveries get a table of the same shape
  await knex.schema.createTable('mail_outbox', (t) => {
    t.increments('id').primary();
    t.string('kind', 40).notNullable();
    t.string('to_address', 254).notNullable();
    t.string('subject', 300).notNullable();
    // what the mail is composed from at delivery time, encrypted with APP_KEY: it may hold a reset link
    t.text('payload_enc').notNullable();
    t.integer('user_id').index();
    t.integer('service_id').index();
    // queued | sent | failed
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    // epoch milliseconds, compared numerically on both dialects
    t.bigInteger('next_attempt_at').notNullable();
    t.bigInteger('first_attempt_at');
    // a sender's claim: its token and until when it holds the row (a sender that died lets it go)
    t.string('claim_token', 64);
    t.bigInteger('claimed_until');
    t.string('last_error', 1000);
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.string('sent_at', 32);
    t.index(['status', 'next_attempt_at']);
    t.index(['kind']);
    t.index(['to_address']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
