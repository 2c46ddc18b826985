/** Reads a PromQL double-quoted literal the way Prometheus does (our escapes are JSON's). */
export function unquote(literal: string): string {
  return JSON.parse(literal);
}

/** The query with every double-quoted string literal replaced by `""`. */
export function withoutStrings(query: string): string {
  return query.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

/** The RE2 regex of the (only) `label=~"..."` matcher, compiled anchored like Prometheus. */
export function regexOf(query: string, label: string): RegExp {
  const match = new RegExp(`${label}=~("(?:[^"\\\\\\n]|\\\\.)*")`).exec(query);
  if (!match) throw new Error(`no regex matcher on ${label} in ${query}`);
  return new RegExp(`^(?:${unquote(match[1])})$`);
}
