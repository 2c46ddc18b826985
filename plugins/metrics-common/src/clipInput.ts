/** Longest input echoed whole in an error message, in characters. */
const MAX_ECHO = 80;

/**
 * A value from a request as an error message may show it: cut to 80 characters (code points,
 * so no surrogate pair is split) with `…`, so a long hostile input is never sent back whole.
 *
 * @public
 */
export function clipInput(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_ECHO
    ? text
    : `${chars.slice(0, MAX_ECHO - 1).join('')}…`;
}
