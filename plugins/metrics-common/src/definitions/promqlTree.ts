import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { WINDOW_PLACEHOLDER_PATTERN, renderWindow } from './windowPlaceholder';

/*
 * Catalog PromQL taken apart with Prometheus' own Lezer grammar (tree shapes:
 * @prometheus-io/lezer-promql 0.315.0): its syntax errors, vector selectors and ranges, for the
 * checks in checkPromqlTemplate and queryScope.ts. The grammar is more permissive than
 * Prometheus (no function arity or types), so Prometheus still rejects some parsed queries;
 * never the other way round for what is checked here.
 */

/**
 * The `{{window}}` stand-in while parsing a template: any valid duration parses the same.
 *
 * @public
 */
export const NEUTRAL_WINDOW = '5m';

/**
 * A label matcher operator.
 *
 * @public
 */
export type PromqlMatchOp = '=' | '!=' | '=~' | '!~';

/**
 * One label matcher of a vector selector, its value unquoted and unescaped.
 *
 * @public
 */
export interface PromqlMatcher {
  /** The label name, unquoted when it was written quoted (`"service.name"`). */
  label: string;
  op: PromqlMatchOp;
  /** The value as Prometheus reads it: quotes removed, escapes resolved. */
  value: string;
}

/**
 * One vector selector, e.g. `http_requests_total{service="checkout"}`.
 *
 * @public
 */
export interface PromqlSelector {
  /** The selector as written in the template. */
  text: string;
  /** The `Identifier` before the braces, else a `__name__="…"` matcher, else a quoted name. */
  metricName?: string;
  /** Every matcher, `__name__` ones included. */
  matchers: PromqlMatcher[];
}

/**
 * How a range depends on the `{{window}}` placeholder: not at all, it is the placeholder, or
 * the placeholder is part of an expression (`{{window}} * 2`).
 *
 * @public
 */
export type PromqlRangeWindow = 'none' | 'exact' | 'derived';

/**
 * One range: the duration of a range selector (`x[5m]`) or the range of a subquery (`x[1h:5m]`).
 *
 * @public
 */
export interface PromqlRange {
  /** A range selector's duration, or a subquery's range (not its step). */
  kind: 'matrix' | 'subquery';
  /** The duration expression as written, without brackets. */
  text: string;
  /**
   * Seconds, with `{{window}}` read as {@link NEUTRAL_WINDOW}; undefined when it cannot be
   * known before the query runs (`step()`, `range()`) or is not a number.
   */
  seconds?: number;
  /** How the range depends on `{{window}}`. */
  window: PromqlRangeWindow;
}

/**
 * A syntax error and a message for the author.
 *
 * @public
 */
export interface PromqlSyntaxError {
  /** 0-based character in the template as written. */
  at: number;
  /** e.g. `has a syntax error at character 12 (…)`. */
  message: string;
}

/**
 * A parsed template or query.
 *
 * @public
 */
export interface ParsedPromql {
  /** The template as written. */
  template: string;
  /** Empty when the query parses. */
  syntaxErrors: PromqlSyntaxError[];
  /** Every vector selector, in range selectors and subqueries too. */
  selectors: PromqlSelector[];
  /** Every range selector's duration and subquery's range. */
  ranges: PromqlRange[];
}

const MATCH_OPS: Record<string, PromqlMatchOp> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

// Prometheus' duration syntax: units largest first, each at most once.
const DURATION =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

const EXCERPT_SIDE = 20;

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Where each rendered placeholder sits, to map positions back to the template. */
interface Placeholder {
  /** In the template. */
  from: number;
  to: number;
  /** In the rendered text. */
  renderedFrom: number;
  renderedTo: number;
}

function placeholdersOf(template: string): Placeholder[] {
  const out: Placeholder[] = [];
  let shift = 0;
  for (const match of template.matchAll(
    new RegExp(WINDOW_PLACEHOLDER_PATTERN.source, 'g'),
  )) {
    const from = match.index ?? 0;
    const to = from + match[0].length;
    out.push({
      from,
      to,
      renderedFrom: from + shift,
      renderedTo: from + shift + NEUTRAL_WINDOW.length,
    });
    shift += NEUTRAL_WINDOW.length - match[0].length;
  }
  return out;
}

/** A position in the rendered text as a position in the template. */
function templateOffset(placeholders: Placeholder[], rendered: number): number {
  let shift = 0;
  for (const p of placeholders) {
    if (rendered < p.renderedFrom) break;
    if (rendered < p.renderedTo) return p.from;
    shift = p.to - p.renderedTo;
  }
  return rendered + shift;
}

function excerpt(text: string, at: number): string {
  const from = Math.max(0, at - EXCERPT_SIDE);
  const to = Math.min(text.length, at + EXCERPT_SIDE);
  const body = text.slice(from, to).replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}

function syntaxError(
  template: string,
  at: number,
  what?: string,
): PromqlSyntaxError {
  const where =
    at >= template.trimEnd().length ? 'at the end' : `at character ${at + 1}`;
  const hint =
    at >= template.trimEnd().length
      ? '; the query stops before it is complete, e.g. a closing bracket or quote is missing'
      : '';
  return {
    at,
    message: `has a syntax error ${where} (${excerpt(template, at)})${
      what ? `: ${what}` : hint
    }`,
  };
}

// Go's escapes as Prometheus' strutil.Unquote reads them; a problem for whatever Prometheus
// refuses, so a value is never read differently from how Prometheus reads it.
function unquote(literal: string): { value: string } | { problem: string } {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) {
    return { problem: 'the string is not closed' };
  }
  const body = literal.slice(1, -1);
  if (quote === '`') return { value: body };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') return { problem: 'the string holds a line break' };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return { problem: 'the string is not closed' };
    const bad = { problem: `Prometheus does not read the escape \\${e}` };
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else if (e === quote) {
      out += e;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const size = { x: 2, u: 4, U: 8 }[e];
      const hex = body.slice(i + 1, i + 1 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) return bad;
      const code = parseInt(hex, 16);
      // A lone \x byte above 0x7f would be half a UTF-8 character.
      const invalid =
        e === 'x'
          ? code > 0x7f
          : code > 0x10ffff || (code >= 0xd800 && code < 0xe000);
      if (invalid) return bad;
      out += String.fromCodePoint(code);
      i += size;
    } else if (e >= '0' && e <= '7') {
      const octal = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(octal) || parseInt(octal, 8) > 0x7f) return bad;
      out += String.fromCharCode(parseInt(octal, 8));
      i += 2;
    } else {
      return bad;
    }
  }
  return { value: out };
}

function literalSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match && text !== '') {
    const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
    return units.reduce(
      (sum, unit, i) => sum + Number(match[i + 1] ?? 0) * UNIT_SECONDS[unit],
      0,
    );
  }
  // A bare number is seconds (Prometheus 3).
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : undefined;
}

const BINARY: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Mod: (a, b) => a % b,
  Pow: (a, b) => a ** b,
};

/** Seconds of a duration expression; undefined when it is not known before the query runs. */
function durationSeconds(
  node: SyntaxNode,
  text: string,
  depth = 0,
): number | undefined {
  if (depth > 50) return undefined;
  const children: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) children.push(c);
  const names = children.map(c => c.name).join(' ');
  let value: number | undefined;
  if (
    names === 'NumberDurationLiteralInDurationContext' ||
    names === 'NumberDurationLiteral'
  ) {
    value = literalSeconds(text.slice(children[0].from, children[0].to));
  } else if (children.length === 1 && children[0].name === 'DurationExpr') {
    value = durationSeconds(children[0], text, depth + 1);
  } else if (children.length === 2 && children[0].name === 'UnaryOp') {
    const inner = durationSeconds(children[1], text, depth + 1);
    const sign = text.slice(children[0].from, children[0].to);
    if (inner !== undefined) value = sign === '-' ? -inner : inner;
  } else if (children.length === 3 && children[1].name in BINARY) {
    const a = durationSeconds(children[0], text, depth + 1);
    const b = durationSeconds(children[2], text, depth + 1);
    value =
      a === undefined || b === undefined
        ? undefined
        : BINARY[children[1].name](a, b);
  }
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/**
 * Parses a catalog PromQL template: `{{window}}` is read as {@link NEUTRAL_WINDOW}, positions
 * and texts are the template's. Never throws; a query that does not parse has `syntaxErrors`.
 *
 * @public
 */
export function parsePromqlTemplate(template: string): ParsedPromql {
  const placeholders = placeholdersOf(template);
  const rendered = renderWindow(template, NEUTRAL_WINDOW);
  const at = (offset: number) => templateOffset(placeholders, offset);
  const slice = (node: SyntaxNode) =>
    template.slice(at(node.from), at(node.to));
  const windowOf = (node: SyntaxNode): PromqlRangeWindow => {
    const inside = placeholders.filter(
      p => p.renderedFrom >= node.from && p.renderedTo <= node.to,
    );
    if (inside.length === 0) return 'none';
    const [only] = inside;
    return inside.length === 1 &&
      only.renderedFrom === node.from &&
      only.renderedTo === node.to
      ? 'exact'
      : 'derived';
  };

  const result: ParsedPromql = {
    template,
    syntaxErrors: [],
    selectors: [],
    ranges: [],
  };
  const fail = (offset: number, what?: string) =>
    result.syntaxErrors.push(syntaxError(template, at(offset), what));

  const stringValue = (node: SyntaxNode | null): string | undefined => {
    if (!node) return undefined;
    const read = unquote(rendered.slice(node.from, node.to));
    if ('problem' in read) {
      // The string token stops at a line break.
      const cut = /[\r\n]/.test(rendered[node.to] ?? '');
      fail(
        node.from,
        cut
          ? 'the string is cut by a line break; write \\n instead'
          : read.problem,
      );
      return undefined;
    }
    return read.value;
  };

  const selector = (node: SyntaxNode) => {
    const found: PromqlSelector = { text: slice(node), matchers: [] };
    const identifier = node.getChild('Identifier');
    let quotedName: string | undefined;
    const list = node.getChild('LabelMatchers');
    for (let m = list?.firstChild; m; m = m.nextSibling) {
      if (m.name === 'QuotedLabelName') {
        // `{"metric.name", …}`: the metric name, quoted.
        quotedName = stringValue(m.getChild('StringLiteral'));
        continue;
      }
      if (
        m.name !== 'UnquotedLabelMatcher' &&
        m.name !== 'QuotedLabelMatcher'
      ) {
        continue;
      }
      const labelNode =
        m.name === 'UnquotedLabelMatcher'
          ? m.getChild('LabelName')
          : m.getChild('QuotedLabelName');
      const label =
        labelNode?.name === 'LabelName'
          ? rendered.slice(labelNode.from, labelNode.to)
          : stringValue(labelNode?.getChild('StringLiteral') ?? null);
      const opNode = m.getChild('MatchOp')?.firstChild;
      const op = opNode ? MATCH_OPS[opNode.name] : undefined;
      // A quoted name's literal is inside QuotedLabelName: the direct one is the value.
      const value = stringValue(m.getChild('StringLiteral'));
      if (label !== undefined && op && value !== undefined) {
        found.matchers.push({ label, op, value });
      }
    }
    const nameMatcher = found.matchers.find(
      x => x.label === '__name__' && x.op === '=',
    );
    const metricName = identifier
      ? rendered.slice(identifier.from, identifier.to)
      : nameMatcher?.value ?? quotedName;
    if (metricName) found.metricName = metricName;
    result.selectors.push(found);
  };

  const range = (node: SyntaxNode, kind: PromqlRange['kind']) => {
    const duration = node.getChild('DurationExpr');
    if (!duration) return;
    const seconds = durationSeconds(duration, rendered);
    result.ranges.push({
      kind,
      text: slice(duration),
      ...(seconds !== undefined ? { seconds } : {}),
      window: windowOf(duration),
    });
  };

  parser.parse(rendered).iterate({
    enter: ref => {
      if (ref.type.isError) {
        fail(ref.from);
        return false;
      }
      switch (ref.name) {
        case 'VectorSelector':
          selector(ref.node);
          break;
        case 'MatrixSelector':
          range(ref.node, 'matrix');
          break;
        case 'SubqueryExpr':
          range(ref.node, 'subquery');
          break;
        default:
      }
      return undefined;
    },
  });
  return result;
}
