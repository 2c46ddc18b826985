/** A CSV cell: text, a number, or empty (`null`/`undefined`). */
export type CsvCell = string | number | null | undefined;

// Spreadsheets run text starting with these as a formula ("CSV injection"); team titles
// and notes come from the catalog, so text cells starting with one get a leading quote.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell per RFC 4180: quoted (with inner quotes doubled) when it holds a quote, comma or
 * line break. Numbers are written as they are; non-finite numbers and empty values as nothing.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: a header line, then one line per row, lines ended by CRLF (RFC 4180). */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows]
    .map(row => `${row.map(csvCell).join(',')}\r\n`)
    .join('');
}
