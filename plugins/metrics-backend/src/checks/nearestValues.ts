import { distance } from 'fastest-levenshtein';

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * At most `count` of `values`, nearest to `target` first: fewest edits (case-insensitive),
 * then the longest shared prefix, then alphabetically. `target` itself is left out. The
 * shared prefix breaks ties because the usual mistake is a suffix (`checkout` for
 * `checkout-api`), not a typo.
 */
export function nearestValues(
  target: string,
  values: Iterable<string>,
  count: number,
): string[] {
  const wanted = target.toLocaleLowerCase('en-US');
  return [...new Set(values)]
    .filter(value => value !== target)
    .map(value => {
      const lower = value.toLocaleLowerCase('en-US');
      return {
        value,
        edits: distance(wanted, lower),
        prefix: sharedPrefix(wanted, lower),
      };
    })
    .sort(
      (a, b) =>
        a.edits - b.edits ||
        b.prefix - a.prefix ||
        (a.value < b.value ? -1 : 1),
    )
    .slice(0, count)
    .map(ranked => ranked.value);
}
