import type { Metadata } from 'next';
import { getPrisma } from '@/server/db/client';
import { requireStaffPage } from '@/server/teach/guard';
import { regradeOverview, regradeRuns } from '@/server/teach/regrade';
import { RegradeForm, RegradeRuns } from '@/components/teach/RegradePanel';

export const metadata: Metadata = { title: 'Regrade' };

/** /teach/<course>/regrade: grade stored attempts again after a spec or grader change; past runs. */
export default async function RegradePage({ params }: { params: Promise<{ course: string }> }) {
  const { course: slug } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/regrade`);
  const prisma = getPrisma();
  const [overview, runs] = await Promise.all([regradeOverview(prisma, course.id), regradeRuns(prisma, course.id)]);
  const stale = overview.exercises.filter((e) => e.stale > 0);
  return (
    <>
      <h1>Regrade</h1>
      <p>
        Grades every stored attempt again with the exercise as it is now, at the student&apos;s own variant, from the answer as
        typed. Results that differ are recorded as new grades; the earlier ones are kept. Preview first: it changes nothing.
      </p>
      {stale.length > 0 && (
        <ul data-testid="stale-exercises">
          {stale.map((e) => (
            <li key={e.key}>
              <code>{e.key}</code> ({e.title}): {e.stale} of {e.attempts} attempts graded before it changed — {e.defaultReason}
            </li>
          ))}
        </ul>
      )}
      <RegradeForm course={course.slug} exercises={overview.exercises} courseStale={overview.stale} courseReason={overview.defaultReason} />
      <h2>Past runs</h2>
      <RegradeRuns course={course.slug} runs={runs} />
    </>
  );
}
