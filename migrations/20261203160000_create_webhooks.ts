import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // the endpoints admins register: where events go, the secret that signs them (encrypted with APP_KEY)
  // and the event types each one receives
  await knex.schema.createTable('webhook_endpoints', (t) => {
    t.increments('id').primary();
    t.string('url', 2000).notNullable();
    t.text('secret_enc').notNullable();
    // a JSON array of event types
    t.text('events').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
  });
  // one row per (event, endpoint): written in the transaction of the event's cause, delivered through
  // the durable-delivery queue (the delivery columns are mail_outbox's, server/repositories/delivery-queue.ts)
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.increments('id').primary();
    t.integer('endpoint_id').notNullable().references('id').inTable('webhook_endpoints').onDelete('CASCADE');
    // the event's own id, the same in every delivery and every retry of it: receivers drop repeats by it
    t.string('event_id', 40).notNullable();
    t.string('type', 60).notNullable();
    // the exact JSON body that is signed and sent
    t.text('body').notNullable();
    t.integer('last_status');
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.bigInteger('first_attempt_at');
    t.string('claim_token', 64);
    t.bigInteger('claimed_until');
    t.string('last_error', 1000);
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.string('sent_at', 32);
    t.unique(['endpoint_id', 'event_id']);
    t.index(['status', 'next_attempt_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
