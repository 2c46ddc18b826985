import { parseRulesRequest } from './parseRulesRequest';

const params = { kind: 'component', namespace: 'default', name: 'checkout' };

describe('parseRulesRequest', () => {
  it('answers a rule file unless another format is asked for', () => {
    expect(parseRulesRequest(params, {})).toEqual({
      entityRef: { kind: 'component', namespace: 'default', name: 'checkout' },
      format: 'rules',
    });
    expect(parseRulesRequest(params, { format: 'openslo' }).format).toBe(
      'openslo',
    );
    expect(
      parseRulesRequest(params, {
        format: 'prometheusrule',
        namespace: 'monitoring',
      }),
    ).toMatchObject({ format: 'prometheusrule', namespace: 'monitoring' });
  });

  it('takes the group of the group route from the path', () => {
    expect(
      parseRulesRequest({ namespace: 'default', name: 'payments' }, {}, 'group')
        .entityRef,
    ).toEqual({ kind: 'group', namespace: 'default', name: 'payments' });
  });

  it.each([
    [
      { format: 'sloth' },
      'format must be one of rules, prometheusrule, backfill, openslo, got "sloth"',
    ],
    [
      { format: ['rules', 'openslo'] },
      'format must be one of rules, prometheusrule, backfill, openslo, got ["rules","openslo"]',
    ],
    [
      { namespace: ['a', 'b'], format: 'prometheusrule' },
      'namespace must be given once',
    ],
    [
      { namespace: 'monitoring' },
      'namespace is only for format=prometheusrule',
    ],
  ])('refuses %j', (query, message) => {
    expect(() => parseRulesRequest(params, query)).toThrow(message);
  });
});
