// @ts-check

/*
 * History and team habits (docs/maturity.md, docs/architecture.md#stores). Days are stored as `YYYY-MM-DD` strings and
 * instants as ISO 8601 strings, which sort correctly as text and read back the same on SQLite
 * and PostgreSQL.
 */

const DAY = 10;
const INSTANT = 32;
const REF = 255;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('metrics_snapshots', table => {
    table.string('entity_ref', REF).notNullable();
    table.string('metric_id', REF).notNullable();
    table.string('day', DAY).notNullable();
    table.double('numerator').notNullable();
    table.double('denominator').nullable();
    table.string('source', REF).notNullable();
    table.string('collected_at', INSTANT).notNullable();
    table.primary(['entity_ref', 'metric_id', 'day']);
    // Retention and org-wide reads filter on the day alone.
    table.index(['day'], 'metrics_snapshots_day_idx');
  });

  await knex.schema.createTable('metrics_collected_days', table => {
    table.string('day', DAY).primary();
    table.string('collected_at', INSTANT).notNullable();
  });

  await knex.schema.createTable('metrics_definition_fingerprints', table => {
    table.string('entity_ref', REF).primary();
    table.string('team_ref', REF).notNullable();
    table.text('fingerprint').notNullable();
    table.string('updated_at', INSTANT).notNullable();
  });

  await knex.schema.createTable('metrics_definition_changes', table => {
    table.increments('id');
    table.string('entity_ref', REF).notNullable();
    table.string('team_ref', REF).notNullable();
    table.string('change', 16).notNullable();
    table.text('fingerprint').notNullable();
    table.string('seen_at', INSTANT).notNullable();
    table.index(['team_ref', 'seen_at'], 'metrics_definition_changes_team_idx');
    table.index(['seen_at'], 'metrics_definition_changes_seen_idx');
  });

  await knex.schema.createTable('metrics_goals', table => {
    table.string('id', 36).primary();
    table.string('team_ref', REF).notNullable();
    table.string('entity_ref', REF).notNullable();
    table.string('metric_id', REF).notNullable();
    table.string('metric_name', REF).notNullable();
    table.string('unit', 16).notNullable();
    table.double('baseline').notNullable();
    table.double('target').notNullable();
    table.string('direction', 16).notNullable();
    table.string('due_date', DAY).notNullable();
    table.text('notes').nullable();
    table.string('author', REF).notNullable();
    table.string('created_at', INSTANT).notNullable();
    table.index(['team_ref', 'created_at'], 'metrics_goals_team_idx');
  });

  await knex.schema.createTable('metrics_goal_follow_ups', table => {
    // The primary key allows one follow-up per goal, also under concurrent requests.
    table
      .string('goal_id', 36)
      .primary()
      .references('id')
      .inTable('metrics_goals')
      .onDelete('CASCADE');
    table.double('measured_outcome').nullable();
    table.boolean('met').notNullable();
    table.text('notes').nullable();
    table.string('author', REF).notNullable();
    table.string('created_at', INSTANT).notNullable();
  });

  await knex.schema.createTable('metrics_weekly_reviews', table => {
    table.string('id', 36).primary();
    table.string('team_ref', REF).notNullable();
    table.string('week', DAY).notNullable();
    table.text('metrics_looked_at').notNullable();
    table.string('decision', 16).notNullable();
    table.text('action_text').nullable();
    table.text('linked_metric').nullable();
    table.string('author', REF).notNullable();
    table.string('created_at', INSTANT).notNullable();
    table.index(['team_ref', 'week'], 'metrics_weekly_reviews_team_idx');
  });

  await knex.schema.createTable('metrics_view_records', table => {
    table.increments('id');
    table.string('user_ref', REF).notNullable();
    table.string('team_ref', REF).notNullable();
    table.string('target_ref', REF).notNullable();
    table.string('action', 16).notNullable();
    table.string('day', DAY).notNullable();
    table.string('at', INSTANT).notNullable();
    table.unique(['user_ref', 'team_ref', 'target_ref', 'action', 'day'], {
      indexName: 'metrics_view_records_once_a_day_idx',
    });
    table.index(['team_ref', 'day'], 'metrics_view_records_team_idx');
  });

  await knex.schema.createTable('metrics_maturity_assessments', table => {
    table.string('team_ref', REF).notNullable();
    table.string('day', DAY).notNullable();
    table.integer('stage').notNullable();
    table.text('evidence').notNullable();
    table.string('assessed_at', INSTANT).notNullable();
    table.primary(['team_ref', 'day']);
    table.index(['day'], 'metrics_maturity_assessments_day_idx');
  });

  await knex.schema.createTable('metrics_alert_states', table => {
    table.string('entity_ref', REF).notNullable();
    table.string('slo_id', REF).notNullable();
    table.string('level', 16).notNullable();
    table.string('since', INSTANT).notNullable();
    table.primary(['entity_ref', 'slo_id']);
  });

  await knex.schema.createTable('metrics_digests', table => {
    table.string('team_ref', REF).notNullable();
    table.string('week', DAY).notNullable();
    table.string('sent_at', INSTANT).notNullable();
    table.primary(['team_ref', 'week']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('metrics_digests');
  await knex.schema.dropTable('metrics_alert_states');
  await knex.schema.dropTable('metrics_maturity_assessments');
  await knex.schema.dropTable('metrics_view_records');
  await knex.schema.dropTable('metrics_weekly_reviews');
  await knex.schema.dropTable('metrics_goal_follow_ups');
  await knex.schema.dropTable('metrics_goals');
  await knex.schema.dropTable('metrics_definition_changes');
  await knex.schema.dropTable('metrics_definition_fingerprints');
  await knex.schema.dropTable('metrics_collected_days');
  await knex.schema.dropTable('metrics_snapshots');
};
