import {
  checkPromqlTemplate,
  escapeLabelValue,
  escapeRegex,
  hasWindowPlaceholder,
  isPromqlDuration,
  isValidLabelName,
  matcher,
  regexMatcher,
  renderWindow,
} from './promql';
import { regexOf, unquote, withoutStrings } from '../promqlText.test-utils';

describe('escapeLabelValue / matcher', () => {
  it('escapes backslashes, double quotes and line breaks', () => {
    expect(escapeLabelValue('a\\b"c\nd\re')).toBe('a\\\\b\\"c\\nd\\re');
    expect(matcher('service', 'say "hi"\\')).toBe('service="say \\"hi\\"\\\\"');
    expect(unquote(`"${escapeLabelValue('a\\b"c\nd')}"`)).toBe('a\\b"c\nd');
  });

  it('keeps an injection attempt inside the string literal', () => {
    const value = 'foo"} or vector(1) or {x="';
    const m = matcher('service', value);
    expect(m).toBe('service="foo\\"} or vector(1) or {x=\\""');
    expect(withoutStrings(m)).toBe('service=""');
    expect(unquote(m.slice('service='.length))).toBe(value);
  });

  it('rejects invalid label names', () => {
    expect(() => matcher('bad-label', 'x')).toThrow(
      '"bad-label" is not a valid Prometheus label name',
    );
    expect(() => matcher('le} or vector(1)', 'x')).toThrow();
    expect(isValidLabelName('_ok9')).toBe(true);
    expect(isValidLabelName('9no')).toBe(false);
  });
});

describe('escapeRegex / regexMatcher', () => {
  it('escapes every RE2 metacharacter', () => {
    expect(escapeRegex('a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o')).toBe(
      'a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o',
    );
  });

  it('matches exactly the given services: a.b does not match axb', () => {
    const m = regexMatcher('service', ['a.b', 'c+d']);
    expect(m).toBe('service=~"a\\\\.b|c\\\\+d"');
    const re = regexOf(m, 'service');
    expect(re.test('a.b')).toBe(true);
    expect(re.test('c+d')).toBe(true);
    expect(re.test('axb')).toBe(false);
    expect(re.test('ccd')).toBe(false);
    expect(re.test('a.b|c+d')).toBe(false);
  });

  it('sorts and de-duplicates values for a stable query', () => {
    expect(regexMatcher('service', ['b', 'a', 'b'])).toBe('service=~"a|b"');
  });

  it('keeps quotes, backslashes, pipes and injection attempts literal', () => {
    const evil = 'foo"} or vector(1) or {x="';
    const m = regexMatcher('service', [evil, 'x|y', 'back\\slash']);
    expect(withoutStrings(m)).toBe('service=~""');
    const re = regexOf(m, 'service');
    expect(re.test(evil)).toBe(true);
    expect(re.test('x|y')).toBe(true);
    expect(re.test('x')).toBe(false);
    expect(re.test('back\\slash')).toBe(true);
  });

  it('refuses empty sets and empty values (they would match unlabelled series)', () => {
    expect(() => regexMatcher('service', [])).toThrow(
      'A matcher on "service" needs at least one value',
    );
    expect(() => regexMatcher('service', ['a', ''])).toThrow(
      'A matcher on "service" cannot match an empty value',
    );
  });
});

describe('renderWindow and templates', () => {
  it('replaces every placeholder spelling', () => {
    expect(
      renderWindow(
        'sum(increase(a[{{window}}])) / sum(increase(b[{{ window }}])) + c[{{.window}}]',
        '28d',
      ),
    ).toBe('sum(increase(a[28d])) / sum(increase(b[28d])) + c[28d]');
  });

  it('accepts only Prometheus durations as the window', () => {
    expect(renderWindow('x[{{window}}]', '1h30m')).toBe('x[1h30m]');
    expect(() => renderWindow('x[{{window}}]', '5m] or vector(1) [')).toThrow(
      'is not a Prometheus duration',
    );
    expect(() => renderWindow('x[{{window}}]', '0m')).toThrow();
    expect(isPromqlDuration('28d')).toBe(true);
    expect(isPromqlDuration('28')).toBe(false);
  });

  it('detects the placeholder', () => {
    expect(hasWindowPlaceholder('a[{{ window }}]')).toBe(true);
    expect(hasWindowPlaceholder('a[5m]')).toBe(false);
  });

  it('checks custom PromQL', () => {
    expect(
      checkPromqlTemplate(
        'sum(increase(http_requests_total{service="checkout",code!~"5.."}[{{window}}]))',
      ),
    ).toBeUndefined();
    expect(checkPromqlTemplate('sum(rate(x[5m]))')).toBe(
      'must contain {{window}} where the range goes, e.g. sum(increase(my_metric_total[{{window}}])); for a gauge use avg_over_time(my_gauge[{{window}}])',
    );
    expect(checkPromqlTemplate('  ')).toBe('must not be empty');
    expect(checkPromqlTemplate('x[{{windw}}]')).toBe(
      'has an unknown placeholder "{{windw}}"; only {{window}} is supported',
    );
    // Syntax errors come from the PromQL parser, with where they are.
    expect(checkPromqlTemplate('sum(increase(x{a="b"}[{{window}}])')).toBe(
      'has a syntax error at the end (…{a="b"}[{{window}}])); the query stops before it is complete, e.g. a closing bracket or quote is missing',
    );
    expect(checkPromqlTemplate('sum(increase(x{a="b"[{{window}}]))')).toMatch(
      /^has a syntax error at character 21 \(/,
    );
    expect(checkPromqlTemplate('sum(x{a="b}[{{window}}])')).toBe(
      'has a syntax error at character 9 (sum(x{a="b}[{{window}}])): the string is not closed',
    );
    expect(checkPromqlTemplate('sum(rate(x[{{window}}])) foo')).toBe(
      'has a syntax error at character 26 (…ate(x[{{window}}])) foo)',
    );
    // Brackets inside strings and comments do not count.
    expect(
      checkPromqlTemplate(
        'sum(increase(x{a=~"[(}"}[{{window}}])) # closing ) later\n',
      ),
    ).toBeUndefined();
  });
});
