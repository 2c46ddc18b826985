import { addDays } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  defaultDueDate,
  goalFormValues,
  isGoalMet,
  toCreateGoalRequest,
  toInputValue,
  toUpdateFollowUpRequest,
  toUpdateGoalRequest,
} from './goalForm';

const metric = {
  entityRef: 'component:default/customer-api',
  metricId: 'slo:availability',
};
const today = '2025-03-05';
const values = {
  baseline: '',
  target: '99.9',
  dueDate: '2025-04-02',
  notes: '',
};

describe('toCreateGoalRequest', () => {
  it('turns percentages into ratios without floating-point noise', () => {
    const result = toCreateGoalRequest({
      metric,
      unit: 'ratio',
      values: { ...values, baseline: '99.7' },
      today,
    });
    // 99.9 / 100 is 0.9990000000000001 in floating point
    expect(result).toEqual({
      ok: true,
      request: {
        metric,
        baseline: 0.997,
        target: 0.999,
        dueDate: '2025-04-02',
      },
    });
  });

  it('sends a pre-filled baseline as measured, and a changed one as typed', () => {
    const prefilled = { value: 0.98765, text: '98.77' };
    const asMeasured = toCreateGoalRequest({
      metric,
      unit: 'ratio',
      values: { ...values, baseline: '98.77' },
      prefilled,
      today,
    });
    expect(asMeasured.ok && asMeasured.request.baseline).toBe(0.98765);
    const changed = toCreateGoalRequest({
      metric,
      unit: 'ratio',
      values: { ...values, baseline: '98.5' },
      prefilled,
      today,
    });
    expect(changed.ok && changed.request.baseline).toBe(0.985);
  });

  it('leaves an empty baseline to the backend and keeps counts as they are', () => {
    expect(
      toCreateGoalRequest({
        metric,
        unit: 'count',
        values: { ...values, target: '12,500', notes: '  spring campaign ' },
        today,
      }),
    ).toEqual({
      ok: true,
      request: {
        metric,
        target: 12500,
        dueDate: '2025-04-02',
        notes: 'spring campaign',
      },
    });
  });

  it('says what is wrong with each field', () => {
    expect(
      toCreateGoalRequest({
        unit: 'ratio',
        values: {
          baseline: 'abc',
          target: '101',
          dueDate: addDays(today, -1),
          notes: '',
        },
        today,
      }),
    ).toEqual({
      ok: false,
      errors: {
        metric: 'Pick one of the squad’s metrics',
        baseline: 'Enter a number',
        target: 'Enter a percentage from 0 to 100',
        dueDate: 'The due date must not be in the past',
      },
    });
    expect(
      toCreateGoalRequest({
        metric,
        unit: 'count',
        values: { ...values, target: '-1', dueDate: '2025-02-30' },
        today,
      }),
    ).toEqual({
      ok: false,
      errors: { target: 'Enter a count of 0 or more', dueDate: 'Enter a date' },
    });
    expect(
      toCreateGoalRequest({
        metric,
        unit: 'count',
        values: { ...values, target: ' ' },
        today,
      }),
    ).toEqual({ ok: false, errors: { target: 'Required' } });
  });
});

describe('toInputValue', () => {
  it('shows ratios in percent and counts as they are, to 2 decimals', () => {
    expect(toInputValue(0.98765, 'ratio')).toBe('98.77');
    expect(toInputValue(0.5, 'ratio')).toBe('50');
    expect(toInputValue(1200, 'count')).toBe('1200');
    expect(toInputValue(12.345, 'count')).toBe('12.35');
  });
});

describe('defaultDueDate', () => {
  it('is four weeks ahead', () => {
    expect(defaultDueDate('2025-03-05')).toBe('2025-04-02');
  });
});

describe('isGoalMet', () => {
  it('compares the outcome with the target in the goal’s direction', () => {
    const up = { target: 0.99, direction: 'increase' as const };
    const down = { target: 300, direction: 'decrease' as const };
    expect(isGoalMet(up, 0.99)).toBe(true);
    expect(isGoalMet(up, 0.989)).toBe(false);
    expect(isGoalMet(down, 300)).toBe(true);
    expect(isGoalMet(down, 301)).toBe(false);
    expect(isGoalMet(up, null)).toBeUndefined();
    expect(isGoalMet(up, undefined)).toBeUndefined();
  });
});

describe('toUpdateGoalRequest and toUpdateFollowUpRequest', () => {
  const recorded = {
    id: 'g1',
    teamRef: 'group:default/mobility-squad',
    metric,
    metricName: 'availability',
    unit: 'ratio' as const,
    baseline: 0.97123,
    target: 0.995,
    direction: 'increase' as const,
    dueDate: '2025-03-01',
    notes: 'Retries',
    author: 'user:default/jane',
    createdAt: '2025-02-01T09:00:00.000Z',
    revision: 3,
    status: 'due' as const,
  };

  it('sends only what changed, keeping a pre-filled value exactly', () => {
    const form = goalFormValues(recorded);
    expect(form).toEqual({
      baseline: '97.12',
      target: '99.5',
      dueDate: '2025-03-01',
      notes: 'Retries',
    });
    expect(
      toUpdateGoalRequest({ goal: recorded, values: form, reason: ' ', today }),
    ).toEqual({ ok: true, changed: false, request: { revision: 3 } });
    expect(
      toUpdateGoalRequest({
        goal: recorded,
        values: { ...form, target: '99.9', notes: '' },
        reason: 'Typo',
        today,
      }),
    ).toEqual({
      ok: true,
      changed: true,
      request: { target: 0.999, notes: null, revision: 3, reason: 'Typo' },
    });
  });

  it('checks a changed due date against today only', () => {
    const form = goalFormValues(recorded);
    expect(
      toUpdateGoalRequest({
        goal: recorded,
        values: { ...form, dueDate: '2025-03-02' },
        reason: '',
        today,
      }),
    ).toEqual({
      ok: false,
      errors: { dueDate: 'The due date must not be in the past' },
    });
    expect(
      toUpdateGoalRequest({
        goal: recorded,
        values: { ...form, target: '101' },
        reason: '',
        today,
      }),
    ).toEqual({
      ok: false,
      errors: { target: 'Enter a percentage from 0 to 100' },
    });
  });

  it('edits a follow-up on its own revision', () => {
    const followUp = {
      goalId: 'g1',
      measuredOutcome: 0.99,
      met: false,
      author: 'user:default/jane',
      createdAt: '2025-03-02T09:00:00.000Z',
      revision: 2,
    };
    expect(
      toUpdateFollowUpRequest(followUp, {
        met: true,
        notes: 'Measured in the freeze',
        reason: '',
      }),
    ).toEqual({
      changed: true,
      request: { met: true, notes: 'Measured in the freeze', revision: 2 },
    });
    expect(
      toUpdateFollowUpRequest(followUp, { met: false, notes: '', reason: '' }),
    ).toEqual({ changed: false, request: { revision: 2 } });
  });
});
