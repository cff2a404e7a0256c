'use client';
/**
 * The answer input of an exercise card: a text box with a live KaTeX preview of how the text
 * was read, and for vector and matrix answers a grid of cells (Tab, or the arrow keys at
 * the edge of a cell, move between cells). The reader (lib/answers) and KaTeX are loaded
 * only when the student first focuses or types, so they are not in the page's initial
 * JavaScript. The preview is a courtesy: the server reads and grades the answer again.
 */
import { useEffect, useRef, useState } from 'react';
import type { AnswerForm, GradeView } from '@/server/wire';
import { shapeHint } from '@/lib/answers/hint';
import type { ValueShape } from '@/lib/answers/shaped';

/** The form of a one-part answer (every shape but `parts`). */
type ValueForm = AnswerForm & { shape: ValueShape };
import { cellsToText, textToCells } from './answer-text';
import { blank, clearLocal, DraftSync, readLocal, startingDraft, writeLocal, type DraftNote, type DraftTarget } from './draft-sync';

type PreviewTools = {
  previewTex: typeof import('@/lib/answers').previewTex;
  readShaped: typeof import('@/lib/answers').readShaped;
  katex: typeof import('katex').default;
};

let tools: Promise<PreviewTools> | null = null;

/** Loads the reader and KaTeX once per page (dynamic imports: their own chunks). */
function loadPreviewTools(): Promise<PreviewTools> {
  tools ??= Promise.all([import('@/lib/answers'), import('katex')]).then(([answers, katex]) => ({
    previewTex: answers.previewTex,
    readShaped: answers.readShaped,
    katex: katex.default,
  }));
  tools.catch(() => (tools = null)); // a failed chunk load may be retried on the next keystroke
  return tools;
}

/** Characters of context kept on each side of a mark, and of a long mark itself, in an excerpt. */
const CONTEXT = 40;

/**
 * The text with the part [start, end) marked (an empty span is marked as one blank). A long
 * text shows only the neighbourhood of the mark, with "…" where it is cut.
 */
export function MarkedText({ text, start, end }: { text: string; start: number; end: number }) {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  const from = Math.max(0, s - CONTEXT);
  const markEnd = Math.min(e, s + CONTEXT);
  const to = Math.min(text.length, markEnd + CONTEXT);
  return (
    <code className="marked-text">
      {from > 0 && '…'}
      {text.slice(from, s)}
      <mark>{e > s ? text.slice(s, markEnd) + (markEnd < e ? '…' : '') : '\u00a0'}</mark>
      {text.slice(Math.max(markEnd, e), to)}
      {to < text.length && '…'}
    </code>
  );
}

/** The text an unreadable answer failed in, marked where: the part's own text for an answer in several parts. */
export function UnreadableText({ text, error }: { text: string; error: { start: number; end: number; part?: string } }) {
  const shown = error.part === undefined ? text : (partTextsOf(text)[error.part] ?? '');
  return <MarkedText text={shown} start={error.start} end={error.end} />;
}

/**
 * How the reader understood `text`: its KaTeX — or, read in the shape the exercise expects
 * exactly as the server will read it, where and why it cannot be read and what is expected.
 */
function Preview({ text, form, tools }: { text: string; form: AnswerForm; tools: PreviewTools | null }) {
  if (!tools || text.trim() === '' || form.shape === 'label' || form.shape === 'parts') return null;
  const shaped = tools.readShaped(text, { ...(form as ValueForm), labels: {} });
  const read = shaped.ok ? tools.previewTex(text, form.vars) : shaped;
  if (!read.ok) {
    return (
      <p className="preview preview-error" data-testid="preview">
        Cannot read this yet: {read.message} <MarkedText text={text} start={read.start} end={read.end} />{' '}
        <span className="muted">Expected: {shapeHint(form as ValueForm)}</span>
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
 * One answer field: a text input with a live preview, and for vector and matrix answers a grid
 * of cells. `wrong` marks cells of the last graded answer that were not right (0-based [i] or
 * [i, j]) while the text is unchanged.
 */
function AnswerField({
  inputId,
  label,
  modeLabel,
  form,
  text,
  disabled,
  wrong: wrongEntries,
  onChange,
}: {
  inputId: string;
  label: string;
  /** The name of the text/grid switch (it must not contain the label, which names the input). */
  modeLabel: string;
  form: AnswerForm;
  text: string;
  disabled: boolean;
  wrong: number[][];
  onChange: (text: string) => void;
}) {
  const size = gridSize(form);
  const [mode, setMode] = useState<'text' | 'grid'>('text');
  const [cells, setCells] = useState<string[][]>(() => (size ? emptyCells(size[0], size[1]) : []));
  const [previewTools, setPreviewTools] = useState<PreviewTools | null>(null);

  const wantTools = () => {
    if (!previewTools) loadPreviewTools().then(setPreviewTools, () => {});
  };
  // A text written from outside (a figure answer) shows in the grid too.
  const [seenText, setSeenText] = useState(text);
  if (text !== seenText) {
    setSeenText(text);
    const next = mode === 'grid' && size && cellsToText(cells, size[1] === 1 && form.size.length === 1) !== text ? textToCells(text, size[0], size[1]) : null;
    if (next) setCells(next);
  }
  const switchTo = (next: 'text' | 'grid') => {
    if (next === mode || !size) return;
    if (next === 'grid') setCells(textToCells(text, size[0], size[1]) ?? emptyCells(size[0], size[1]));
    setMode(next);
  };
  const updateCells = (next: string[][]) => {
    setCells(next);
    onChange(cellsToText(next, size![1] === 1 && form.size.length === 1));
  };
  const wrong = new Set(wrongEntries.map((e) => (e.length === 1 ? `${e[0]},0` : `${e[0]},${e[1]}`)));
  return (
    <div className="answer-field">
      <div className="answer-row">
        {mode === 'grid' && size ? <span id={`${inputId}-label`}>{label}</span> : <label htmlFor={inputId}>{label}</label>}
        {size && (
          <span className="mode-switch" role="group" aria-label={modeLabel}>
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
            onChange(event.target.value);
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
        {form.shape === 'parts' ? null : form.multiple ? `Every option that applies, separated by commas: ${form.labels.join(', ')}.` : shapeHint(form as ValueForm)}
        {form.accuracy ? (
          <>
            {' '}
            <span data-testid="accuracy">{form.accuracy}</span>
          </>
        ) : null}
      </p>
      <Preview text={text} form={form} tools={previewTools} />
    </div>
  );
}

/** The letters picked in a choice's answer text ("A, C"), in the order the options are shown. */
function pickedLetters(text: string, labels: string[]): string[] {
  const words = new Set(text.split(/[\s,;]+/).map((w) => w.toUpperCase()));
  return labels.filter((l) => words.has(l));
}

/**
 * A choice's answer: its options as radio buttons (one right) or checkboxes (several), each
 * labelled with its letter and the author's text (HTML the server rendered from the author's
 * Markdown and $…$, never student text). The answer it gives is the letters, as typed answers
 * are read: "B", or "A, C".
 */
function ChoiceField({
  inputId,
  label,
  form,
  text,
  disabled,
  onChange,
}: {
  inputId: string;
  label: string;
  form: AnswerForm & { options: NonNullable<AnswerForm['options']> };
  text: string;
  disabled: boolean;
  onChange: (text: string) => void;
}) {
  const labels = form.options.map((o) => o.label);
  const picked = pickedLetters(text, labels);
  const multiple = form.multiple === true;
  const toggle = (letter: string, on: boolean) => {
    if (!multiple) return onChange(letter);
    onChange(labels.filter((l) => (l === letter ? on : picked.includes(l))).join(', '));
  };
  return (
    <fieldset className="choice-field" id={inputId} aria-describedby={`${inputId}-hint`}>
      <legend>{label}</legend>
      {form.options.map((o) => (
        <label key={o.label} className="choice-option">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={inputId}
            value={o.label}
            checked={picked.includes(o.label)}
            disabled={disabled}
            onChange={(event) => toggle(o.label, event.target.checked)}
          />
          <span className="choice-letter" aria-hidden="true">
            {o.label}.
          </span>
          {o.html !== undefined ? <span className="choice-text" dangerouslySetInnerHTML={{ __html: o.html }} /> : <span className="choice-text">{o.text}</span>}
        </label>
      ))}
      <p id={`${inputId}-hint`} className="muted small">
        {multiple ? 'Pick every option that applies.' : 'Pick one option.'}
      </p>
    </fieldset>
  );
}

/** The text of each part of an answer in several parts, from the answer's JSON text ({} when it is not one). */
export function partTextsOf(answerText: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(answerText);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** The cells to mark after a graded answer `text`: its wrong entries, by part id ("" for a one-part answer). */
export function wrongEntriesOf(text: string, grade: Pick<GradeView, 'entries' | 'parts'>): { text: string; entries: Record<string, number[][]> } {
  const wrong = (entries: GradeView['entries']) => (entries ?? []).filter((e) => !e.correct).map((e) => e.index);
  const entries = grade.parts ? Object.fromEntries(grade.parts.map((p) => [p.id, wrong(p.entries)])) : { '': wrong(grade.entries) };
  return { text, entries };
}

/**
 * The answer box: one field, or one per part for an answer in several parts (sent as one
 * JSON object of texts by part id); the parts of an algorithm trace sit in a table, one row per
 * iteration. `wrongEntries` marks the cells of the last graded answer (its text, and its wrong
 * entries by part id; "" for a one-part answer) while it is unchanged. With `draft`, an answer
 * in parts is kept as it is typed, on the server and in this browser (components/draft-sync.ts),
 * and comes back on the next visit on any device.
 */
export function AnswerBox({
  exerciseId,
  form,
  disabled,
  busy,
  wrongEntries,
  onSubmit,
  draft,
  onTexts,
  pushed,
}: {
  exerciseId: string;
  form: AnswerForm;
  disabled: boolean;
  busy: boolean;
  wrongEntries: { text: string; entries: Record<string, number[][]> } | null;
  onSubmit: (text: string) => void;
  /** Where this student's draft is kept: the browser's key, the server's copy, and where to send it. */
  draft?: { key: string; server: { text: string } | null | undefined; target: DraftTarget };
  /** Told the texts by part id whenever they change (the trace's figure draws the student's path). */
  onTexts?: (texts: Record<string, string>) => void;
  /** A text written from outside into a one-part answer (a figure answer's moves); each new object is applied once. */
  pushed?: { text: string } | null;
}) {
  const parts = form.shape === 'parts' ? (form.parts ?? []) : null;
  const keep = parts !== null && draft !== undefined;
  const draftKey = keep ? draft.key : undefined;
  // The box mounts only in the browser (after the student's state has loaded), so the draft
  // can be read at once; the figure is told about it after mount.
  const [start] = useState(() => (keep ? startingDraft(readLocal(draft.key), draft.server) : { texts: {}, push: false }));
  const [texts, setTexts] = useState<Record<string, string>>(start.texts);
  const [draftNote, setDraftNote] = useState<DraftNote | null>(() => (blank(start.texts) ? null : { kind: 'restored', text: 'Your draft was restored.' }));
  const sync = useRef<DraftSync | null>(null);
  const course = draft?.target.course;
  const exercise = draft?.target.exercise;
  const sitting = draft?.target.sitting;
  useEffect(() => {
    if (!keep || !draftKey || !course || !exercise) return;
    const s = new DraftSync({ course, exercise, ...(sitting ? { sitting } : {}) }, draftKey, setDraftNote);
    sync.current = s;
    return () => {
      s.dispose();
      if (sync.current === s) sync.current = null;
    };
  }, [keep, draftKey, course, exercise, sitting]);
  useEffect(() => {
    // Once, for the draft the box starts from: this browser's copy that the server does not
    // have yet is sent; the server's copy is kept here too; none, and this browser forgets its own.
    if (draftKey) {
      if (blank(start.texts)) clearLocal(draftKey);
      else if (start.push) sync.current?.change(start.texts);
      else writeLocal(draftKey, { texts: start.texts, pending: false });
    }
    if (!blank(start.texts)) onTexts?.(start.texts);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // A figure's move replaces the text (once per pushed object); the figure already knows it.
  const [applied, setApplied] = useState(pushed);
  if (pushed !== applied) {
    setApplied(pushed);
    if (pushed && !parts) setTexts({ ...texts, '': pushed.text });
  }
  const change = (id: string, t: string) => {
    const next = { ...texts, [id]: t };
    setTexts(next);
    sync.current?.change(next);
    onTexts?.(next);
  };
  const answer = parts ? JSON.stringify(Object.fromEntries(parts.map((p) => [p.id, texts[p.id] ?? '']))) : (texts[''] ?? '');
  const empty = parts ? parts.every((p) => (texts[p.id] ?? '').trim() === '') : answer.trim() === '';
  const unchanged = wrongEntries !== null && wrongEntries.text === answer;
  const field = (id: string, label: string, f: AnswerForm, n?: number) =>
    f.options ? (
      <ChoiceField
        key={id}
        inputId={id ? `answer-${exerciseId}-${id}` : `answer-${exerciseId}`}
        label={label}
        form={f as AnswerForm & { options: NonNullable<AnswerForm['options']> }}
        text={texts[id] ?? ''}
        disabled={disabled}
        onChange={(t) => change(id, t)}
      />
    ) : (
      <AnswerField
        key={id}
        inputId={id ? `answer-${exerciseId}-${id}` : `answer-${exerciseId}`}
        label={label}
        modeLabel={n === undefined ? 'Answer input' : `Answer input, part ${n}`}
        form={f}
        text={texts[id] ?? ''}
        disabled={disabled}
        wrong={unchanged ? (wrongEntries.entries[id] ?? []) : []}
        onChange={(t) => change(id, t)}
      />
    );
  const table = parts && form.table;
  return (
    <form
      className="answer-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (disabled || busy || empty) return;
        // The draft waiting to be sent goes first: the stored answer then removes it on the server.
        const waiting = sync.current?.settle() ?? Promise.resolve();
        void waiting.then(() => onSubmit(answer));
      }}
    >
      {table ? (
        <TraceTableBox table={table} parts={parts} field={field} />
      ) : parts ? (
        <fieldset className="answer-parts">
          <legend>Your answers</legend>
          {parts.map((p, i) => field(p.id, p.label, p.form, i + 1))}
        </fieldset>
      ) : (
        field('', 'Your answer', form)
      )}
      <button type="submit" disabled={disabled || busy || empty}>
        {busy ? 'Checking…' : parts ? 'Submit answers' : 'Submit answer'}
      </button>
      {keep && draftNote && (
        <span className={draftNote.kind === 'retrying' || draftNote.kind === 'failed' ? 'error small' : 'muted small'} data-testid="draft-note" data-kind={draftNote.kind} role="status">
          {' '}
          {draftNote.text}
        </span>
      )}
    </form>
  );
}

/**
 * A trace's parts as a table: one row per iteration, one column per quantity; a given cell
 * (x₀, H₀) shows "given". Each cell is the usual answer field (text, or the grid for vectors
 * and matrices), labelled with its row and column for screen readers.
 */
function TraceTableBox({
  table,
  parts,
  field,
}: {
  table: NonNullable<AnswerForm['table']>;
  parts: NonNullable<AnswerForm['parts']>;
  field: (id: string, label: string, f: AnswerForm, n?: number) => React.ReactNode;
}) {
  const byId = new Map(parts.map((p, i) => [p.id, { ...p, n: i + 1 }]));
  return (
    <div className="trace-table-wrap">
      <table className="trace-table" data-testid="trace-table">
        <caption className="muted small">Your trace: one row per iteration. Each row is checked from your own previous rows.</caption>
        <thead>
          <tr>
            <th scope="col">k</th>
            {table.columns.map((c) => (
              <th key={c.id} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, k) => (
            <tr key={row} data-row={k + 1}>
              <th scope="row">{k}</th>
              {table.cells[k].map((id, j) => {
                const p = id ? byId.get(id) : undefined;
                return <td key={table.columns[j].id}>{p ? field(p.id, p.label, p.form, p.n) : <span className="muted">given</span>}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
