import type { ReactNode } from 'react';
import type { Metadata } from 'next';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { assessmentResults, type AssessmentResults } from '@/server/teach/assessments';
import { overrideAttempt, releaseAssessment, resetSession, saveAccommodation } from '@/server/actions/teach-assessments';
import { LocalTime } from '@/components/LocalTime';
import { weightText } from '@/lib/content/assessments';
import type { ItemStat, ParamStat } from '@/lib/content/item-stats';

export const metadata: Metadata = { title: 'Assessments' };
export const dynamic = 'force-dynamic';

/** The statistics rows under their zone titles (written order), any question outside the zones last; one untitled group without zones. */
function statGroups(a: AssessmentResults): { title: string | null; stats: ItemStat[] }[] {
  if (!a.zones) return [{ title: null, stats: a.stats }];
  const byItem = new Map(a.stats.map((q) => [q.item, q]));
  const groups = a.zones.map((z) => ({ title: z.title, stats: z.items.flatMap((id) => (byItem.has(id) ? [byItem.get(id)!] : [])) }));
  const zoned = new Set(a.zones.flatMap((z) => z.items));
  const rest = a.stats.filter((q) => !zoned.has(q.item));
  return [...groups, ...(rest.length ? [{ title: 'Other questions', stats: rest }] : [])].filter((g) => g.stats.length > 0);
}

/** The parameter tables of one assessment, one per exercise in the order first met. */
function groupByExercise(params: ParamStat[]): [string, ParamStat[]][] {
  const out = new Map<string, ParamStat[]>();
  for (const p of params) out.set(p.exercise, [...(out.get(p.exercise) ?? []), p]);
  return [...out];
}

/** A scrolling table of the page: its caption, a header row of these columns, then its bodies. */
function Table({ testId, caption, columns, children }: { testId: string; caption?: ReactNode; columns: string[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="progress" data-testid={testId}>
        {caption && <caption className="muted small">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

const DONE: Record<string, string> = {
  released: 'Results released.',
  accommodation: 'Accommodation saved.',
  graded: 'Grade saved; the earlier grades are kept.',
  'no-student': 'No student of this course has that email.',
  'bad-form': 'The form was not filled in correctly.',
  'bad-score': 'A score is a percentage from 0 to 100.',
  'no-comment': 'Say why in the comment.',
  'not-found': 'Not found.',
  'session-reset': 'Session reset: the student continues from their next sign-in (the old session is signed out).',
  'no-sitting': 'That student has not started it.',
};

export default async function TeachAssessmentsPage({ params, searchParams }: { params: Promise<{ course: string }>; searchParams: Promise<{ done?: string }> }) {
  const { course: slug } = await params;
  const { done } = await searchParams;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/assessments`);
  const results = await assessmentResults(getPrisma(), course.id);
  return (
    <article>
      <h1>Assessments</h1>
      {done && DONE[done] && <p role="status">{DONE[done]}</p>}
      {results.length === 0 && <p>This course has no assessments: add assessments/&lt;slug&gt;.json beside the lessons (content/README.md).</p>}
      {results.map((a) => (
        <section key={a.slug} data-assessment={a.slug} aria-labelledby={`a-${a.slug}`}>
          <h2 id={`a-${a.slug}`}>
            {a.title} <span className="muted small">({a.type})</span>
          </h2>
          <p className="small">
            <a href={`/teach/${course.slug}/assessments/${a.slug}/log`}>Audit log of {a.title}</a>
          </p>
          <p className="muted small">
            <span data-testid="weight">{weightText(a.weight)}.</span> {a.timeLimitMinutes !== null ? `${a.timeLimitMinutes} minutes. ` : 'No time limit. '}
            {a.closesAt && (
              <>
                Closes <LocalTime iso={a.closesAt.toISOString()} />.{' '}
              </>
            )}
            {a.reveal === 'release' ? (a.releasedAt ? <span data-testid="released">Results released.</span> : 'Results held until you release them.') : 'Results shown as each exercise allows.'}
          </p>
          {a.reveal === 'release' && !a.releasedAt && (
            <form action={releaseAssessment}>
              <input type="hidden" name="course" value={course.slug} />
              <input type="hidden" name="assessment" value={a.slug} />
              <button type="submit">Release results of {a.title}</button>
            </form>
          )}
          <Table testId={`results-${a.slug}`} columns={['Student', 'Status', 'Started', 'Points', 'Answers']}>
            <tbody>
              {a.students.map((s) => (
                <tr key={s.userId} data-student={s.email}>
                  <th scope="row">
                    {s.name} <span className="muted small">{s.email}</span>
                  </th>
                  <td data-testid="status">{s.status}</td>
                  <td>{s.startedAt ? <LocalTime iso={s.startedAt.toISOString()} short /> : '—'}</td>
                  <td data-testid="points">{s.points === null ? '—' : `${s.points} / ${s.total}`}</td>
                  <td>
                    {s.attempts.length > 0 && (
                      <details>
                        <summary>{s.attempts.length} answer{s.attempts.length === 1 ? '' : 's'}</summary>
                        <ul>
                          {s.attempts.map((t) => (
                            <li key={t.id} data-attempt={t.exercise}>
                              {t.exercise}: <code>{t.answerText}</code> — {Math.round(t.score * 100)}%{t.manual && <em> (by hand: {t.manual})</em>}
                              <form action={overrideAttempt} className="inline-form">
                                <input type="hidden" name="course" value={course.slug} />
                                <input type="hidden" name="attempt" value={t.id} />
                                <label>
                                  Score % <input name="score" type="number" min={0} max={100} step="any" required size={4} />
                                </label>
                                <label>
                                  Comment <input name="comment" required maxLength={500} />
                                </label>
                                <button type="submit">Grade by hand</button>
                              </form>
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {a.stats.length > 0 && (
            <Table
              testId={`stats-${a.slug}`}
              caption="Per question, over the students who started: facility (mean fraction of its points earned) and discrimination (correlation of its points with the rest of the assessment)."
              columns={['Question', 'Students', 'Facility', 'Discrimination']}
            >
              {statGroups(a).map((g, i) => (
                <tbody key={i} data-zone={g.title ?? undefined}>
                  {g.title !== null && (
                    <tr>
                      <th scope="rowgroup" colSpan={4}>
                        {g.title}
                      </th>
                    </tr>
                  )}
                  {g.stats.map((q) => (
                    <tr key={q.item} data-item={q.item}>
                      <th scope="row">{q.item}</th>
                      <td>{q.n}</td>
                      <td data-testid="facility">{q.facility === null ? '—' : q.facility.toFixed(2)}</td>
                      <td data-testid="discrimination">{q.discrimination === null ? '—' : q.discrimination.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </Table>
          )}
          {a.pools.map((p) => (
            <Table
              key={`pool-${p.slot}`}
              testId={`pool-${a.slug}-${p.slot}`}
              caption={<>Question {p.slot + 1} is drawn from a pool: each alternative&apos;s students and mean score (mean fraction of its points earned).</>}
              columns={['Alternative', 'Students', 'Mean score']}
            >
              <tbody>
                {p.members.map((m) => (
                  <tr key={m.exercise} data-member={m.exercise}>
                    <th scope="row">{m.exercise}</th>
                    <td data-testid="n">{m.n}</td>
                    <td data-testid="mean">{m.mean === null ? '—' : m.mean.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ))}
          {groupByExercise(a.params).map(([exercise, params]) => (
            <Table
              key={`params-${exercise}`}
              testId={`params-${a.slug}-${exercise}`}
              caption={
                <>
                  {exercise} is randomised: mean score by the value of each parameter in the students&apos; variants
                  {params.some((p) => p.binned) ? ' (a parameter with more than 10 values in quartile bins, lowest – highest)' : ''}.
                </>
              }
              columns={['Parameter', 'Value', 'Students', 'Mean score']}
            >
              {params.map((p) => (
                <tbody key={p.param}>
                  {p.groups.map((g, i) => (
                    <tr key={g.label} data-param={p.param} data-value={g.label}>
                      {i === 0 && (
                        <th scope="rowgroup" rowSpan={p.groups.length}>
                          {p.param}
                        </th>
                      )}
                      <th scope="row">{g.label}</th>
                      <td data-testid="n">{g.n}</td>
                      <td data-testid="mean">{g.mean.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </Table>
          ))}
          <form action={saveAccommodation} className="inline-form" aria-label={`Accommodation for ${a.title}`}>
            <input type="hidden" name="course" value={course.slug} />
            <input type="hidden" name="assessment" value={a.slug} />
            <label>
              Student email <input name="email" type="email" required />
            </label>
            <label>
              Extra minutes <input name="extraMinutes" type="number" min={0} defaultValue={0} size={4} />
            </label>
            <label>
              Later close (ISO, e.g. 2026-03-07T17:00:00Z) <input name="closesAt" />
            </label>
            <button type="submit">Save accommodation</button>
          </form>
          {a.type !== 'homework' && (
            <form action={resetSession} className="inline-form" aria-label={`Reset session for ${a.title}`}>
              <input type="hidden" name="course" value={course.slug} />
              <input type="hidden" name="assessment" value={a.slug} />
              <label>
                Student email <input name="email" type="email" required />
              </label>
              <button type="submit">Reset session</button>
            </form>
          )}
        </section>
      ))}
    </article>
  );
}
