/**
 * The exercise preview's server-rendered parts: the seed controls (a seed form, a random
 * seed link, a select of enrolled students whose variant to show), the variant (question,
 * parameter values, inputs, reference answer, worked steps) and the exercise's settings.
 * The HTML inserted here is KaTeX made on the server from the exercise's own content; names
 * and emails of students are React text.
 */
import Link from 'next/link';
import type { RevealPolicy } from '@/lib/content';
import type { PreviewSettings, PreviewVariant as Variant, StudentSeed } from '@/server/teach/preview';
import { SEED_LIMIT } from '@/lib/content/seeds';
import { LocalTime } from '@/components/LocalTime';
import { WorkedSteps } from '@/components/ExerciseResult';

const REVEAL: Record<RevealPolicy, string> = {
  'after-correct': 'after a correct answer (or after the due date)',
  'after-last-attempt': 'after a correct answer or the last attempt (or after the due date)',
  'after-due': 'only after the due date',
  always: 'from the start',
  never: 'never',
};

/** Choose the variant: by seed, at random, or a student's own. `path` is the preview's URL without a query. */
export function PreviewSeedForms({
  path,
  seed,
  randomSeed,
  students,
  student,
}: {
  path: string;
  /** The seed shown (empty in the form when it was not valid). */
  seed: number | null;
  randomSeed: number;
  students: StudentSeed[];
  /** The id of the student whose variant is shown, if any. */
  student: string | null;
}) {
  return (
    <div className="card" data-testid="seed-forms">
      <form method="get" action={path} className="inline-form" aria-label="Variant by seed">
        <label>
          Seed
          <input type="number" name="seed" min={0} max={SEED_LIMIT - 1} step={1} required defaultValue={seed ?? ''} style={{ width: '11rem' }} />
        </label>
        <button type="submit">Show variant</button>
        <Link href={`${path}?seed=${randomSeed}`} data-testid="random-seed">
          Random seed
        </Link>
      </form>
      <form method="get" action={path} className="inline-form" aria-label="Variant of a student">
        {students.length === 0 ? (
          <p className="muted small">No students are enrolled yet.</p>
        ) : (
          <>
            <div style={{ display: 'grid', gap: '0.25rem', minWidth: 0, maxWidth: '100%' }}>
              <label htmlFor="student-seed">Seed of student</label>
              <select id="student-seed" name="student" defaultValue={student ?? ''} required style={{ maxWidth: '100%' }}>
                <option value="" disabled>
                  Choose a student…
                </option>
                {students.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.email})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">Show their variant</button>
          </>
        )}
      </form>
    </div>
  );
}

/** The variant: question, parameters, inputs, answer and worked steps. */
export function PreviewVariant({ variant }: { variant: Variant }) {
  const params = Object.entries(variant.params);
  return (
    <>
      <h3>Question</h3>
      <div className="card" data-testid="preview-prompt" dangerouslySetInnerHTML={{ __html: variant.promptHtml }} />
      <h3>Parameters</h3>
      {params.length === 0 ? (
        <p className="muted" data-testid="preview-params">
          This exercise draws no parameters: every student gets this question.
        </p>
      ) : (
        <table className="history" data-testid="preview-params" style={{ width: 'auto' }}>
          <caption className="visually-hidden">Parameter values of this variant</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {params.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>
                  <code>{String(value)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Inputs of this variant (the spec after substitution)</summary>
        <pre style={{ overflowX: 'auto' }} data-testid="preview-spec">
          {variant.specJson}
        </pre>
      </details>
      <h3>Reference answer</h3>
      <div data-testid="preview-answer">
        <div dangerouslySetInnerHTML={{ __html: variant.answerHtml }} />
        <p className="small">
          Typed: <code data-testid="preview-answer-text">{variant.answerText}</code>
        </p>
      </div>
      <h3>Worked steps</h3>
      <WorkedSteps steps={variant.steps} className="solution" testId="preview-steps" />
    </>
  );
}

/** Attempts, reveal policy (with the lesson's overrides), due date and hints. */
export function PreviewSettingsView({ settings }: { settings: PreviewSettings }) {
  const attempts = (n: number) => (n === 0 ? 'unlimited' : String(n));
  return (
    <dl data-testid="preview-settings">
      <dt>Attempts</dt>
      <dd>
        {attempts(settings.attempts)}
        {settings.attempts !== settings.authored.attempts && <span className="muted"> (set for the lesson; the exercise says {attempts(settings.authored.attempts)})</span>}
      </dd>
      <dt>Answer and steps shown to students</dt>
      <dd>
        {REVEAL[settings.reveal]}
        {settings.reveal !== settings.authored.reveal && <span className="muted"> (set for the lesson; the exercise says {REVEAL[settings.authored.reveal]})</span>}
      </dd>
      <dt>Due</dt>
      <dd>{settings.dueAt ? <LocalTime iso={settings.dueAt.toISOString()} short /> : 'no due date'}</dd>
      <dt>Hints ({settings.hintsHtml.length}, one after each wrong attempt)</dt>
      <dd>
        {settings.hintsHtml.length === 0 ? (
          'none'
        ) : (
          <ol>
            {settings.hintsHtml.map((h, i) => (
              <li key={i} dangerouslySetInnerHTML={{ __html: h }} />
            ))}
          </ol>
        )}
      </dd>
    </dl>
  );
}
