// Internal, not re-exported. Code-unit order rather than localeCompare, so the order of
// API items does not depend on the server's locale or ICU build.
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
