// @ts-check

/*
 * The north star of each team: the one KPI it steers by (docs/api.md#north-star). One row per
 * team; marking another KPI replaces it, clearing deletes it (the audit log keeps who did what).
 */

const INSTANT = 32;
const REF = 255;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('metrics_north_stars', table => {
    table.string('team_ref', REF).primary();
    table.string('entity_ref', REF).notNullable();
    table.string('metric_id', REF).notNullable();
    table.string('set_by', REF).notNullable();
    table.string('set_at', INSTANT).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('metrics_north_stars');
};
