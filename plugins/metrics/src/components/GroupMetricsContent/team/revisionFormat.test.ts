import {
  formatFieldChange,
  formatFieldValue,
  revisionTitle,
} from './revisionFormat';

const metric = {
  entityRef: 'component:default/customer-api',
  metricId: 'slo:availability',
};

describe('revisionFormat', () => {
  it('reads goal numbers in their unit and days as days', () => {
    expect(
      formatFieldChange('target', { from: 0.995, to: 0.999 }, 'ratio'),
    ).toBe('target: 99.50 % → 99.90 %');
    expect(
      formatFieldChange('baseline', { from: 1200, to: 15000 }, 'count'),
    ).toBe('baseline: 1,200 → 15,000');
    expect(
      formatFieldChange('dueDate', { from: '2026-12-01', to: '2026-12-15' }),
    ).toBe('due date: 01 Dec 2026 → 15 Dec 2026');
  });

  it('reads cleared and set fields, verdicts and metrics', () => {
    expect(formatFieldChange('notes', { from: 'First try' })).toBe(
      'notes: First try → none',
    );
    expect(formatFieldChange('met', { from: true, to: false })).toBe(
      'met: yes → no',
    );
    expect(formatFieldValue('linkedMetric', metric)).toBe(
      'slo:availability (customer-api)',
    );
    expect(formatFieldValue('metricsLookedAt', [metric, metric])).toBe(
      'slo:availability (customer-api), slo:availability (customer-api)',
    );
    expect(formatFieldValue('metricsLookedAt', [])).toBe('none');
  });

  it('names what a revision did', () => {
    expect(
      revisionTitle({
        kind: 'follow-up',
        recordId: 'g1',
        revision: 2,
        change: 'withdrawn',
        author: 'user:default/jane',
        at: '2026-11-20T10:00:00.000Z',
        changes: {},
      }),
    ).toBe('Follow-up withdrawn');
  });
});
