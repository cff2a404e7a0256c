/**
 * Writing CSV for the instructor downloads (RFC 4180, as spreadsheets read it):
 *
 * - fields are separated by commas and lines end with CRLF;
 * - a field holding a comma, a double quote, CR or LF is wrapped in double quotes, and each
 *   double quote inside it is doubled;
 * - the file starts with a UTF-8 byte-order mark, so Excel reads accents and symbols right;
 * - formula injection: a text field that starts with =, +, -, @, TAB or CR would be run as
 *   a formula by Excel, LibreOffice or Google Sheets (`=HYPERLINK(…)` can leak data or open
 *   a link). Such a field gets a leading apostrophe, which those programs show as text.
 *   Numbers and booleans are written as they are (a score is never text). Everything else,
 *   HTML included, is kept verbatim: a CSV file is not a web page.
 */

/** A value of one CSV field: text, a number, a boolean, or nothing (an empty field). */
export type CsvValue = string | number | boolean | null | undefined;

/** The first characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would run as a formula, made inert with a leading apostrophe. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field as written in the file: guarded against formulas when text, quoted when needed. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of the file, CRLF included. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** The byte-order mark at the start of every file we write. */
export const BOM = '\uFEFF';

/**
 * A byte stream of CSV text: the byte-order mark, then each chunk the generator yields
 * (whole lines, usually a batch of them), encoded as UTF-8. The next chunk is asked for
 * only when the reader wants more, so a slow download never makes the server hold the
 * whole file; a cancelled download stops the generator (its `finally` blocks run).
 */
export function csvStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const prefix = started ? '' : BOM;
      started = true;
      const { value, done } = await iterator.next();
      if (done) {
        if (prefix) controller.enqueue(encoder.encode(prefix));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(prefix + value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A download response for a CSV stream: `filename` must be plain ASCII without quotes. */
export function csvResponse(filename: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
