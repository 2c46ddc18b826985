// @ts-check

/*
 * Open alerts of integrations and KPIs (docs/architecture.md#nudges): one row per entity,
 * metric and condition while the condition holds, so its notification is sent once per
 * episode. The primary key is the claim: only one run (replica, restart) inserts a row.
 */

const INSTANT = 32;
const REF = 255;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('metrics_metric_alerts', table => {
    table.string('entity_ref', REF).notNullable();
    table.string('metric_id', REF).notNullable();
    table.string('condition', 32).notNullable();
    table.string('since', INSTANT).notNullable();
    // What the alert said (value, threshold), for the recovery notice.
    table.text('detail').notNullable();
    table.primary(['entity_ref', 'metric_id', 'condition']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('metrics_metric_alerts');
};
