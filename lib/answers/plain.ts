/**
 * A fast path for the commonest answers: vectors and matrices of plain decimal numbers
 * ("[0.5, -1.25]", "[1, 2; 3, 4]", "[[1, 2], [3, 4]]"). Reading them through the full reader
 * costs a few microseconds a number, which adds up in an algorithm trace of 10×10 matrices.
 * Each function returns exactly what the full reader (./read) returns for such a text, or
 * null for any other text — which the full reader then reads (and explains, when it cannot).
 */
import { MAX_LENGTH, MAX_NODES } from './syntax';

/** A plain decimal literal: digits, an optional fraction, an optional exponent (no sign but a leading minus). */
const PLAIN = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/;

/** The most entries the fast path takes (well inside the full reader's node budget). */
const MAX_ENTRIES = Math.floor(MAX_NODES / 4);

function numbers(list: string): number[] | null {
  const parts = list.split(',');
  if (parts.length > MAX_ENTRIES) return null;
  const out = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i].trim();
    if (!PLAIN.test(t)) return null;
    const v = Number(t);
    if (!Number.isFinite(v)) return null;
    out[i] = v;
  }
  return out;
}

function inside(text: string, open: string, close: string): string | null {
  return text.startsWith(open) && text.endsWith(close) ? text.slice(1, -1) : null;
}

/** "[a, b, …]", "(a, b, …)" or "a, b, …" of plain numbers with `length` entries; null otherwise. */
export function plainVector(text: string, length: number): number[] | null {
  if (text.length > MAX_LENGTH) return null;
  const t = text.trim();
  const body = inside(t, '[', ']') ?? inside(t, '(', ')') ?? t;
  if (/[[\]();]/.test(body)) return null;
  const v = numbers(body);
  return v && v.length === length ? v : null;
}

/** "[a, b; c, d]" or "[[a, b], [c, d]]" of plain numbers, rows × cols; null otherwise. */
export function plainMatrix(text: string, rows: number, cols: number): number[][] | null {
  if (text.length > MAX_LENGTH || rows * cols > MAX_ENTRIES) return null;
  const body = inside(text.trim(), '[', ']');
  if (body === null) return null;
  const b = body.trim();
  let lines: string[];
  if (b.startsWith('[')) {
    const nested = inside(b, '[', ']');
    if (nested === null) return null;
    lines = nested.split(/\]\s*,\s*\[/);
  } else lines = b.split(';');
  if (lines.length !== rows) return null;
  const out: number[][] = [];
  for (const line of lines) {
    if (/[[\]();]/.test(line)) return null;
    const r = numbers(line);
    if (!r || r.length !== cols) return null;
    out.push(r);
  }
  return out;
}
