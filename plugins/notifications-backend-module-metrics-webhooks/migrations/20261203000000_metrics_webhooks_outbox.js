// @ts-check

/*
 * The webhook outbox, in the notifications plugin's database. Its own migrations table
 * (metrics_webhooks_knex_migrations) keeps it apart from the notifications backend's.
 * Instants are ISO-8601 UTC strings of one length, so they compare as text on every database.
 */

const INSTANT = 30;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('metrics_webhooks_outbox', table => {
    table.increments('id').primary();
    table.string('destination', 255).notNullable();
    table.text('teams').notNullable();
    table.text('title').notNullable();
    table.text('body').notNullable();
    table.string('status', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('next_attempt_at', INSTANT).notNullable();
    table.string('last_status', 255).nullable();
    table.string('created_at', INSTANT).notNullable();
    table.string('updated_at', INSTANT).notNullable();
    table.index(
      ['status', 'next_attempt_at'],
      'metrics_webhooks_outbox_due_idx',
    );
    table.index(['updated_at'], 'metrics_webhooks_outbox_updated_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('metrics_webhooks_outbox');
};
