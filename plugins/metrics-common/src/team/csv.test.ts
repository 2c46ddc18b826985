import { csvCell, csvLine } from './csv';

describe('csvCell', () => {
  it('writes plain text and numbers as they are', () => {
    expect(csvCell('identity-squad')).toBe('identity-squad');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(0)).toBe('0');
  });

  it('writes empty and non-finite values as empty cells', () => {
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(Infinity)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('quotes cells with commas, quotes or line breaks and doubles inner quotes', () => {
    expect(csvCell('Goals, reviews')).toBe('"Goals, reviews"');
    expect(csvCell('the "core" squad')).toBe('"the ""core"" squad"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('"')).toBe('""""');
  });

  it('keeps spreadsheets from running text as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(
      `"'=HYPERLINK(""http://x"")"`,
    );
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-ops')).toBe("'-ops");
    expect(csvCell('@team')).toBe("'@team");
    // numbers are not text: a negative number stays a number
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('csvLine', () => {
  it('writes one CRLF-terminated line of cells', () => {
    expect(
      csvLine(['group:default/a', 2, 'Record a goal, then follow it up']) +
        csvLine(['group:default/b', 0, undefined]),
    ).toBe(
      'group:default/a,2,"Record a goal, then follow it up"\r\n' +
        'group:default/b,0,\r\n',
    );
  });
});
