'use client';
/**
 * The forms of /teach/<course>/settings: enrolment (open enrolment, join code, a fresh
 * code), each lesson's due date and overrides, and per-student extensions.
 *
 * Dates: the instructor picks a local date and time (datetime-local, in the browser's time
 * zone); the browser turns it into an ISO time in UTC before sending, and shows saved times
 * back in its own zone with the UTC value in a tooltip. Inputs are controlled, so a field
 * the server refuses keeps what was typed, with the reason beside it.
 */
import { useState, useTransition, type FormEvent, type ReactNode } from 'react';
import { LocalTime, useHydrated } from '@/components/LocalTime';
import { deleteExtension, newJoinCode, saveEnrolment, saveLesson, saveStudentExtension } from '@/server/actions/teach-manage';
import type { CourseSettings, ExtensionRow, LessonSettings, ManageState } from '@/server/teach/settings';

const IDLE: ManageState = { status: 'idle', message: '' };

/** Fieldsets group and disable; they draw no box (and may shrink, unlike the browser default). */
const PLAIN_FIELDSET = { border: 0, padding: 0, margin: 0, minWidth: 0 } as const;

// ─── time in the browser's zone ────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a datetime-local value in the browser's zone ("2030-01-15T10:00"); '' for none. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) as an ISO time in UTC; '' stays ''. Unreadable text is sent as is, for the server to refuse. */
function fromLocalInput(local: string): string {
  if (local === '') return '';
  const d = new Date(local); // a date-time without an offset is local time
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** A saved time in the browser's zone, with the UTC value as its tooltip. */
// ─── shared bits ───────────────────────────────────────────────────────────────

function Message({ state }: { state: ManageState }) {
  if (state.status === 'idle') return null;
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'error' : 'ok'}>
      {state.message}
    </p>
  );
}

/** A labelled field with its error (if any) announced and tied to the input. */
function Field({ label, id, error, hint, children }: { label: string; id: string; error?: string; hint?: ReactNode; children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" style={{ display: 'grid', gap: '0.25rem', alignContent: 'start' }}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <span id={hintId} className="muted small">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="error small">
          {error}
        </span>
      )}
    </div>
  );
}

/** Runs a server action in a transition and keeps its answer. */
function useAction(): [ManageState, boolean, (run: () => Promise<ManageState>) => void, (s: ManageState) => void] {
  const [state, setState] = useState<ManageState>(IDLE);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ManageState>) => startTransition(async () => setState(await action()));
  return [state, pending, run, setState];
}

// ─── enrolment ─────────────────────────────────────────────────────────────────

/** Open enrolment and the join code, with a button that makes and saves a fresh code. */
export function EnrolmentSettings({ course, openEnrollment, joinCode }: { course: string; openEnrollment: boolean; joinCode: string | null }) {
  const [open, setOpen] = useState(openEnrollment);
  const [code, setCode] = useState(joinCode ?? '');
  const [state, pending, run] = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(() => saveEnrolment(course, { openEnrollment: open, joinCode: code }));
  };
  const generate = () =>
    run(async () => {
      const result = await newJoinCode(course);
      if (result.joinCode) setCode(result.joinCode);
      return result;
    });
  return (
    <form onSubmit={submit} className="inline-form" aria-label="Enrolment">
      <label className="checkbox">
        <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} /> Anyone signed in may enrol
      </label>
      <Field label="Join code" id="join-code" error={state.fieldErrors?.joinCode} hint="4–32 letters, digits or dashes; blank = no code">
        {(props) => <input {...props} type="text" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} maxLength={40} placeholder="none" />}
      </Field>
      <button type="submit" disabled={pending}>
        Save enrolment
      </button>
      <button type="button" onClick={generate} disabled={pending}>
        Generate a new code
      </button>
      <Message state={state} />
    </form>
  );
}

// ─── lessons ───────────────────────────────────────────────────────────────────

/** One lesson's due date, attempts and reveal overrides. */
export function LessonSettingsForm({ course, lesson, revealLabels }: { course: string; lesson: LessonSettings; revealLabels: Record<string, string> }) {
  const hydrated = useHydrated();
  // Remounted once the browser's time zone is known, so the date starts in local time.
  return <LessonForm key={hydrated ? 'local' : 'server'} course={course} lesson={lesson} revealLabels={revealLabels} hydrated={hydrated} />;
}

function LessonForm({ course, lesson, revealLabels, hydrated }: { course: string; lesson: LessonSettings; revealLabels: Record<string, string>; hydrated: boolean }) {
  const [due, setDue] = useState(hydrated ? toLocalInput(lesson.dueAt) : '');
  const [attempts, setAttempts] = useState(lesson.attempts === null ? '' : String(lesson.attempts));
  const [reveal, setReveal] = useState<string>(lesson.reveal ?? '');
  const [state, pending, run] = useAction();
  const errors = state.fieldErrors ?? {};
  const idBase = `lesson-${lesson.slug}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(() => saveLesson(course, { lessonId: lesson.id, dueAt: fromLocalInput(due), attempts, reveal }));
  };
  const authoredAttempts = lesson.authored.attempts.map((n) => (n === 0 ? 'unlimited' : String(n))).join(' / ') || '—';
  const authoredReveal = lesson.authored.reveal.map((r) => revealLabels[r] ?? r).join(' / ') || '—';
  return (
    <form onSubmit={submit} className="card lesson-settings" aria-label={`Settings of ${lesson.title}`} data-lesson={lesson.slug}>
      <h3>{lesson.title}</h3>
      <fieldset disabled={!hydrated || pending} className="inline-form" style={PLAIN_FIELDSET}>
        <legend className="visually-hidden">{lesson.title}</legend>
        <Field
          label="Due date"
          id={`${idBase}-due`}
          error={errors.dueAt}
          hint={lesson.dueAt ? <>Saved: <LocalTime iso={lesson.dueAt} /></> : 'No due date.'}
        >
          {(props) => (
            <span className="inline-form">
              <input {...props} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} title={due ? fromLocalInput(due) : undefined} />
              <button type="button" className="link-button" onClick={() => setDue('')} disabled={due === ''}>
                Clear
              </button>
            </span>
          )}
        </Field>
        <Field label="Attempts" id={`${idBase}-attempts`} error={errors.attempts} hint={`Blank = as authored (${authoredAttempts}); 0 = unlimited.`}>
          {(props) => <input {...props} type="text" inputMode="numeric" size={6} value={attempts} onChange={(e) => setAttempts(e.target.value)} />}
        </Field>
        <Field label="Reveal answers" id={`${idBase}-reveal`} error={errors.reveal}>
          {(props) => (
            <select {...props} value={reveal} onChange={(e) => setReveal(e.target.value)}>
              <option value="">As authored ({authoredReveal})</option>
              {Object.entries(revealLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">
          Save<span className="visually-hidden"> {lesson.title}</span>
        </button>
      </fieldset>
      <Message state={state} />
    </form>
  );
}

// ─── extensions ────────────────────────────────────────────────────────────────

/** The extensions of the course: a form to add one and the list, each changeable and removable. */
export function ExtensionsPanel({ course, settings }: { course: string; settings: Pick<CourseSettings, 'lessons' | 'students' | 'extensions'> }) {
  const hydrated = useHydrated();
  return (
    <>
      <NewExtension key={hydrated ? 'local' : 'server'} course={course} settings={settings} hydrated={hydrated} />
      {settings.extensions.length === 0 ? (
        <p className="muted">No student has an extension.</p>
      ) : (
        <div className="table-scroll">
          <table className="progress" data-testid="extensions">
            <caption className="visually-hidden">Extensions</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Lesson</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {settings.extensions.map((x) => (
                <ExtensionLine key={`${x.id}-${hydrated}`} course={course} extension={x} hydrated={hydrated} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function NewExtension({ course, settings, hydrated }: { course: string; settings: Pick<CourseSettings, 'lessons' | 'students'>; hydrated: boolean }) {
  const [userId, setUserId] = useState('');
  const [lessonId, setLessonId] = useState('');
  const [due, setDue] = useState('');
  const [state, pending, run] = useAction();
  const errors = state.fieldErrors ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(() => saveStudentExtension(course, { userId, lessonId, dueAt: fromLocalInput(due) }));
  };
  return (
    <form onSubmit={submit} aria-label="New extension">
      <fieldset disabled={!hydrated || pending} className="inline-form" style={PLAIN_FIELDSET}>
        <legend className="visually-hidden">New extension</legend>
        <Field label="Student" id="ext-student" error={errors.userId}>
          {(props) => (
            <select {...props} value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">Choose a student</option>
              {settings.students.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name ? `${s.name} (${s.email})` : s.email}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Lesson" id="ext-lesson" error={errors.lessonId}>
          {(props) => (
            <select {...props} value={lessonId} onChange={(e) => setLessonId(e.target.value)}>
              <option value="">Choose a lesson</option>
              {settings.lessons.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="New due date" id="ext-due" error={errors.dueAt}>
          {(props) => <input {...props} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />}
        </Field>
        <button type="submit">Add extension</button>
      </fieldset>
      <Message state={state} />
    </form>
  );
}

function ExtensionLine({ course, extension: x, hydrated }: { course: string; extension: ExtensionRow; hydrated: boolean }) {
  const [due, setDue] = useState(hydrated ? toLocalInput(x.dueAt) : '');
  const [state, pending, run] = useAction();
  const who = x.name ? `${x.name} (${x.email})` : x.email;
  return (
    <tr data-extension={x.id}>
      <th scope="row" style={{ fontWeight: 'normal', textAlign: 'left' }}>
        {x.name || x.email}
        {x.name && (
          <>
            <br />
            <span className="muted small user-email">{x.email}</span>
          </>
        )}
      </th>
      <td>{x.lessonTitle}</td>
      <td>
        <LocalTime iso={x.dueAt} />
        <form
          className="inline-form"
          aria-label={`Extension of ${who} for ${x.lessonTitle}`}
          onSubmit={(e) => {
            e.preventDefault();
            run(() => saveStudentExtension(course, { userId: x.userId, lessonId: x.lessonId, dueAt: fromLocalInput(due) }));
          }}
        >
          <input type="datetime-local" aria-label={`New due date for ${who}`} value={due} onChange={(e) => setDue(e.target.value)} disabled={!hydrated || pending} />
          <button type="submit" disabled={!hydrated || pending}>
            Change
          </button>
          <button type="button" disabled={pending} onClick={() => run(() => deleteExtension(course, x.id))}>
            Remove
          </button>
          <Message state={state} />
        </form>
      </td>
    </tr>
  );
}
