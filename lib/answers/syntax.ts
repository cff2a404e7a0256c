/**
 * Reading a student's text into a small syntax tree, with our own tokenizer and
 * recursive-descent parser. Nothing here evaluates anything, and nothing of mathjs's
 * larger grammar (assignments, function definitions, property access, strings, units,
 * ranges, conditionals, comparisons, objects, indexing) can be reached: the grammar
 * below is all there is.
 *
 *   answer   := list
 *   list     := sum ("," sum)*                      a top-level list is a vector: 1, -1
 *   sum      := term (("+" | "-") term)*
 *   term     := product (("*" | "/") product)*
 *   product  := factor factor*                      implicit multiplication: 6x, 2 sin(x), 3(x+1)
 *   factor   := ("+" | "-" | "√")* power
 *   power    := postfix ("^" ("+" | "-" | "√")* postfix)*       right-associative
 *   postfix  := primary ("²" | "³" | …)*
 *   primary  := number | name | name "(" args ")" | "(" list ")" | "[" matrix "]"
 *
 * Precedence, from loosest to tightest: + and − ; * and / ; implicit multiplication ;
 * unary ± and √ ; ^ . So `x^2y` is x²·y, `-x^2` is −(x²), `x/2y` is x/(2y) and
 * `2^-1` is 2⁻¹. As in mathjs ("rule 2"), one exception: a number divided by a number
 * that is followed by an implicit factor is a coefficient, so `1/2x` is (1/2)·x.
 * An implicit product never starts with a number (`x 2`, `2 3` and `(x+1)2` are read
 * errors, so that `6 2` is never silently 12).
 *
 * Limits, checked before any parsing: at most MAX_LENGTH characters and MAX_DEPTH
 * nested brackets (a linear scan); while parsing, at most MAX_NODES tree nodes. The
 * parser recurses only into brackets, so its depth is bounded by MAX_DEPTH; chains of
 * signs and powers are read with loops.
 *
 * Offsets in errors and nodes are UTF-16 offsets into the original text.
 */
import type { ReadError } from './types';
import { COMMON_FUNCTIONS, lookupFunction, type MathFunction } from './functions';

/** Longest answer read, in characters (UTF-16 code units). */
export const MAX_LENGTH = 2000;
/** Deepest nesting of ( and [ brackets. */
export const MAX_DEPTH = 40;
/** Most syntax-tree nodes in one answer. */
export const MAX_NODES = 1000;
/**
 * Deepest nesting of the written structure (roots, fractions, powers, signs, calls,
 * brackets), checked after parsing: it bounds the nesting of the KaTeX preview, which
 * KaTeX renders recursively ("√√√…x" or "2^2^2^…" have no brackets but nest).
 */
export const MAX_NESTING = 100;

/** Size limits for one reading; the defaults suit a student's answer. */
export interface Limits {
  /** Longest text, in characters (UTF-16 code units); default MAX_LENGTH. */
  maxLength?: number;
  /** Most syntax-tree nodes; default MAX_NODES. */
  maxNodes?: number;
  /** Deepest nesting of the structure; default MAX_NESTING. */
  maxNesting?: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

interface Span {
  start: number;
  end: number;
}

/** A row of a bracketed matrix: its entries and where it is in the text. */
export interface Row extends Span {
  items: Node[];
}

/** A node of the syntax tree; `start`/`end` locate it in the original text. */
export type Node =
  | (Span & { k: 'num'; value: number; raw: string })
  | (Span & { k: 'var'; name: string; index: number })
  | (Span & { k: 'const'; name: 'pi' | 'e' })
  | (Span & { k: 'neg'; arg: Node })
  | (Span & { k: 'bin'; op: BinaryOp; a: Node; b: Node; implicit: boolean })
  | (Span & { k: 'fn'; fn: MathFunction; args: Node[] })
  | (Span & { k: 'array'; rows: Row[] })
  | (Span & { k: 'tuple'; items: Node[] });

/** Thrown inside this module and its callers; converted to a ReadError at the edge. */
export class ReadFailure extends Error {
  constructor(
    message: string,
    public readonly start: number,
    public readonly end: number,
  ) {
    super(message);
    this.name = 'ReadFailure';
  }

  toReadError(): ReadError {
    return { ok: false, message: this.message, start: this.start, end: this.end };
  }
}

// ---------------------------------------------------------------- limits (before parsing)

/**
 * Throws a ReadFailure when `text` is longer than `maxLength` or nests brackets deeper
 * than MAX_DEPTH. One linear pass; nothing is parsed.
 */
export function checkLimits(text: string, maxLength = MAX_LENGTH): void {
  if (text.length > maxLength) {
    throw new ReadFailure(`The answer is too long (${text.length} characters; at most ${maxLength}).`, maxLength, text.length);
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */) {
      if (++depth > MAX_DEPTH) throw new ReadFailure(`Too many nested brackets (at most ${MAX_DEPTH}).`, i, i + 1);
    } else if ((c === 41 /* ) */ || c === 93) /* ] */ && depth > 0) depth--;
  }
}

// ---------------------------------------------------------------- tokens

type TokenKind = 'num' | 'name' | 'op' | '(' | ')' | '[' | ']' | ',' | ';' | 'sqrt' | 'sup' | 'end';

interface Token extends Span {
  kind: TokenKind;
  /** Names: the name ("pi" for π); ops: + - * / ^; numbers: the literal, normalised. */
  text: string;
  /** Numbers and superscript exponents: the value. */
  value: number;
  /** True when whitespace comes right before this token. */
  space: boolean;
  /** For "[": true when a comma appears directly inside it (then spaces do not separate entries). */
  comma: boolean;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const MINUS_SIGNS = '-\u2212\u2013'; // hyphen-minus, minus sign, en dash
const TIMES_SIGNS = '*×·⋅∙∗';
const DIVIDE_SIGNS = '/÷∕';
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const LETTER = /[\p{L}_]/u;

/** Messages for characters that start constructs we do not accept. */
const FORBIDDEN = new Map<string, string>(Object.entries({
  '=': 'Write only the value: “=” (equations, assignments, definitions) is not allowed.',
  '<': 'Comparisons are not allowed.',
  '>': 'Comparisons are not allowed.',
  '!': 'Factorials and comparisons (“!”) are not allowed.',
  '?': 'Conditionals (“?”) are not allowed.',
  ':': 'Ranges (“:”) are not allowed.',
  '"': 'Text in quotes is not allowed.',
  "'": 'Text in quotes is not allowed.',
  '`': 'Text in quotes is not allowed.',
  '{': 'Braces “{ }” are not allowed: write vectors and matrices with [ ].',
  '}': 'Braces “{ }” are not allowed: write vectors and matrices with [ ].',
  '.': 'A “.” must be part of a number, like 0.5.',
  '|': 'Write abs(x) for an absolute value.',
  '%': '“%” is not allowed.',
  '&': '“&” is not allowed.',
  '\\': 'Write the answer in plain text, like sqrt(2)/2, not LaTeX.',
}));

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A name character (after the first): a letter, a digit or "_", but not π. */
function isNameChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return isAsciiLetter(c) || isDigit(c);
  return ch !== 'π' && LETTER.test(ch);
}

/** The whole character (code point) at i, for messages about surrogate pairs. */
function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i)!;
  return String.fromCodePoint(cp);
}

/** "Unexpected character “@”." or, for control and format characters, their code. */
function unexpectedChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || /\p{Cf}/u.test(ch)) {
    return `Unexpected invisible character (U+${cp.toString(16).toUpperCase().padStart(4, '0')}).`;
  }
  return `Unexpected character “${ch}”.`;
}

/**
 * Splits `text` into tokens and checks that brackets pair up. Throws a ReadFailure at
 * the first character that cannot start a token or at a bracket without its partner.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const open: Token[] = [];
  let space = false;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, tokText: string, value = 0): Token => {
    const t: Token = { kind, start, end, text: tokText, value, space, comma: false };
    tokens.push(t);
    space = false;
    return t;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || (c > 127 && /\s/.test(ch))) {
      space = true;
      i++;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      let raw = m[0];
      const value = Number(raw);
      raw = raw.replace(/^\./, '0.').replace(/\.(?=[eE]|$)/, '').toLowerCase();
      push('num', i, i + m[0].length, raw, value);
      i += m[0].length;
      continue;
    }
    if (isAsciiLetter(c) || (c > 127 && ch !== 'π' && LETTER.test(charAt(text, i)))) {
      let j = i + charAt(text, i).length;
      while (j < text.length && isNameChar(charAt(text, j))) j += charAt(text, j).length;
      push('name', i, j, text.slice(i, j));
      i = j;
      continue;
    }
    if (ch === 'π') {
      push('name', i, i + 1, 'pi');
      i++;
      continue;
    }
    if (c === 40 || c === 91) {
      open.push(push(ch as '(' | '[', i, i + 1, ch));
      i++;
      continue;
    }
    if (c === 41 || c === 93) {
      const o = open.pop();
      const want = c === 41 ? '(' : '[';
      if (!o) throw new ReadFailure(`Unexpected “${ch}”: there is no “${want}” before it to close.`, i, i + 1);
      if (o.kind !== want) {
        throw new ReadFailure(`This “${ch}” does not match the “${o.kind}” it closes.`, i, i + 1);
      }
      push(ch as ')' | ']', i, i + 1, ch);
      i++;
      continue;
    }
    if (ch === ',' || ch === ';') {
      if (ch === ',' && open.length > 0) open[open.length - 1].comma = true;
      push(ch, i, i + 1, ch);
      i++;
      continue;
    }
    if (ch === '+' || MINUS_SIGNS.includes(ch)) {
      push('op', i, i + 1, ch === '+' ? '+' : '-');
      i++;
      continue;
    }
    if (TIMES_SIGNS.includes(ch)) {
      if (ch === '*' && text[i + 1] === '*') {
        push('op', i, i + 2, '^');
        i += 2;
      } else {
        push('op', i, i + 1, '*');
        i++;
      }
      continue;
    }
    if (DIVIDE_SIGNS.includes(ch)) {
      push('op', i, i + 1, '/');
      i++;
      continue;
    }
    if (ch === '^') {
      push('op', i, i + 1, '^');
      i++;
      continue;
    }
    if (ch === '√') {
      push('sqrt', i, i + 1, '√');
      i++;
      continue;
    }
    if (SUPERSCRIPT_DIGITS.includes(ch) || ch === '⁻') {
      let j = i;
      let digits = ch === '⁻' ? '-' : '';
      if (ch === '⁻') j++;
      const first = j;
      while (j < text.length && SUPERSCRIPT_DIGITS.includes(text[j])) digits += SUPERSCRIPT_DIGITS.indexOf(text[j++]);
      if (j === first) throw new ReadFailure('A superscript “⁻” must be followed by superscript digits, like x⁻¹.', i, j);
      push('sup', i, j, digits, Number(digits));
      i = j;
      continue;
    }
    const whole = charAt(text, i);
    const message = FORBIDDEN.get(ch) ?? unexpectedChar(whole);
    throw new ReadFailure(message, i, i + whole.length);
  }
  if (open.length > 0) {
    const o = open[open.length - 1];
    throw new ReadFailure(`This “${o.kind}” is never closed.`, o.start, o.end);
  }
  push('end', text.length, text.length, '');
  return tokens;
}

// ---------------------------------------------------------------- parser

const CONSTANTS = ['pi', 'e'] as const;

/** Shortens a piece of the student's text for quoting in a message. */
function quote(s: string): string {
  const t = s.trim();
  return t.length > 30 ? `…${t.slice(-30).trimStart()}` : t;
}

/** True for a token that can start an entry of a space-separated matrix row. */
function startsEntry(t: Token): boolean {
  return t.kind === 'num' || t.kind === 'name' || t.kind === '(' || t.kind === '[' || t.kind === 'sqrt' || (t.kind === 'op' && (t.text === '+' || t.text === '-'));
}

/** True for a token that starts a factor multiplied without an operator (never a number). */
function startsImplicitFactor(t: Token): boolean {
  return t.kind === 'name' || t.kind === '(' || t.kind === 'sqrt';
}


class Parser {
  private pos = 0;
  private nodes = 0;
  /** Inside "[ … ]" without commas, spaces separate entries (MATLAB style: [6 2; 2 12]). */
  private spaceSeparates = false;
  /** Nodes written in parentheses: "(10)/2x" is 10/(2x), not a coefficient (as in mathjs). */
  private readonly grouped = new WeakSet<Node>();

  private readonly tokens: Token[];

  constructor(
    private readonly text: string,
    tokens: Token[],
    private readonly vars: readonly string[],
    private readonly maxNodes: number,
  ) {
    this.tokens = this.splitNames(tokens);
  }

  parseAnswer(): Node {
    if (this.peek().kind === 'end') throw new ReadFailure('The answer is empty.', 0, this.text.length);
    const items = this.parseList();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t);
    return items.length === 1 ? items[0] : this.node({ k: 'tuple', items, start: items[0].start, end: items[items.length - 1].end });
  }

  // -------------------------------------------------------------- helpers

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private node<N extends Node>(n: N): N {
    if (++this.nodes > this.maxNodes) {
      throw new ReadFailure(`The answer is too complicated (more than ${this.maxNodes} parts).`, n.start, n.end);
    }
    return n;
  }

  private binary(op: BinaryOp, a: Node, b: Node, implicit = false): Node {
    return this.node({ k: 'bin', op, a, b, implicit, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
  }

  /** A number as written, possibly signed: 2, -2; not (2). */
  private isNumberLiteral(n: Node): boolean {
    if (this.grouped.has(n)) return false;
    return n.k === 'num' || (n.k === 'neg' && n.arg.k === 'num' && !this.grouped.has(n.arg));
  }

  /** The text before token t, quoted, for "Could not read the answer after …". */
  private before(t: Token): string {
    return quote(this.text.slice(0, t.start));
  }

  /** Throws the right message for a token that cannot come where it is. */
  private unexpected(t: Token): never {
    const prefix = this.before(t);
    const after = prefix ? `Could not read the answer after “${prefix}”` : 'Could not read the answer';
    if (t.kind === 'end') {
      const prev = this.tokens[this.pos - 1] ?? t;
      throw new ReadFailure(`${after}: something is missing here.`, prev.start, prev.end);
    }
    const shown = this.text.slice(t.start, t.end);
    if (t.kind === 'num' || t.kind === 'name' || t.kind === '(' || t.kind === '[' || t.kind === 'sqrt') {
      throw new ReadFailure(`${after}: an operator (such as * or +) is missing before “${shown}”.`, t.start, t.end);
    }
    if (t.kind === ')' || t.kind === ']' || t.kind === ',' || t.kind === ';' || t.kind === 'op' || t.kind === 'sup') {
      const prev = this.tokens[this.pos - 1];
      const missing = prev && (prev.kind === 'op' || prev.kind === '(' || prev.kind === '[' || prev.kind === ',' || prev.kind === ';' || prev.kind === 'sqrt');
      if (missing) throw new ReadFailure(`${after}: something is missing before “${shown}”.`, t.start, t.end);
    }
    throw new ReadFailure(`${after}: unexpected “${shown}”.`, t.start, t.end);
  }

  // -------------------------------------------------------------- grammar

  private parseList(): Node[] {
    const items = [this.parseSum()];
    while (this.peek().kind === ',') {
      this.next();
      items.push(this.parseSum());
    }
    return items;
  }

  private parseSum(): Node {
    let left = this.parseTerm();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return left;
      // In a space-separated matrix row, "1 -2" is two entries while "1 - 2" and "1-2" are one.
      if (this.spaceSeparates && t.space && !this.peek(1).space) return left;
      this.next();
      left = this.binary(t.text, left, this.parseTerm());
    }
  }

  private parseTerm(): Node {
    let left = this.parseProduct();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/')) return left;
      this.next();
      left = this.binary(t.text, left, this.parseProduct());
    }
  }

  /** Factors written side by side: 6x, 2 sin(x), 3(x+1), x y. */
  private parseProduct(): Node {
    let left = this.coefficient(this.parseFactor(true));
    for (;;) {
      const t = this.peek();
      if (!startsImplicitFactor(t)) return left;
      if (this.spaceSeparates && t.space) return left;
      left = this.binary('*', left, this.coefficient(this.parseFactor(false)), true);
    }
  }

  /**
   * The one exception to "implicit products bind tighter than /", as in mathjs: a
   * number divided by a number that is followed by an implicit factor is a coefficient,
   * so 1/2x is (1/2)·x and x/0.5/2x is x/((0.5/2)·x); but 1/2^2x and 1/x y are not.
   */
  private coefficient(first: Node): Node {
    let node = first;
    let last = first;
    while (this.isNumberLiteral(last) && this.peek().kind === 'op' && this.peek().text === '/' && this.peek(1).kind === 'num') {
      const after = this.peek(2);
      if (!startsImplicitFactor(after) || (this.spaceSeparates && after.space)) break;
      this.next();
      const d = this.next();
      last = this.node({ k: 'num', value: d.value, raw: d.text, start: d.start, end: d.end });
      node = this.binary('/', node, last);
    }
    return node;
  }

  /** Prefix signs and √, then a power. An implicit factor (signs = false) cannot start with a sign. */
  private parseFactor(signs: boolean): Node {
    const prefixes: Token[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'sqrt' || (t.kind === 'op' && (t.text === '+' || t.text === '-') && (signs || prefixes.length > 0))) {
        prefixes.push(this.next());
      } else break;
    }
    return this.applyPrefixes(prefixes, this.parsePower());
  }

  private applyPrefixes(prefixes: Token[], operand: Node): Node {
    let n = operand;
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const p = prefixes[i];
      if (p.kind === 'sqrt') n = this.node({ k: 'fn', fn: lookupFunction('sqrt')!, args: [n], start: p.start, end: n.end });
      else if (p.text === '-') n = this.node({ k: 'neg', arg: n, start: p.start, end: n.end });
      else n = { ...n, start: p.start };
    }
    return n;
  }

  /** a ^ b ^ c with signs and √ allowed before each exponent; right-associative, read with a loop. */
  private parsePower(): Node {
    const base = this.parsePostfix();
    const chain: { prefixes: Token[]; operand: Node }[] = [];
    while (this.peek().kind === 'op' && this.peek().text === '^') {
      this.next();
      const prefixes: Token[] = [];
      for (;;) {
        const t = this.peek();
        if (t.kind === 'sqrt' || (t.kind === 'op' && (t.text === '+' || t.text === '-'))) prefixes.push(this.next());
        else break;
      }
      chain.push({ prefixes, operand: this.parsePostfix() });
    }
    if (chain.length === 0) return base;
    let right = this.applyPrefixes(chain[chain.length - 1].prefixes, chain[chain.length - 1].operand);
    for (let i = chain.length - 2; i >= 0; i--) {
      right = this.applyPrefixes(chain[i].prefixes, this.binary('^', chain[i].operand, right));
    }
    return this.binary('^', base, right);
  }

  private parsePostfix(): Node {
    let n = this.parsePrimary();
    while (this.peek().kind === 'sup') {
      const s = this.next();
      const negative = s.text.startsWith('-');
      const digits = negative ? s.text.slice(1) : s.text;
      let e: Node = this.node({ k: 'num', value: Number(digits), raw: digits, start: s.start, end: s.end });
      if (negative) e = this.node({ k: 'neg', arg: e, start: s.start, end: s.end });
      n = this.binary('^', n, e);
    }
    return n;
  }

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.next();
        return this.node({ k: 'num', value: t.value, raw: t.text, start: t.start, end: t.end });
      case 'name':
        return this.parseName();
      case '(': {
        this.next();
        const saved = this.spaceSeparates;
        this.spaceSeparates = false;
        const items = this.parseList();
        this.spaceSeparates = saved;
        const close = this.peek();
        if (close.kind !== ')') this.unexpected(close);
        this.next();
        if (items.length > 1) return this.node({ k: 'tuple', items, start: t.start, end: close.end });
        this.grouped.add(items[0]);
        return items[0];
      }
      case '[':
        return this.parseArray();
      default:
        return this.unexpected(t);
    }
  }

  /** "[ … ]": rows separated by ";", entries by "," (or by spaces when there is no comma). */
  private parseArray(): Node {
    const open = this.next();
    const saved = this.spaceSeparates;
    this.spaceSeparates = !open.comma;
    const rows: Row[] = [];
    if (this.peek().kind === ']') {
      const close = this.next();
      this.spaceSeparates = saved;
      return this.node({ k: 'array', rows, start: open.start, end: close.end });
    }
    let items: Node[] = [];
    for (;;) {
      items.push(this.parseSum());
      const t = this.peek();
      if (t.kind === ',') {
        this.next();
      } else if (t.kind === ';' || t.kind === ']') {
        this.next();
        rows.push({ items, start: items[0].start, end: items[items.length - 1].end });
        items = [];
        if (t.kind === ']') {
          this.spaceSeparates = saved;
          return this.node({ k: 'array', rows, start: open.start, end: t.end });
        }
      } else if (this.spaceSeparates && t.space && startsEntry(t)) {
        // the next entry of a space-separated row: [6 2; 2 12], [1 -2]
      } else {
        this.unexpected(t);
      }
    }
  }

  /**
   * Replaces each run of names written together ("xy", "x1x2", "2pix" → pi, x) by one
   * token per known variable or constant, so that the grammar treats them as an
   * implicit product: "2xy^2" is 2·x·y², "e^xy" is eˣ·y. The last piece may be a
   * function when "(" follows ("xsin(y)"). Names that are known as they are, or that
   * cannot be split, are left for parseName (which reports unknown names).
   */
  private splitNames(tokens: Token[]): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const call = i + 1 < tokens.length && tokens[i + 1].kind === '(';
      const pieces = t.kind === 'name' && !this.known(t.text, call) ? this.split(t.text, call) : null;
      if (!pieces) {
        out.push(t);
        continue;
      }
      let at = t.start;
      for (const piece of pieces) {
        out.push({ ...t, text: piece, start: at, end: at + piece.length, space: at === t.start ? t.space : false });
        at += piece.length;
      }
    }
    return out;
  }

  /** True when a name means something as it is: a variable, a constant or a function. */
  private known(name: string, call: boolean): boolean {
    return this.vars.includes(name) || name === 'pi' || name === 'e' || (call && lookupFunction(name) !== undefined);
  }

  /**
   * Splits a name into known variables and constants (the longest piece first, with
   * backtracking); the last piece may be a function name when `call`. Null when no
   * split exists. Works on plain ASCII names only (piece offsets are character counts).
   */
  private split(name: string, call: boolean): string[] | null {
    if (!/^[A-Za-z0-9_]+$/.test(name) || lookupFunction(name)) return null;
    const names = [...this.vars, ...CONSTANTS].filter((n) => n.length > 0);
    const memo = new Map<number, string[] | null>();
    const go = (i: number): string[] | null => {
      if (i === name.length) return [];
      const known = memo.get(i);
      if (known !== undefined) return known;
      const rest = name.slice(i);
      let best: string[] | null = call && i > 0 && lookupFunction(rest) ? [rest] : null;
      if (!best) {
        const candidates = names.filter((n) => rest.startsWith(n)).sort((a, b) => b.length - a.length);
        for (const c of candidates) {
          const tail = go(i + c.length);
          if (tail) {
            best = [c, ...tail];
            break;
          }
        }
      }
      memo.set(i, best);
      return best;
    };
    return go(0);
  }

  /** A name: a function call, a variable, pi or e. */
  private parseName(): Node {
    const t = this.next();
    const name = t.text;
    const call = this.peek().kind === '(';
    const fn = lookupFunction(name);
    if (fn && call) return this.parseCall(fn, name, t.start);
    const index = this.vars.indexOf(name);
    if (index >= 0) return this.node({ k: 'var', name, index, start: t.start, end: t.end });
    if (name === 'pi' || name === 'e') return this.node({ k: 'const', name, start: t.start, end: t.end });
    if (fn) throw new ReadFailure(`“${name}” needs its argument in parentheses, like ${name}(x).`, t.start, t.end);
    if (call) {
      throw new ReadFailure(`Unknown function “${name}”: use ${COMMON_FUNCTIONS}.`, t.start, t.end);
    }
    const use = this.vars.length > 0 ? `use ${this.vars.join(', ')}` : 'the answer is a number (pi and e are allowed)';
    throw new ReadFailure(`Unknown name “${name}”: ${use}.`, t.start, t.end);
  }

  private parseCall(fn: MathFunction, name: string, start: number): Node {
    this.next(); // "("
    const saved = this.spaceSeparates;
    this.spaceSeparates = false;
    const args = this.parseList();
    this.spaceSeparates = saved;
    const close = this.peek();
    if (close.kind !== ')') this.unexpected(close);
    this.next();
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const want = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `${fn.minArgs} or more` : `${fn.minArgs} or ${fn.maxArgs}`;
      throw new ReadFailure(`“${name}” takes ${want} argument${want === '1' ? '' : 's'}, not ${args.length}.`, start, close.end);
    }
    return this.node({ k: 'fn', fn, args, start, end: close.end });
  }
}

/**
 * Parses a student's text into a syntax tree: a scalar expression, a "tuple" (a list
 * written with commas, with or without parentheses) or an "array" (square brackets).
 * Names resolve to `vars` (in order), pi, e and the allowed functions. Checks the
 * limits first (`limits` can raise them for trusted text, never the bracket depth).
 * Throws a ReadFailure with offsets into `text`.
 */
export function parseAnswer(text: string, vars: readonly string[], limits: Limits = {}): Node {
  checkLimits(text, limits.maxLength ?? MAX_LENGTH);
  const root = new Parser(text, tokenize(text), vars, limits.maxNodes ?? MAX_NODES).parseAnswer();
  checkNesting(root, limits.maxNesting ?? MAX_NESTING);
  return root;
}

/**
 * Throws a ReadFailure at the first node nested deeper than `max`. Sums and products
 * print flat (a + b + c), so their left operand does not count as a level; every other
 * structure does. Recursion is bounded by the node limit.
 */
function checkNesting(root: Node, max: number): void {
  const depth = (n: Node): number => {
    let d: number;
    switch (n.k) {
      case 'num':
      case 'var':
      case 'const':
        return 0;
      case 'neg':
        d = depth(n.arg) + 1;
        break;
      case 'bin':
        d = n.op === '+' || n.op === '-' || n.op === '*' ? Math.max(depth(n.a), depth(n.b) + 1) : Math.max(depth(n.a), depth(n.b)) + 1;
        break;
      case 'fn':
        d = Math.max(...n.args.map(depth)) + 1;
        break;
      case 'array':
        d = Math.max(0, ...n.rows.flatMap((r) => r.items.map(depth))) + 1;
        break;
      case 'tuple':
        d = Math.max(...n.items.map(depth)) + 1;
        break;
    }
    if (d > max) throw new ReadFailure(`The answer is nested too deeply (at most ${max} levels).`, n.start, n.end);
    return d;
  };
  depth(root);
}
