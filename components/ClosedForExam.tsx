/** What a page says while the student sits an exam (server/exam-mode.ts): closed, and the way back to the exam. */
import type { OpenExam } from '@/server/assessments';

export function ClosedForExam({ exam, what }: { exam: Pick<OpenExam, 'slug' | 'title' | 'course'>; what: string }) {
  return (
    <article>
      <h1>Closed during the exam</h1>
      <p data-testid="closed-for-exam">
        You are sitting <a href={`/courses/${exam.course.slug}/assessments/${exam.slug}`}>{exam.title}</a> ({exam.course.title}): {what} reopen when it ends.
      </p>
    </article>
  );
}
