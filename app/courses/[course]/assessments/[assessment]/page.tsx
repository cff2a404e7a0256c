import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { sittingView, waitText, type SittingQuestion } from '@/server/assessments';
import { groupByZone } from '@/lib/content/assessments';
import { examClosing } from '@/server/exam-mode';
import { ClosedForExam } from '@/components/ClosedForExam';
import { startAssessment, submitAssessment } from '@/server/actions/assessments';
import { ExercisePanel } from '@/components/ExercisePanel';
import { LocalTime } from '@/components/LocalTime';
import { weightText } from '@/lib/content/assessments';

import { MathText } from '@/components/MathText';
import { SittingTimer } from '@/components/SittingTimer';

export const metadata: Metadata = { title: 'Assessment' };
export const dynamic = 'force-dynamic';

const REFUSED: Record<string, string> = {
  'not-open': 'This assessment has not opened yet.',
  closed: 'This assessment has closed.',
  'wrong-code': 'That access code is not right.',
  'code-throttled': 'Too many wrong access codes: wait a minute and try again (each further wrong code doubles the wait), or ask your instructor.',
  'closed-for-exam': 'Closed during the exam: finish it first.',
};

type Props = { params: Promise<{ course: string; assessment: string }>; searchParams: Promise<{ refused?: string; wait?: string }> };

/** The refusal's words; a throttled access code says how long to wait (?wait=seconds, from the server). */
function refusalText(refused: string, wait: string | undefined): string | undefined {
  const seconds = Number(wait);
  if (refused === 'code-throttled' && Number.isInteger(seconds) && seconds > 0 && seconds <= 24 * 3600) {
    return `Too many wrong access codes: try again in ${waitText(seconds)} (each further wrong code doubles the wait), or ask your instructor.`;
  }
  return REFUSED[refused];
}

export default async function SittingPage({ params, searchParams }: Props) {
  const { course, assessment } = await params;
  const { refused, wait } = await searchParams;
  const page = `/courses/${course}/assessments/${assessment}`;
  const user = await currentUser(await headers());
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(page)}`);
  // During an exam only its own page opens (server/exam-mode.ts).
  const exam = await examClosing(await headers(), { page, course, assessment });
  if (exam) return <ClosedForExam exam={exam} what="other assessments" />;
  const view = await sittingView(getPrisma(), user.id, course, assessment, new Date(), user.sessionId);
  if (view.status === 'not-found' || view.status === 'not-enrolled') {
    if (view.status === 'not-enrolled') redirect('/dashboard');
    return notFound();
  }
  const back = (
    <p className="muted">
      <Link href={`/courses/${course}/assessments`}>{view.course.title} · Assessments</Link>
    </p>
  );
  if (view.status === 'not-started') {
    const item = view.item;
    const startable = item?.status === 'open';
    return (
      <article>
        {back}
        <h1>{view.assessment.title}</h1>
        {item && <p className="muted small" data-testid="weight">{weightText(item.weight)}.</p>}
        <p>
          {view.assessment.timeLimitMinutes !== null
            ? `Time limit: ${view.assessment.timeLimitMinutes} minutes${item?.extraMinutes ? ` plus ${item.extraMinutes} minutes extra time` : ''}, counted from when you start.`
            : 'No time limit.'}{' '}
          {item?.closesAt && (
            <>
              Closes <LocalTime iso={item.closesAt.toISOString()} />; a late start gets only the time left before then.
            </>
          )}
        </p>
        {refused && refusalText(refused, wait) && (
          <p className="error" role="alert">
            {refusalText(refused, wait)}
          </p>
        )}
        {startable ? (
          <form action={startAssessment}>
            <input type="hidden" name="course" value={course} />
            <input type="hidden" name="assessment" value={assessment} />
            {view.assessment.accessCode && (
              <label>
                Access code <input name="accessCode" autoComplete="off" required />
              </label>
            )}
            <button type="submit">Start {view.assessment.type}</button>
          </form>
        ) : (
          <p data-testid="not-startable">{item?.status === 'upcoming' ? 'This assessment has not opened yet.' : 'This assessment has closed.'}</p>
        )}
      </article>
    );
  }
  const { sitting } = view;
  const open = sitting.closedReason === null;
  const question = (q: SittingQuestion, level: 2 | 3) => {
    const Heading = level === 2 ? 'h2' : 'h3';
    return (
      <li key={q.exercise} data-question={q.exercise}>
        <section className="exercise" aria-label={q.title}>
          <Heading className="small">
            <MathText text={q.title} /> <span className="muted">({q.points} point{q.points === 1 ? '' : 's'}{q.earned !== null ? `; earned ${q.earned}` : ''})</span>
          </Heading>
          <ExercisePanel course={course} id={q.exercise} sitting={sitting.id} initial={q.state} />
        </section>
      </li>
    );
  };
  return (
    <article>
      {back}
      <h1>{view.assessment.title}</h1>
      <div className="sitting-bar" data-testid="sitting">
        {open && sitting.deadline && <SittingTimer deadline={sitting.deadline.toISOString()} serverNow={view.now.toISOString()} />}
        {open && sitting.deadline && (
          <p className="muted small">
            Ends <LocalTime iso={sitting.deadline.toISOString()} />. Your answers are saved as you go.
          </p>
        )}
        {!open && (
          <p data-testid="sitting-closed">
            <strong>{sitting.closedReason}</strong> Your answers are kept and graded.
          </p>
        )}
        <p data-testid="sitting-score">
          {view.earned !== null ? `Score: ${view.earned} / ${view.total}` : `Out of ${view.total} points; results are shown when the instructor releases them.`}
        </p>
      </div>
      {view.zones ? (
        groupByZone(view.questions, view.zones).map(({ title, start, questions }, i) => (
          <section key={i} className="sitting-zone" data-zone={title} aria-labelledby={`zone-${i}`}>
            <h2 id={`zone-${i}`}>
              <MathText text={title} />
            </h2>
            <ol className="sitting-questions" start={start}>
              {questions.map((q) => question(q, 3))}
            </ol>
          </section>
        ))
      ) : (
        <ol className="sitting-questions">{view.questions.map((q) => question(q, 2))}</ol>
      )}
      {open && (
        <form action={submitAssessment}>
          <input type="hidden" name="course" value={course} />
          <input type="hidden" name="assessment" value={assessment} />
          <button type="submit">Submit {view.assessment.type}</button>
        </form>
      )}
    </article>
  );
}
