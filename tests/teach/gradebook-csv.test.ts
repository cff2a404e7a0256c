/**
 * The CSV writer of the downloads (server/teach/csv.ts) on its own: RFC 4180 quoting, the
 * formula guard, the byte-order mark and the stream — checked against the independent
 * reader in gradebook-csv-reader.ts — and the gradebook page's query reading.
 */
import { describe, expect, it } from 'vitest';
import { BOM, csvField, csvLine, csvResponse, csvStream, guardFormula } from '@/server/teach/csv';
import { readGradebookQuery } from '@/server/teach/gradebook';
import { readCsv, readCsvFile } from './gradebook-csv-reader';

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('csvField', () => {
  it('leaves plain text bare and quotes fields with a comma, quote, CR or LF (quotes doubled)', () => {
    expect(csvField('abc')).toBe('abc');
    expect(csvField('a b')).toBe('a b');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(csvField('"')).toBe('""""');
    expect(csvField('')).toBe('');
  });

  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvField('\tx')).toBe("'\tx");
    // CR starts a formula too, and needs quotes as well.
    expect(csvField('\rx')).toBe(`"'\rx"`);
    // Guarded, then quoted: the quotes of HYPERLINK are doubled after the apostrophe.
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    // Only the first character matters.
    expect(csvField('a=1')).toBe('a=1');
    expect(csvField(' =1')).toBe(' =1');
    expect(guardFormula('x-1')).toBe('x-1');
  });

  it('keeps HTML and Unicode verbatim: a CSV file is not a web page', () => {
    expect(csvField('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(csvField('∇²f(x) = √2 · λ₁, Ünïcödé')).toBe('"∇²f(x) = √2 · λ₁, Ünïcödé"');
  });

  it('writes numbers and booleans as they are (a negative number is not guarded) and nothing for null', () => {
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(1)).toBe('1');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('csvLine and the reader', () => {
  it('joins fields with commas and ends the line with CRLF', () => {
    expect(csvLine(['a', 1, null, true])).toBe('a,1,,true\r\n');
  });

  it('reads back every awkward field as written (formula text with its apostrophe)', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'l1\nl2', 'l1\r\nl2', '', '<img src=x onerror=alert(1)>', 'ü ∇ √', '=HYPERLINK("x")', '-3', '"', ',', '\r'];
    const text = csvLine(fields) + csvLine(['second', 'line']);
    expect(readCsv(text)).toEqual([
      ['plain', 'a,b', 'say "hi"', 'l1\nl2', 'l1\r\nl2', '', '<img src=x onerror=alert(1)>', 'ü ∇ √', `'=HYPERLINK("x")`, "'-3", '"', ',', "'\r"],
      ['second', 'line'],
    ]);
  });

  it('the reader refuses what a careless writer would produce', () => {
    expect(() => readCsv('a,b"c\r\n')).toThrow(/bare field/);
    expect(() => readCsv('a\nb\r\n')).toThrow(/bare field/);
    expect(() => readCsv('"a"b\r\n')).toThrow(/after a field/);
    expect(() => readCsv('a,b')).toThrow(/CRLF/);
    expect(() => readCsv('"a\r\n')).toThrow(/not closed/);
  });
});

describe('csvStream', () => {
  it('starts with the UTF-8 byte-order mark, then the chunks in order, encoded as UTF-8', async () => {
    const bytes = await bytesOf(csvStream(chunks(csvLine(['name', 'score']), csvLine(['Zoë', 0.5]) + csvLine(['Ωmega', 1]))));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // "ë" and "Ω" are two bytes each in UTF-8.
    expect(bytes.length).toBe(3 + 'name,score\r\n'.length + 'Zoë,0.5\r\n'.length + 1 + 'Ωmega,1\r\n'.length + 1);
    expect(readCsvFile(bytes)).toEqual([
      ['name', 'score'],
      ['Zoë', '0.5'],
      ['Ωmega', '1'],
    ]);
  });

  it('writes the mark alone when there is nothing else', async () => {
    expect([...(await bytesOf(csvStream(chunks())))]).toEqual([...new TextEncoder().encode(BOM)]);
  });

  it('asks for the next chunk only when read, and stops the generator when the download is cancelled', async () => {
    let made = 0;
    let finished = false;
    async function* endless(): AsyncGenerator<string> {
      try {
        for (;;) {
          made++;
          yield csvLine([made]);
        }
      } finally {
        finished = true;
      }
    }
    const reader = csvStream(endless()).getReader();
    await reader.read();
    await reader.read();
    expect(made).toBeLessThanOrEqual(3); // pulled on demand (a stream may read one ahead)
    await reader.cancel();
    expect(finished).toBe(true);
  });

  it('answers as an attachment of type text/csv', () => {
    const res = csvResponse('calc-gradebook.csv', csvStream(chunks()));
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calc-gradebook.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('readGradebookQuery', () => {
  it('defaults to names A→Z and gives each column its own first direction', () => {
    expect(readGradebookQuery({})).toEqual({ sort: 'name', dir: 'asc' });
    expect(readGradebookQuery({ sort: 'total' })).toEqual({ sort: 'total', dir: 'desc' });
    expect(readGradebookQuery({ sort: 'activity' })).toEqual({ sort: 'activity', dir: 'desc' });
    expect(readGradebookQuery({ sort: 'email', dir: 'desc', lesson: 'hessian' })).toEqual({ sort: 'email', dir: 'desc', lesson: 'hessian' });
  });

  it('ignores values it does not know and repeated parameters', () => {
    expect(readGradebookQuery({ sort: 'password', dir: 'sideways' })).toEqual({ sort: 'name', dir: 'asc' });
    expect(readGradebookQuery({ sort: ['total', 'name'], lesson: ['a', 'b'] })).toEqual({ sort: 'name', dir: 'asc' });
    expect(readGradebookQuery({ lesson: '' })).toEqual({ sort: 'name', dir: 'asc' });
  });

  it('reads a page number from 2 up; anything else is the first page', () => {
    expect(readGradebookQuery({ page: '3' })).toEqual({ sort: 'name', dir: 'asc', page: 3 });
    for (const page of ['1', '0', '-2', '2.5', 'x', '1e400', '']) expect(readGradebookQuery({ page })).toEqual({ sort: 'name', dir: 'asc' });
  });
});
