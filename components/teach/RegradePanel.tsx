'use client';
/**
 * The regrade page's live parts: pick an exercise (or the whole course) and a reason,
 * preview what a regrade would change, apply it; and the past runs, each opening onto the
 * changes it recorded (loaded when opened). Student answers are shown as text only.
 */
import { useState, useTransition, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { applyRegrade, loadRunChanges, previewRegrade, type RegradeResponse } from '@/server/actions/teach-manage';
import type { RegradeChange, RegradeExercise, RegradeFailure, RunSummary } from '@/server/teach/regrade';
import type { ResultSummary } from '@/server/wire';
import type { ManageState } from '@/server/teach/settings';
import { formatPercent } from '@/lib/format';
import { LocalTime } from '@/components/LocalTime';

type Report = Extract<RegradeResponse, { status: 'done' }>['report'];

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function result(r: ResultSummary): string {
  return `${formatPercent(r.score)} ${r.verdict}`;
}

function diagnosis(r: ResultSummary): string {
  return r.diagnosis ?? '—';
}

/** A check's outcome in the changes table: "right", "wrong", or "not checked". */
function outcome(passed: boolean | null): string {
  return passed === null ? 'not checked' : passed ? 'right' : 'wrong';
}

/** The checks of the grade's trail that changed, one line each ("entry (2, 2): wrong → right"). */
function CheckChanges({ checks }: { checks: RegradeChange['checks'] }) {
  const shown = checks.filter((c) => !c.name.startsWith('mistake:'));
  if (shown.length === 0) return null;
  return (
    <ul className="muted small" data-testid="check-changes" style={{ margin: '0.25rem 0 0', paddingLeft: '1rem' }}>
      {shown.map((c) => (
        <li key={c.name}>
          {c.name}: {outcome(c.old)} → {outcome(c.new)}
        </li>
      ))}
    </ul>
  );
}

/** Old → new results of changed attempts, as a table. */
export function ChangesTable({ changes, caption }: { changes: RegradeChange[]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="progress regrade-changes" data-testid="regrade-changes">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Answer</th>
            <th scope="col">Score</th>
            <th scope="col">Diagnosis</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.attemptId} data-attempt={c.attemptId}>
              <th scope="row" style={{ fontWeight: 'normal', textAlign: 'left' }}>
                {c.student.name || c.student.email}
                <br />
                <span className="muted small user-email">
                  {c.student.name ? `${c.student.email} · ` : ''}
                  <code>{c.exerciseKey}</code> · <LocalTime iso={c.attemptedAt} short />
                </span>
              </th>
              <td>
                <code style={{ whiteSpace: 'pre-wrap' }}>{c.answerText}</code>
              </td>
              <td>
                <span data-testid="score-change">{c.scoreChanged ? `${result(c.old)} → ${result(c.new)}` : `${result(c.new)} (unchanged)`}</span>
                <CheckChanges checks={c.checks} />
              </td>
              <td title={`${c.old.diagnosisId ?? 'none'} → ${c.new.diagnosisId ?? 'none'}`}>
                {diagnosis(c.old)} → {diagnosis(c.new)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FailuresList({ failures }: { failures: RegradeFailure[] }) {
  return (
    <ul data-testid="regrade-failures">
      {failures.map((f) => (
        <li key={f.attemptId}>
          {f.student.name || f.student.email}, <code>{f.exerciseKey}</code>, <LocalTime iso={f.attemptedAt} short />:{' '}
          <code className="marked-text">{f.answerText}</code> — {f.message}
        </li>
      ))}
    </ul>
  );
}

/** The sentence on changes that give a new diagnosis but keep the score. */
function diagnosisOnly(n: number): string {
  return n === 1 ? 'One of the changes is only a new diagnosis: its score stays.' : `${n.toLocaleString('en')} of the changes are only a new diagnosis: their scores stay.`;
}

/** What a preview or an applied run found. */
function ReportView({ report, applied }: { report: Report; applied: boolean }) {
  const more = report.changed - report.changes.length;
  return (
    <section aria-label={applied ? 'Regrade recorded' : 'Regrade preview'} data-testid={applied ? 'regrade-applied' : 'regrade-preview'}>
      <p role="status">
        {applied ? 'Recorded: ' : 'Preview: '}
        {plural(report.checked, 'attempt')} checked, {plural(report.changed, 'result')} {applied ? 'changed' : 'would change'}, {plural(report.failed, 'attempt')} could not be graded
        again.
        {report.changed > report.scoreChanged && ` ${diagnosisOnly(report.changed - report.scoreChanged)}`}{' '}
        <span className="muted small">({(report.ms / 1000).toFixed(1)} s)</span>
      </p>
      {report.changes.length > 0 && <ChangesTable changes={report.changes} caption={applied ? 'Changes recorded' : 'Changes a regrade would make'} />}
      {more > 0 && <p className="muted small">…and {plural(more, 'more change')} not listed.</p>}
      {report.failures.length > 0 && (
        <>
          <h3>Could not be graded again</h3>
          <FailuresList failures={report.failures} />
        </>
      )}
    </section>
  );
}

/** The regrade form: exercise or whole course, reason, Preview, then Apply. */
export function RegradeForm({ course, exercises, courseStale, courseReason }: { course: string; exercises: RegradeExercise[]; courseStale: number; courseReason: string }) {
  const router = useRouter();
  const [key, setKey] = useState('');
  const [reason, setReason] = useState(courseReason);
  const [reasonEdited, setReasonEdited] = useState(false);
  const [error, setError] = useState<ManageState | null>(null);
  const [preview, setPreview] = useState<{ key: string; reason: string; report: Report } | null>(null);
  const [applied, setApplied] = useState<Report | null>(null);
  const [pending, startTransition] = useTransition();
  const selected = exercises.find((e) => e.key === key);
  const stale = selected ? selected.stale : courseStale;

  const choose = (next: string) => {
    setKey(next);
    setPreview(null);
    if (!reasonEdited) setReason(exercises.find((e) => e.key === next)?.defaultReason ?? courseReason);
  };
  const handle = (response: RegradeResponse): Report | null => {
    if (response.status === 'done') {
      setError(null);
      return response.report;
    }
    setError(response);
    return null;
  };
  const doPreview = (e: FormEvent) => {
    e.preventDefault();
    setApplied(null);
    startTransition(async () => {
      const report = handle(await previewRegrade(course, { exerciseKey: key, reason }));
      setPreview(report ? { key, reason, report } : null);
    });
  };
  const doApply = () =>
    startTransition(async () => {
      const report = handle(await applyRegrade(course, { exerciseKey: key, reason }));
      if (report) {
        setApplied(report);
        setPreview(null);
        router.refresh();
      }
    });

  return (
    <>
      <form onSubmit={doPreview} aria-label="Regrade">
        <fieldset disabled={pending} className="inline-form" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <legend className="visually-hidden">Regrade</legend>
          <label style={{ minWidth: 0, maxWidth: '100%' }}>
            Exercise
            <select value={key} onChange={(e) => choose(e.target.value)} style={{ width: '100%' }} aria-invalid={error?.fieldErrors?.exerciseKey ? true : undefined}>
              <option value="">The whole course</option>
              {exercises.map((e) => (
                <option key={e.key} value={e.key}>
                  {e.lesson}: {e.title} ({e.key})
                </option>
              ))}
            </select>
          </label>
          <label>
            Reason
            <input
              type="text"
              value={reason}
              maxLength={200}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonEdited(true);
              }}
              aria-invalid={error?.fieldErrors?.reason ? true : undefined}
            />
          </label>
          <button type="submit">{pending && !preview ? 'Checking…' : 'Preview'}</button>
          <p data-testid="stale" className={stale > 0 ? undefined : 'muted'}>
            {stale > 0
              ? `${plural(stale, 'attempt was', 'attempts were')} graded before the ${selected ? 'exercise' : 'exercises'} changed.`
              : `Every attempt${selected ? ' of this exercise' : ''} was graded with the current spec and grader.`}
          </p>
        </fieldset>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {preview && (
        <>
          <ReportView report={preview.report} applied={false} />
          {preview.report.changed === 0 ? (
            <p data-testid="nothing-to-apply">Nothing would change, so there is nothing to record.</p>
          ) : (
            <p>
              <button type="button" onClick={doApply} disabled={pending || preview.key !== key || preview.reason !== reason}>
                {pending ? 'Applying…' : `Apply: record ${plural(preview.report.changed, 'change')}`}
              </button>{' '}
              {(preview.key !== key || preview.reason !== reason) && <span className="muted small">Preview again after changing the form.</span>}
            </p>
          )}
        </>
      )}
      {applied && <ReportView report={applied} applied />}
    </>
  );
}

/** Past runs, newest first; opening one loads the changes it recorded. */
export function RegradeRuns({ course, runs }: { course: string; runs: RunSummary[] }) {
  if (runs.length === 0) return <p className="muted">No regrade has been applied yet.</p>;
  return (
    <ul className="regrade-runs" data-testid="regrade-runs" style={{ listStyle: 'none', padding: 0 }}>
      {runs.map((r) => (
        <li key={r.id}>
          <RunDetails course={course} run={r} />
        </li>
      ))}
    </ul>
  );
}

function RunDetails({ course, run }: { course: string; run: RunSummary }) {
  const [changes, setChanges] = useState<RegradeChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const load = (open: boolean) => {
    if (!open || changes || pending) return;
    startTransition(async () => {
      const response = await loadRunChanges(course, run.id);
      if (response.status === 'done') setChanges(response.changes);
      else setError(response.message);
    });
  };
  const who = run.by ? run.by.name || run.by.email : 'someone no longer here';
  return (
    <details className="card" data-run={run.id} onToggle={(e) => load(e.currentTarget.open)}>
      <summary>
        <LocalTime iso={run.createdAt} short /> · {who} · {run.exerciseKey ? <code>{run.exerciseKey}</code> : 'whole course'} · “{run.reason}” ·{' '}
        <span data-testid="run-counts">
          {plural(run.checked, 'checked', 'checked')}, {plural(run.changed, 'changed', 'changed')}, {plural(run.failed, 'failed', 'failed')}
        </span>
      </summary>
      {pending && <p className="muted">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {changes && (changes.length ? <ChangesTable changes={changes} caption={`Changes of the run of ${run.createdAt}`} /> : <p className="muted">This run changed no result.</p>)}
    </details>
  );
}
