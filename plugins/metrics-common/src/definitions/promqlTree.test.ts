import { parsePromqlTemplate } from './promqlTree';

const selectors = (query: string) => parsePromqlTemplate(query).selectors;
const ranges = (query: string) => parsePromqlTemplate(query).ranges;
const errors = (query: string) =>
  parsePromqlTemplate(query).syntaxErrors.map(e => e.message);

describe('parsePromqlTemplate: selectors', () => {
  it('reads the metric name and every matcher, values unquoted', () => {
    expect(
      selectors(
        'sum(increase(http_requests_total{service="checkout", code!~"5..", x=~\'a|b\', y!=`raw\\n`}[{{window}}]))',
      ),
    ).toEqual([
      {
        text: 'http_requests_total{service="checkout", code!~"5..", x=~\'a|b\', y!=`raw\\n`}',
        metricName: 'http_requests_total',
        matchers: [
          { label: 'service', op: '=', value: 'checkout' },
          { label: 'code', op: '!~', value: '5..' },
          { label: 'x', op: '=~', value: 'a|b' },
          { label: 'y', op: '!=', value: 'raw\\n' },
        ],
      },
    ]);
  });

  it('unescapes double- and single-quoted strings as Prometheus does', () => {
    const [s] = selectors(
      'x{a="say \\"hi\\"", b=\'it\\\'s\', c="\\x41\\u00e9\\101\\\\", d="tab\\tnew\\nline"}',
    );
    expect(s.matchers.map(m => m.value)).toEqual([
      'say "hi"',
      "it's",
      'Aé' + 'A\\',
      'tab\tnew\nline',
    ]);
  });

  it('reports an escape Prometheus refuses instead of guessing its value', () => {
    const parsed = parsePromqlTemplate('x{service="check\\qout"}');
    expect(parsed.selectors[0].matchers).toEqual([]);
    expect(parsed.syntaxErrors[0].message).toMatch(
      /^has a syntax error at character 11 .*: Prometheus does not read the escape \\q$/,
    );
  });

  it('takes the metric name from __name__ or a quoted name when there is no identifier', () => {
    expect(selectors('{__name__="up", job="a"}')[0].metricName).toBe('up');
    expect(
      selectors('{"http.server.duration", "service.name"="checkout"}')[0],
    ).toEqual({
      text: '{"http.server.duration", "service.name"="checkout"}',
      metricName: 'http.server.duration',
      matchers: [{ label: 'service.name', op: '=', value: 'checkout' }],
    });
  });

  it('has no metric name for a regex on __name__ or matchers alone', () => {
    const [byRegex] = selectors('count({__name__=~".+"})');
    expect(byRegex.metricName).toBeUndefined();
    expect(byRegex.matchers).toEqual([
      { label: '__name__', op: '=~', value: '.+' },
    ]);
    expect(selectors('{caller=~"b.*"}')[0].metricName).toBeUndefined();
  });

  it('finds selectors in both sides of binary operations, aggregations and functions', () => {
    const found = selectors(
      'sum by (service) (rate(a{s="1"}[5m])) / on (service) group_left (team) max without (pod) (b) or vector(0) + absent(c{x="y"})',
    );
    expect(found.map(s => s.text)).toEqual(['a{s="1"}', 'b', 'c{x="y"}']);
  });

  it('reads selectors under offsets, @ and subqueries', () => {
    expect(
      selectors(
        'max_over_time(rate(a{s="1"}[5m] offset 1h @ end())[1d:5m]) + b @ 1700000000',
      ).map(s => s.text),
    ).toEqual(['a{s="1"}', 'b']);
  });

  it('keeps texts as written when {{window}} comes before them', () => {
    expect(
      selectors(
        'sum(increase(a[{{window}}])) / sum(increase(b{s="x"}[{{ window }}]))',
      ).map(s => s.text),
    ).toEqual(['a', 'b{s="x"}']);
  });
});

describe('parsePromqlTemplate: ranges', () => {
  // The grammar binds a trailing range looser than Prometheus does, so the order of ranges is
  // not the order of the text; only what they are matters.
  it('reads range selectors and subqueries in seconds', () => {
    expect(ranges('rate(a[5m]) + max_over_time(b[1h30m:1m]) + c[90]')).toEqual(
      expect.arrayContaining([
        { kind: 'matrix', text: '5m', seconds: 300, window: 'none' },
        { kind: 'subquery', text: '1h30m', seconds: 5400, window: 'none' },
        { kind: 'matrix', text: '90', seconds: 90, window: 'none' },
      ]),
    );
  });

  it('reads years, weeks and milliseconds', () => {
    expect(ranges('a[520w]')[0].seconds).toBe(520 * 7 * 86400);
    expect(ranges('a[1y2w]')[0].seconds).toBe(365 * 86400 + 14 * 86400);
    expect(ranges('a[1m500ms]')[0].seconds).toBe(60.5);
  });

  it('evaluates duration arithmetic and knows when it cannot', () => {
    expect(ranges('a[5m + 1h]')[0].seconds).toBe(3900);
    expect(ranges('a[(1d) * 400]')[0].seconds).toBe(400 * 86400);
    expect(ranges('a[step()]')[0]).toEqual({
      kind: 'matrix',
      text: 'step()',
      window: 'none',
    });
  });

  it('tells ranges that are {{window}} from ranges computed from it', () => {
    const found = ranges(
      'a[{{window}}] + b[{{ window }} * 100] + c[{{.window}}:1m]',
    );
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'matrix', text: '{{window}}', seconds: 300, window: 'exact' },
        {
          kind: 'matrix',
          text: '{{ window }} * 100',
          seconds: 30000,
          window: 'derived',
        },
        {
          kind: 'subquery',
          text: '{{.window}}',
          seconds: 300,
          window: 'exact',
        },
      ]),
    );
  });

  it('counts a range put on an expression (the grammar allows it)', () => {
    expect(ranges('sum(rate(a[5m]))[1h]').map(r => r.seconds)).toEqual([
      3600, 300,
    ]);
  });
});

describe('parsePromqlTemplate: syntax errors', () => {
  it('finds no error in valid queries, comments and brackets inside strings', () => {
    expect(
      errors(
        'sum(increase(x{a=~"[(}"}[{{window}}])) # closing ) later\n  / ignoring(a) sum(y)',
      ),
    ).toEqual([]);
  });

  it('says where a query stops before it is complete', () => {
    expect(errors('sum(increase(x{a="b"}[{{window}}])')).toEqual([
      'has a syntax error at the end (…{a="b"}[{{window}}])); the query stops before it is complete, e.g. a closing bracket or quote is missing',
    ]);
    expect(errors('x{a="b}[{{window}}]')[0]).toMatch(/^has a syntax error/);
  });

  it('gives the character in the template as written', () => {
    const [first] = parsePromqlTemplate(
      'sum(rate(x[{{window}}])) foo',
    ).syntaxErrors;
    expect(first.at).toBe(25);
    expect(first.message).toBe(
      'has a syntax error at character 26 (…ate(x[{{window}}])) foo)',
    );
    expect(errors('sum(increase(x{a="b"[{{window}}]))')[0]).toMatch(
      /^has a syntax error at character 21 /,
    );
  });

  it('refuses line breaks and unclosed strings the way Prometheus does', () => {
    expect(errors('x{a="line\nbreak"}')[0]).toBe(
      'has a syntax error at character 5 (x{a="line break"}): the string is cut by a line break; write \\n instead',
    );
    expect(selectors('x{a=`raw\nbreak`}')[0].matchers[0].value).toBe(
      'raw\nbreak',
    );
    expect(errors('x{a="b\\"}')[0]).toMatch(/the string is not closed$/);
  });

  it('keeps hostile text on one line in messages', () => {
    const [message] = errors('x{a="b"}\n\n) or\nvector(1)');
    expect(message).not.toMatch(/\n/);
    expect(message).toMatch(
      /^has a syntax error at character 11 \(x\{a="b"\} \) or vector\(1\)\)/,
    );
  });
});
