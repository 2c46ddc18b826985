import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  checkSqlIdentifier,
  readSqlEventsConfig,
  SQL_EVENTS_DEFAULT_COLUMNS,
} from './config';

function read(sqlEvents?: JsonObject) {
  return readSqlEventsConfig(
    new ConfigReader(sqlEvents ? { metrics: { sqlEvents } } : {}),
  );
}

describe('readSqlEventsConfig', () => {
  it('describes the demo table without configuration', () => {
    const expected = {
      table: 'analytics_events',
      columns: {
        time: 'occurred_at',
        type: 'event_type',
        partner: 'partner',
        outcome: 'outcome',
        errorClass: 'error_class',
        user: 'user_id',
      },
    };
    expect(read()).toEqual(expected);
    expect(read({})).toEqual(expected);
  });

  it('reads the schema, the table and a partial column mapping', () => {
    expect(
      read({
        schema: 'analytics',
        table: 'ProductEvents',
        columns: { time: 'ts', errorClass: 'err_class' },
      }),
    ).toEqual({
      schema: 'analytics',
      table: 'ProductEvents',
      columns: {
        ...SQL_EVENTS_DEFAULT_COLUMNS,
        time: 'ts',
        errorClass: 'err_class',
      },
    });
  });

  it.each([
    [{ table: 'events; drop table users' }, 'metrics.sqlEvents.table'],
    [{ table: 'analytics.events' }, 'metrics.sqlEvents.table'],
    [{ table: '1events' }, 'metrics.sqlEvents.table'],
    [{ table: 'e'.repeat(64) }, 'metrics.sqlEvents.table'],
    [{ schema: 'public"' }, 'metrics.sqlEvents.schema'],
    [{ columns: { time: 'occurred at' } }, 'metrics.sqlEvents.columns.time'],
    [
      { columns: { partner: 'partner--' } },
      'metrics.sqlEvents.columns.partner',
    ],
    [{ columns: { user: '"user_id"' } }, 'metrics.sqlEvents.columns.user'],
  ])('rejects %j with an InputError naming %s', (sqlEvents, key) => {
    expect(() => read(sqlEvents)).toThrow(InputError);
    expect(() => read(sqlEvents)).toThrow(
      new RegExp(
        `^${key.replace(/\./g, '\\.')} must be a plain SQL identifier`,
      ),
    );
  });

  it('rejects unknown column keys', () => {
    expect(() => read({ columns: { tenant: 'tenant_id' } })).toThrow(
      'metrics.sqlEvents.columns.tenant is not a known column; use time, type, partner, outcome, errorClass, user',
    );
  });

  it('accepts plain identifiers', () => {
    for (const id of ['a', '_a', 'A_1', 'occurred_at', 'e'.repeat(63)]) {
      expect(checkSqlIdentifier(id, 'x')).toBe(id);
    }
  });
});
