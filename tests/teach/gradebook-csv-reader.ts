/**
 * A strict RFC 4180 reader for the tests of the CSV downloads, written independently of
 * server/teach/csv.ts: records end with CRLF (the last one too), a field is either bare —
 * no comma, double quote, CR or LF in it — or wrapped in double quotes with inner quotes
 * doubled. Anything else (a bare LF, a quote inside a bare field, text after a closing
 * quote, a missing final CRLF) throws, so a writer's mistake cannot slip through.
 */

/** The records of `text` (without a byte-order mark), each a list of fields. */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  for (;;) {
    // One field starts at i.
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('CSV: a quoted field is not closed');
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += c;
          i++;
        }
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\r') {
        const c = text[i];
        if (c === '"' || c === '\n') throw new Error(`CSV: ${JSON.stringify(c)} in a bare field at offset ${i}`);
        field += c;
        i++;
      }
    }
    record.push(field);
    if (i >= n) throw new Error('CSV: the last record does not end with CRLF');
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      records.push(record);
      record = [];
      i += 2;
      if (i >= n) return records;
      continue;
    }
    throw new Error(`CSV: unexpected ${JSON.stringify(text[i])} after a field at offset ${i}`);
  }
}

/** Decodes a downloaded file: checks and strips the UTF-8 byte-order mark, then reads the records. */
export function readCsvFile(bytes: Uint8Array): string[][] {
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('CSV: no UTF-8 byte-order mark');
  return readCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)));
}
