import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv';

describe('CSV export cells', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', null, 12.5])).toBe('"a,b","say ""hi""","two\nlines",,12.5\r\n');
  });

  it('defuses spreadsheet formulas from untrusted text', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes dates as ISO and objects as JSON', () => {
    expect(csvCell(new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-25T10:00:00.000Z');
    expect(csvCell({ rule: 'BR-CO-15' })).toBe('"{""rule"":""BR-CO-15""}"');
  });
});
