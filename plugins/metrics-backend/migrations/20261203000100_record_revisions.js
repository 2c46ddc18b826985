// @ts-check

/*
 * Editable records (docs/architecture.md#stores): goals, follow-ups and weekly reviews carry a
 * revision number, who changed them last and, once withdrawn, who withdrew them and why; every
 * change is kept in metrics_record_revisions. Records older than this migration are revision 1
 * and have no revision row: their creation is read from the record itself.
 */

const INSTANT = 32;
const REF = 255;
const RECORD_TABLES = [
  'metrics_goals',
  'metrics_goal_follow_ups',
  'metrics_weekly_reviews',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of RECORD_TABLES) {
    await knex.schema.alterTable(name, table => {
      table.integer('revision').notNullable().defaultTo(1);
      table.string('updated_at', INSTANT).nullable();
      table.string('updated_by', REF).nullable();
      table.string('withdrawn_at', INSTANT).nullable();
      table.string('withdrawn_by', REF).nullable();
      table.text('withdraw_reason').nullable();
    });
  }

  await knex.schema.createTable('metrics_record_revisions', table => {
    table.increments('id');
    table.string('record_kind', 16).notNullable();
    // A goal's or review's id; a follow-up is named by its goal's id.
    table.string('record_id', 36).notNullable();
    table.integer('revision').notNullable();
    table.string('change', 16).notNullable();
    table.string('author', REF).notNullable();
    table.string('at', INSTANT).notNullable();
    // `{ field: { from, to } }` as JSON.
    table.text('changes').notNullable();
    table.text('reason').nullable();
    // Also decides between two writers that both passed the revision check.
    table.unique(['record_kind', 'record_id', 'revision'], {
      indexName: 'metrics_record_revisions_record_idx',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('metrics_record_revisions');
  for (const name of RECORD_TABLES) {
    await knex.schema.alterTable(name, table => {
      table.dropColumns(
        'revision',
        'updated_at',
        'updated_by',
        'withdrawn_at',
        'withdrawn_by',
        'withdraw_reason',
      );
    });
  }
};
