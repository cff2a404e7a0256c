/**
 * Between the answer grid's cells and the answer text: a grid of entries written as one
 * answer (`[a, b; c, d]`, `[a, b]`) and an answer split back into its entries. Pure; the
 * reading that counts is lib/answers' on the server.
 */

/** Splits `text` at `sep` where it is outside every bracket and parenthesis. */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** The text of one vector (`[a, b, c]`) or matrix (`[a, b; c, d]`) from its cells, row by row. */
export function cellsToText(cells: string[][], isVector: boolean): string {
  const entry = (s: string) => s.trim();
  if (isVector) return `[${cells.map((row) => entry(row[0] ?? '')).join(', ')}]`;
  return `[${cells.map((row) => row.map(entry).join(', ')).join('; ')}]`;
}

/** Strips one pair of enclosing brackets or parentheses that wrap the whole text. */
function unwrap(text: string): string | null {
  const t = text.trim();
  const open = t[0];
  const close = open === '[' ? ']' : open === '(' ? ')' : null;
  if (!close || t[t.length - 1] !== close) return null;
  // The first bracket must close at the very end, not earlier: "(1)+(2)" is not wrapped.
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(' || t[i] === '[') depth++;
    else if (t[i] === ')' || t[i] === ']') depth--;
    if (depth === 0 && i < t.length - 1) return null;
  }
  return t.slice(1, -1);
}

/**
 * The cells of an answer text for a grid of `rows` × `cols` (a vector is `rows` × 1), or
 * null when the text does not split into exactly that many entries. Accepts
 * `[a, b; c, d]`, `[[a, b], [c, d]]`, `[a, b]`, `(a, b)` and `a, b`.
 */
export function textToCells(text: string, rows: number, cols: number): string[][] | null {
  const body = unwrap(text) ?? text;
  let grid: string[][];
  const items = splitTopLevel(body, ',');
  if (items.length > 0 && items.every((i) => unwrap(i) !== null && i.trim().startsWith('['))) {
    // [[a, b], [c, d]]: each item is a bracketed row.
    grid = items.map((i) => splitTopLevel(unwrap(i)!, ','));
  } else {
    const rowTexts = splitTopLevel(body, ';');
    grid = rowTexts.map((r) => splitTopLevel(r, ','));
  }
  if (cols === 1 && grid.length === 1 && grid[0].length === rows) grid = grid[0].map((e) => [e]);
  if (grid.length !== rows || grid.some((r) => r.length !== cols)) return null;
  return grid;
}
