/**
 * A CSV cell: text, a number, or empty (`null`/`undefined`).
 *
 * @public
 */
export type CsvCell = string | number | null | undefined;

// Spreadsheets run text starting with these as a formula ("CSV injection"); team titles
// and notes come from the catalog, so text cells starting with one get a leading quote.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell per RFC 4180: quoted (with inner quotes doubled) when it holds a quote, comma or
 * line break. Numbers are written as they are; non-finite numbers and empty values as nothing.
 *
 * @public
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV line of cells, ended by CRLF (RFC 4180); a document is its lines joined.
 *
 * @public
 */
export function csvLine(cells: CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
