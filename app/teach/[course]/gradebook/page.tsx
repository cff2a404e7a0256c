import type { Metadata } from 'next';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { defaultDir, gradebook, readGradebookQuery, type Gradebook, type GradebookCell, type GradebookQuery, type GradebookSort } from '@/server/teach/gradebook';
import { formatPercent } from '@/lib/format';
import { assessmentResults, weightedTotals, type StudentResult } from '@/server/teach/assessments';
import { LocalTime } from '@/components/LocalTime';
import { cachedTextHtml } from '@/lib/content/math-html';
import styles from './gradebook.module.css';

export const metadata: Metadata = { title: 'Gradebook' };

type Search = Record<string, string | string[] | undefined>;

/** The page's URL for a lesson, an order and a page (defaults left out). */
function hrefOf(base: string, q: { lesson?: string | null; sort: GradebookSort; dir: string; page?: number }): string {
  const params = new URLSearchParams();
  if (q.lesson) params.set('lesson', q.lesson);
  if (q.sort !== 'name' || q.dir !== 'asc') {
    params.set('sort', q.sort);
    params.set('dir', q.dir);
  }
  if (q.page && q.page > 1) params.set('page', String(q.page));
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

/** A sortable column header: a link that sorts by it (or flips the direction when it already does), with aria-sort. */
function SortHeader({ base, book, sort, label, className, rowSpan }: { base: string; book: Gradebook; sort: GradebookSort; label: string; className?: string; rowSpan?: number }) {
  const current = book.sort === sort;
  const dir = current ? (book.dir === 'asc' ? 'desc' : 'asc') : defaultDir(sort);
  return (
    <th scope="col" rowSpan={rowSpan} className={className} aria-sort={current ? (book.dir === 'asc' ? 'ascending' : 'descending') : undefined} data-sort={sort}>
      <a href={hrefOf(base, { lesson: book.lesson?.slug, sort, dir })}>
        {label}
        {current && <span aria-hidden="true">{book.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
      </a>
    </th>
  );
}

function band(best: number): 'full' | 'part' | 'zero' {
  return best >= 1 ? 'full' : best > 0 ? 'part' : 'zero';
}

/**
 * One cell: best score in percent and ×attempts used; the title says when the last attempt
 * was. Kept small: a big class has a hundred thousand of them, each written twice (HTML and
 * the React payload).
 */
function Cell({ cell }: { cell: GradebookCell }) {
  if (cell.best === null) return <td />;
  return (
    <td data-v={band(cell.best)} title={`last ${cell.last!.toISOString().slice(0, 16).replace('T', ' ')}`}>
      {Math.round(cell.best * 100)}
      <small>×{cell.attempts}</small>
    </td>
  );
}

/** Links to the other pages of students, when there are several. */
function Pages({ base, book, label }: { base: string; book: Gradebook; label: string }) {
  if (book.pages <= 1) return null;
  const at = (page: number) => hrefOf(base, { lesson: book.lesson?.slug, sort: book.sort, dir: book.dir, page });
  return (
    <nav aria-label={label} className="inline-form">
      {book.page > 1 ? <a href={at(book.page - 1)}>← Previous</a> : <span className="muted">← Previous</span>}
      <span>
        Page {book.page} of {book.pages}
      </span>
      {book.page < book.pages ? <a href={at(book.page + 1)}>Next →</a> : <span className="muted">Next →</span>}
    </nav>
  );
}

function LessonFilter({ base, book, query }: { base: string; book: { lessons: { slug: string; title: string }[] }; query: GradebookQuery }) {
  return (
    <form method="get" action={base} className="inline-form" aria-label="Limit to a lesson">
      <label>
        Lesson
        <select name="lesson" defaultValue={query.lesson ?? ''}>
          <option value="">All lessons</option>
          {book.lessons.map((l) => (
            <option key={l.slug} value={l.slug}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <button type="submit">Show</button>
    </form>
  );
}

function Table({ base, courseBase, book }: { base: string; courseBase: string; book: Gradebook }) {
  return (
    <div className={styles.scroll} tabIndex={0} role="region" aria-labelledby="gradebook-caption">
      <table className={styles.book} data-testid="gradebook">
        <caption id="gradebook-caption" className="visually-hidden">
          Best score per student and exercise{book.lesson ? ` in ${book.lesson.title}` : ''}, sorted by {book.sort} ({book.dir === 'asc' ? 'ascending' : 'descending'})
        </caption>
        <thead>
          <tr>
            <SortHeader base={base} book={book} sort="name" label="Student" className={styles.corner} rowSpan={2} />
            <SortHeader base={base} book={book} sort="email" label="Email" rowSpan={2} />
            <SortHeader base={base} book={book} sort="total" label="Total" rowSpan={2} />
            <SortHeader base={base} book={book} sort="activity" label="Last activity" rowSpan={2} />
            {book.groups.map((g) => (
              <th key={g.slug} scope="colgroup" colSpan={g.span}>
                <a href={hrefOf(base, { lesson: g.slug, sort: book.sort, dir: book.dir })} title={`Only ${g.title}`}>
                  {g.title}
                </a>
              </th>
            ))}
          </tr>
          <tr>
            {book.exercises.map((ex) => (
              <th key={ex.id} scope="col" data-key={ex.key} title={`${ex.key}`}>
                {/* The exercise's title (author text with $…$ math; KaTeX HTML cached by its text), in at most three lines. */}
                <div className={styles.key} dangerouslySetInnerHTML={{ __html: cachedTextHtml(ex.title) }} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {book.rows.map((r) => (
            <tr key={r.userId} data-email={r.email}>
              <th scope="row">
                <a href={`${courseBase}/students/${encodeURIComponent(r.userId)}`}>{r.name || r.email}</a>
              </th>
              <td className={styles.email}>{r.email}</td>
              <td data-testid="total">{r.total === null ? '—' : formatPercent(r.total)}</td>
              <td data-testid="last-activity">{r.lastActivity ? <LocalTime iso={r.lastActivity.toISOString()} short /> : '—'}</td>
              {r.cells.map((c, i) => (
                // The columns never move within a row: their position is their identity.
                <Cell key={i} cell={c} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A student's cell of one assessment: points out of their draw's total; before a start, — (or "missed" once it counts as 0). */
function assessmentCell(r: StudentResult): string {
  if (r.points !== null) return `${r.points} / ${r.total}`;
  return r.counts ? 'missed' : '—';
}

/**
 * One column per assessment (its weight under the title): each student's points out of their
 * draw's total, then their weighted total of the assessments (server/teach/assessments.ts
 * weightedTotals), with the rule written above the table.
 */
async function AssessmentColumns({ courseId, courseBase }: { courseId: string; courseBase: string }) {
  const results = await assessmentResults(getPrisma(), courseId);
  if (results.length === 0) return null;
  const students = results[0].students;
  const weighted = weightedTotals(results);
  return (
    <>
      <h2 id="assessments">Assessments</h2>
      <p className="muted small">
        Points per student; answers, releases, accommodations and grading by hand on the <a href={`${courseBase}/assessments`}>Assessments</a> page.
      </p>
      <p className="small" data-testid="weighted-rule">
        Weighted total = Σ weight × (points ÷ out of) ÷ Σ weight, in percent, over the assessments that count for the student: one
        they finished (submitted, or past their deadline), and one that closed (their own close) before they started, which
        counts 0 (“missed”). One still open that they have not finished is left out until it is; a weight of 0 never counts. A
        grade by hand or a regrade counts instead of the original result.
      </p>
      <div className="table-scroll">
        <table className="progress" data-testid="assessment-columns">
          <thead>
            <tr>
              <th scope="col">Student</th>
              {results.map((a) => (
                <th scope="col" key={a.slug} data-assessment={a.slug}>
                  {a.title}
                  <br />
                  <small data-testid="weight">weight {a.weight}</small>
                </th>
              ))}
              <th scope="col">Weighted total</th>
            </tr>
          </thead>
          <tbody>
            {students.map((s, i) => {
              const total = weighted.get(s.userId) ?? null;
              return (
                <tr key={s.userId} data-student={s.email}>
                  <th scope="row">{s.name}</th>
                  {results.map((a) => {
                    const r = a.students[i];
                    return (
                      <td key={a.slug} data-assessment={a.slug} data-counts={r.counts ? 'yes' : 'no'}>
                        {assessmentCell(r)}
                      </td>
                    );
                  })}
                  <td data-testid="weighted-total">{total === null ? '—' : `${Math.round(total * 1000) / 10}%`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * The gradebook: one row per student, one column per exercise in course order (grouped by
 * lesson; ?lesson=<slug> shows one), sortable by name, email, total or last activity
 * (?sort=&dir=), with the CSV downloads.
 */
export default async function GradebookPage({ params, searchParams }: { params: Promise<{ course: string }>; searchParams: Promise<Search> }) {
  const { course: slug } = await params;
  const courseBase = `/teach/${slug}`;
  const base = `${courseBase}/gradebook`;
  const { course } = await requireStaffPage(slug, base);
  const query = readGradebookQuery(await searchParams);
  const book = await gradebook(getPrisma(), course.id, query);
  return (
    <>
      <h1>Gradebook</h1>
      <LessonFilter base={base} book={book} query={query} />
      {book.status === 'lesson-not-found' ? (
        <p className="error" role="alert" data-testid="lesson-not-found">
          This course has no lesson “{query.lesson}”. Choose one above.
        </p>
      ) : (
        <>
          <p data-testid="gradebook-summary">
            {book.students} {book.students === 1 ? 'student' : 'students'}, {book.exercises.length} {book.exercises.length === 1 ? 'exercise' : 'exercises'}
            {book.lesson ? ` in ${book.lesson.title}` : ''}
            {book.pages > 1 && `; showing ${book.offset + 1}–${book.offset + book.rows.length}`}.
          </p>
          {book.students === 0 ? (
            <p data-testid="no-students">
              No students yet. Add them on the <a href={`${courseBase}/roster`}>Roster</a> page, or open enrolment or set a join code on your dashboard.
            </p>
          ) : book.exercises.length === 0 ? (
            <p data-testid="no-exercises">{book.lesson ? 'This lesson has no exercises.' : 'This course has no exercises yet.'}</p>
          ) : (
            <>
              <ul className={styles.legend} aria-label="Legend">
                <li>
                  Each cell: the best score in percent (a regrade counts instead of the original result) and ×attempts used; point at it
                  for the time of the last attempt (UTC). Blank: not attempted.
                </li>
                <li>
                  <span className={styles.swatch} data-v="full" />
                  full marks
                </li>
                <li>
                  <span className={styles.swatch} data-v="part" />
                  partial credit
                </li>
                <li>
                  <span className={styles.swatch} data-v="zero" />
                  no credit
                </li>
                <li>Total: mean of the best scores over the exercises shown, unattempted ones counting 0.</li>
              </ul>
              <Pages base={base} book={book} label="Pages of students" />
              <Table base={base} courseBase={courseBase} book={book} />
              <Pages base={base} book={book} label="Pages of students (bottom)" />
            </>
          )}
        </>
      )}

      <AssessmentColumns courseId={course.id} courseBase={courseBase} />

      <h2 id="downloads">Downloads</h2>
      <ul data-testid="downloads">
        <li>
          <a href={`${courseBase}/export/gradebook.csv`} download>
            Gradebook (CSV)
          </a>
          : one line per student — name, email, the best score (0 to 1) of every exercise of the course, the points of every
          assessment (columns <code>assessment:&lt;slug&gt;</code>, empty when not started), the weighted total of the assessments in
          percent (<code>assessments_weighted_percent</code>, as above; empty while none counts), and the total (of the exercises).
        </li>
        <li>
          <a href={`${courseBase}/export/attempts.csv`} download>
            All attempts (CSV)
          </a>
          : one line per attempt — time (UTC), email, lesson, exercise, kind, seed, the answer as typed, score, correct, diagnosis,
          grader version, and whether it was regraded.
        </li>
      </ul>
      <p className="muted small" data-testid="formula-guard">
        The files are UTF-8 CSV that Excel, LibreOffice and Google Sheets open directly. To keep a spreadsheet from running a
        student&apos;s answer as a formula, any text cell that starts with =, +, -, @, a tab or a carriage return gets an apostrophe
        (&apos;) in front of it; everything else is exactly as stored.
      </p>
    </>
  );
}
