'use client';
/**
 * The editor's new-exercise form: choose a kind (every kind of the registry, with the props
 * its spec reads), fill in the props, and get the `<Exercise … />` tag; try it in the
 * sandbox at any seed (question, reference answer, steps, each mistake's wrong answer, and
 * the grade of a test answer, exactly as a student's would be graded) before inserting it.
 */
import { useState, useTransition } from 'react';
import { trySandbox } from '@/server/actions/teach-content';
import type { KindChoice } from '@/server/teach/editor';
import type { SandboxOutcome } from '@/server/teach/preview';
import { PreviewVariant } from './PreviewVariant';

/** A prop value as MDX: text props as strings, the rest as literals (numbers, lists, objects). */
export function propText(name: string, raw: string, text: boolean): { ok: true; text: string } | { ok: false; message: string } {
  const value = raw.trim();
  if (text) return { ok: true, text: /["{}<>\\]/.test(value) ? `${name}={${JSON.stringify(value)}}` : `${name}="${value}"` };
  try {
    return { ok: true, text: `${name}={${JSON.stringify(JSON.parse(value))}}` };
  } catch {
    return { ok: false, message: `${name}: write a number, a list such as [1, 2] or an object in JSON, e.g. {"min": 1, "max": 3}` };
  }
}

/** The tag the form's values make, or the first problem. */
export function exerciseTag(id: string, kind: KindChoice, values: Record<string, string>, extra: { title?: string; params?: string }): { ok: true; tag: string } | { ok: false; message: string } {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return { ok: false, message: 'id: kebab-case, unique in the course, e.g. "newton-step-1"' };
  const parts = [`id="${id}"`, `kind="${kind.kind}"`];
  if (extra.title?.trim()) {
    const t = propText('title', extra.title, true);
    if (t.ok) parts.push(t.text);
  }
  for (const p of kind.props) {
    const raw = values[p.name] ?? '';
    if (raw.trim() === '') {
      if (!p.optional) return { ok: false, message: `${p.name}: required by ${kind.kind}` };
      continue;
    }
    const t = propText(p.name, raw, p.text);
    if (!t.ok) return t;
    parts.push(t.text);
  }
  if (extra.params?.trim()) {
    const t = propText('params', extra.params, false);
    if (!t.ok) return t;
    parts.push(t.text);
  }
  return { ok: true, tag: `<Exercise ${parts.join(' ')} />` };
}

export function ExerciseForm({ course, kinds, onInsert }: { course: string; kinds: KindChoice[]; onInsert: (tag: string) => void }) {
  const [kindName, setKindName] = useState(kinds[0]?.kind ?? '');
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [params, setParams] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [seed, setSeed] = useState(0);
  const [answer, setAnswer] = useState('');
  const [result, setResult] = useState<SandboxOutcome | { status: 'error'; message: string } | null>(null);
  const [pending, start] = useTransition();
  const kind = kinds.find((k) => k.kind === kindName);
  const made = kind ? exerciseTag(id, kind, values, { title, params }) : { ok: false as const, message: 'choose a kind' };
  const tryIt = (withAnswer: boolean) =>
    made.ok && start(async () => setResult(await trySandbox({ course, tag: made.tag, seed, answer: withAnswer ? answer : null })));

  return (
    <details className="card exercise-form">
      <summary>New exercise</summary>
      <div className="form-grid">
        <label>
          Kind
          <select value={kindName} onChange={(e) => setKindName(e.target.value)}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.kind} — {k.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Id
          <input value={id} onChange={(e) => setId(e.target.value)} placeholder="hessian-at-point" />
        </label>
        <label>
          Title (optional)
          <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        {kind?.props.map((p) => (
          <label key={`${kind.kind}.${p.name}`}>
            {p.name}
            {p.optional ? ' (optional)' : ''}
            <input
              value={values[p.name] ?? ''}
              onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
              placeholder={p.text ? 'text, e.g. x^2 + 3*x*y' : 'JSON, e.g. [1, 2]'}
            />
          </label>
        ))}
        <label>
          params (optional)
          <input value={params} onChange={(e) => setParams(e.target.value)} placeholder='{"a": {"min": 1, "max": 5}}' />
        </label>
      </div>
      <p>
        <code data-testid="exercise-tag">{made.ok ? made.tag : ''}</code>
      </p>
      {!made.ok && (id || Object.keys(values).length > 0) && <p className="error">{made.message}</p>}
      <div className="inline-form">
        <button type="button" disabled={!made.ok} onClick={() => made.ok && onInsert(made.tag)}>
          Insert into lesson
        </button>
        <label>
          Seed
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.trunc(Number(e.target.value) || 0)))} style={{ width: '9rem' }} />
        </label>
        <button type="button" disabled={!made.ok || pending} onClick={() => tryIt(false)}>
          Try in sandbox
        </button>
      </div>
      <div data-testid="sandbox" aria-live="polite">
        {result?.status === 'error' && <p className="error">{result.message}</p>}
        {result?.status === 'unavailable' && <p className="error">{result.message}</p>}
        {result?.status === 'ok' && (
          <>
            <PreviewVariant variant={result.variant} />
            <h3>Recognised mistakes</h3>
            {result.mistakes.length === 0 ? (
              <p className="muted">None applies to this variant.</p>
            ) : (
              <ul>
                {result.mistakes.map((m) => (
                  <li key={m.id}>
                    <code>{m.answerText}</code> — {m.message}
                  </li>
                ))}
              </ul>
            )}
            <div className="inline-form">
              <label>
                Test answer
                <input value={answer} onChange={(e) => setAnswer(e.target.value)} />
              </label>
              <button type="button" disabled={pending} onClick={() => tryIt(true)}>
                Grade
              </button>
            </div>
            {result.tried?.status === 'graded' && (
              <p data-testid="sandbox-grade">
                {result.tried.correct ? 'Correct' : 'Not correct'} — score {Math.round(result.tried.score * 100)}%. {result.tried.feedback.join(' ')}
              </p>
            )}
            {result.tried?.status === 'unreadable' && <p className="error">Could not read the answer: {result.tried.error.message}</p>}
          </>
        )}
      </div>
    </details>
  );
}
