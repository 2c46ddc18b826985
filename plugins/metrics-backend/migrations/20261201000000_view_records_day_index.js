// @ts-check

/*
 * The privacy purge deletes view records by day alone (metrics.privacy.viewRecordRetentionDays);
 * the (team_ref, day) index cannot serve that, so without this it scans the table.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('metrics_view_records', table => {
    table.index(['day'], 'metrics_view_records_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('metrics_view_records', table => {
    table.dropIndex(['day'], 'metrics_view_records_day_idx');
  });
};
