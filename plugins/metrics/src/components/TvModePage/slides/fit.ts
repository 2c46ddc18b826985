/**
 * How many rows of `rowHeight` pixels a slide shows in a window `windowHeight` pixels high,
 * after `overhead` (the screen's header, footer, padding and the slide's own titles). Never
 * fewer than one, so a tiny window still shows the worst item; the rest is "and N more".
 */
export function rowsThatFit(
  windowHeight: number,
  rowHeight: number,
  overhead: number,
): number {
  return Math.max(1, Math.floor((windowHeight - overhead) / rowHeight));
}
