// @ts-check

/*
 * The error-budget policy step a weekly review answers (docs/slo-math.md#error-budget-policy):
 * JSON `{ metric, step, action, budgetRemaining }`, null for reviews that answer none.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('metrics_weekly_reviews', table => {
    table.text('policy_step').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('metrics_weekly_reviews', table => {
    table.dropColumn('policy_step');
  });
};
