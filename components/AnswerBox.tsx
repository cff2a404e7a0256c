'use client';
/**
 * The answer input of an exercise card: a text box with a live KaTeX preview of how the text
 * was read, and for vector and matrix answers a grid of cells (Tab, or the arrow keys at
 * the edge of a cell, move between cells). The reader (lib/answers) and KaTeX are loaded
 * only when the student first focuses or types, so they are not in the page's initial
 * JavaScript. The preview is a courtesy: the server reads and grades the answer again.
 */
import { useRef, useState } from 'react';
import type { AnswerForm } from '@/server/attempts';
import { cellsToText, textToCells } from './answer-text';

type PreviewTools = {
  previewTex: typeof import('@/lib/answers').previewTex;
  katex: typeof import('katex').default;
};

let tools: Promise<PreviewTools> | null = null;

/** Loads the reader and KaTeX once per page (dynamic imports: their own chunks). */
function loadPreviewTools(): Promise<PreviewTools> {
  tools ??= Promise.all([import('@/lib/answers'), import('katex')]).then(([answers, katex]) => ({
    previewTex: answers.previewTex,
    katex: katex.default,
  }));
  tools.catch(() => (tools = null)); // a failed chunk load may be retried on the next keystroke
  return tools;
}

/** The text with the part [start, end) marked (an empty span is marked as one blank). */
export function MarkedText({ text, start, end }: { text: string; start: number; end: number }) {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return (
    <code className="marked-text">
      {text.slice(0, s)}
      <mark>{e > s ? text.slice(s, e) : '\u00a0'}</mark>
      {text.slice(e)}
    </code>
  );
}

/** How the reader understood `text`: its KaTeX, or where it could not be read. */
function Preview({ text, form, tools }: { text: string; form: AnswerForm; tools: PreviewTools | null }) {
  if (!tools || text.trim() === '' || form.shape === 'label') return null;
  const read = tools.previewTex(text, form.vars);
  if (!read.ok) {
    return (
      <p className="preview preview-error" data-testid="preview">
        Cannot read this yet: {read.message} <MarkedText text={text} start={read.start} end={read.end} />
      </p>
    );
  }
  const html = tools.katex.renderToString(read.value, { throwOnError: false, displayMode: false, output: 'html' });
  return (
    <p className="preview" data-testid="preview">
      Read as: <span dangerouslySetInnerHTML={{ __html: html }} />
    </p>
  );
}

/** Rows × columns of the grid for a vector (one column) or matrix answer; null for other shapes. */
function gridSize(form: AnswerForm): [number, number] | null {
  if (form.size.length === 1) return [form.size[0], 1];
  if (form.size.length === 2) return [form.size[0], form.size[1]];
  return null;
}

function emptyCells(rows: number, cols: number): string[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => ''));
}

/** A grid of cells; the arrow keys move between cells when the caret is at a cell's edge. */
function AnswerGrid({
  rows,
  cols,
  cells,
  wrong,
  disabled,
  onChange,
  onFocus,
}: {
  rows: number;
  cols: number;
  cells: string[][];
  wrong: Set<string>;
  disabled: boolean;
  onChange: (cells: string[][]) => void;
  onFocus: () => void;
}) {
  const refs = useRef<(HTMLInputElement | null)[]>([]);
  const focusCell = (i: number, j: number) => {
    if (i < 0 || j < 0 || i >= rows || j >= cols) return false;
    const el = refs.current[i * cols + j];
    el?.focus();
    el?.select();
    return true;
  };
  const onKeyDown = (i: number, j: number) => (event: React.KeyboardEvent<HTMLInputElement>) => {
    const el = event.currentTarget;
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
    const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
    let moved = false;
    if (event.key === 'ArrowUp') moved = focusCell(i - 1, j);
    else if (event.key === 'ArrowDown') moved = focusCell(i + 1, j);
    else if (event.key === 'ArrowLeft' && atStart) moved = focusCell(i, j - 1) || focusCell(i - 1, cols - 1);
    else if (event.key === 'ArrowRight' && atEnd) moved = focusCell(i, j + 1) || focusCell(i + 1, 0);
    if (moved) event.preventDefault();
  };
  const isVector = cols === 1;
  return (
    <div className="answer-grid" role="group" aria-label={isVector ? 'Vector entries' : 'Matrix entries'} style={{ gridTemplateColumns: `repeat(${cols}, minmax(3.5rem, 7rem))` }}>
      {cells.map((row, i) =>
        row.map((value, j) => (
          <input
            key={`${i}-${j}`}
            ref={(el) => {
              refs.current[i * cols + j] = el;
            }}
            type="text"
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            disabled={disabled}
            className={wrong.has(`${i},${j}`) ? 'cell cell-wrong' : 'cell'}
            aria-label={isVector ? `Entry ${i + 1}` : `Row ${i + 1}, column ${j + 1}`}
            aria-invalid={wrong.has(`${i},${j}`) || undefined}
            value={value}
            onFocus={onFocus}
            onKeyDown={onKeyDown(i, j)}
            onChange={(event) => onChange(cells.map((r, a) => r.map((c, b) => (a === i && b === j ? event.target.value : c))))}
          />
        )),
      )}
    </div>
  );
}

/**
 * The answer box. `wrongEntries` (0-based [i] or [i, j]) marks cells of the last graded
 * answer that were not right, while the student has not changed it.
 */
export function AnswerBox({
  exerciseId,
  form,
  disabled,
  busy,
  wrongEntries,
  onSubmit,
}: {
  exerciseId: string;
  form: AnswerForm;
  disabled: boolean;
  busy: boolean;
  wrongEntries: { text: string; entries: number[][] } | null;
  onSubmit: (text: string) => void;
}) {
  const size = gridSize(form);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'text' | 'grid'>('text');
  const [cells, setCells] = useState<string[][]>(() => (size ? emptyCells(size[0], size[1]) : []));
  const [previewTools, setPreviewTools] = useState<PreviewTools | null>(null);

  const wantTools = () => {
    if (!previewTools) loadPreviewTools().then(setPreviewTools, () => {});
  };
  const switchTo = (next: 'text' | 'grid') => {
    if (next === mode || !size) return;
    if (next === 'grid') setCells(textToCells(text, size[0], size[1]) ?? emptyCells(size[0], size[1]));
    setMode(next);
  };
  const updateCells = (next: string[][]) => {
    setCells(next);
    setText(cellsToText(next, size![1] === 1 && form.size.length === 1));
  };
  const wrong = new Set(
    wrongEntries && wrongEntries.text === text ? wrongEntries.entries.map((e) => (e.length === 1 ? `${e[0]},0` : `${e[0]},${e[1]}`)) : [],
  );
  const inputId = `answer-${exerciseId}`;
  const labelHint =
    form.shape === 'label'
      ? `One of: ${form.labels.join(', ')}.`
      : form.shape === 'matrix' || form.shape === 'expression-matrix'
        ? 'A matrix row by row, e.g. [6, 2; 2, 12].'
        : form.shape === 'vector' || form.shape === 'expression-vector'
          ? 'A vector, e.g. [1, -2].'
          : form.shape === 'integer'
            ? 'A whole number.'
            : 'A number, e.g. 3/4 or sqrt(2).';

  return (
    <form
      className="answer-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled && !busy && text.trim() !== '') onSubmit(text);
      }}
    >
      <div className="answer-row">
        {mode === 'grid' && size ? <span id={`${inputId}-label`}>Your answer</span> : <label htmlFor={inputId}>Your answer</label>}
        {size && (
          <span className="mode-switch" role="group" aria-label="Answer input">
            <button type="button" className="link-button" aria-pressed={mode === 'text'} onClick={() => switchTo('text')}>
              Text
            </button>
            <button type="button" className="link-button" aria-pressed={mode === 'grid'} onClick={() => switchTo('grid')}>
              Grid
            </button>
          </span>
        )}
      </div>
      {mode === 'grid' && size ? (
        <AnswerGrid rows={size[0]} cols={size[1]} cells={cells} wrong={wrong} disabled={disabled} onChange={updateCells} onFocus={wantTools} />
      ) : (
        <input
          id={inputId}
          type="text"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          disabled={disabled}
          value={text}
          list={form.shape === 'label' ? `${inputId}-labels` : undefined}
          aria-describedby={`${inputId}-hint`}
          onFocus={wantTools}
          onChange={(event) => {
            wantTools();
            setText(event.target.value);
          }}
        />
      )}
      {form.shape === 'label' && (
        <datalist id={`${inputId}-labels`}>
          {form.labels.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      )}
      <p id={`${inputId}-hint`} className="muted small">
        {labelHint}
      </p>
      <Preview text={text} form={form} tools={previewTools} />
      <button type="submit" disabled={disabled || busy || text.trim() === ''}>
        {busy ? 'Checking…' : 'Submit answer'}
      </button>
    </form>
  );
}
