import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { DEFAULT_SEED, parseSeed, randomSeed } from '@/lib/content';
import { exercisePreview, studentSeeds } from '@/server/teach/preview';
import { MathText } from '@/components/MathText';
import { PreviewSeedForms, PreviewSettingsView, PreviewVariant } from '@/components/teach/PreviewVariant';
import { PreviewTry } from '@/components/teach/PreviewTry';

export const metadata: Metadata = { title: 'Preview exercise' };

type Query = { seed?: string | string[]; student?: string | string[] };

/** The URL's query again, for the sign-in redirect. */
function queryOf(q: Query): string {
  const parts = (['seed', 'student'] as const).flatMap((k) => (typeof q[k] === 'string' ? [`${k}=${encodeURIComponent(q[k])}`] : []));
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * One exercise's variant for ?seed=N (default 0) or for ?student=<user id> (their own seed):
 * question, parameters, reference answer, worked steps, settings, and "try as student".
 */
export default async function PreviewExercisePage({ params, searchParams }: { params: Promise<{ course: string; exercise: string }>; searchParams: Promise<Query> }) {
  const { course: slug, exercise: key } = await params;
  const query = await searchParams;
  const path = `/teach/${slug}/preview/${encodeURIComponent(key)}`;
  const { course } = await requireStaffPage(slug, `${path}${queryOf(query)}`);
  const prisma = getPrisma();

  const students = await studentSeeds(prisma, course.id, key);
  const asked = typeof query.student === 'string' && query.student !== '' ? query.student : null;
  const whose = asked ? (students.find((s) => s.id === asked) ?? null) : null;
  const seed = whose ? ({ ok: true, seed: whose.seed } as const) : parseSeed(query.seed);
  const preview = await exercisePreview(prisma, course.id, key, seed.ok ? seed.seed : DEFAULT_SEED);
  if (preview.status === 'not-found') notFound();
  const { exercise } = preview;

  return (
    <>
      <p className="muted">
        <Link href={`/teach/${course.slug}/preview`}>← All exercises</Link>
      </p>
      <h1>
        <MathText text={exercise.title} />
      </h1>
      <p className="muted">
        {exercise.kindTitle} (<code>{exercise.kind}</code>) · <code>{exercise.key}</code> · lesson{' '}
        <Link href={`/courses/${course.slug}/${exercise.lesson.slug}`}>{exercise.lesson.title}</Link>
      </p>

      <PreviewSeedForms path={path} seed={seed.ok ? seed.seed : null} randomSeed={randomSeed()} students={students} student={whose?.id ?? null} />
      {asked && !whose && (
        <p className="error" role="alert" data-testid="student-not-found">
          That person is not a student of this course; showing the seed from the address instead.
        </p>
      )}

      {!seed.ok ? (
        <p className="error" role="alert" data-testid="seed-error">
          {seed.message}
        </p>
      ) : (
        <section aria-labelledby="variant-title" data-testid="variant" data-seed={seed.seed}>
          <h2 id="variant-title">
            {whose ? (
              <>
                Variant of {whose.name} <span className="muted small">({whose.email})</span>, seed {seed.seed}
              </>
            ) : (
              <>Variant for seed {seed.seed}</>
            )}
          </h2>
          {preview.status === 'unavailable' ? (
            <p className="error" role="alert" data-testid="variant-unavailable">
              {preview.message}
            </p>
          ) : (
            <>
              <PreviewVariant variant={preview.variant} />
              <h3>Try as student</h3>
              <p className="muted small">Graded exactly as a student&apos;s answer to this variant would be; nothing is stored.</p>
              <PreviewTry key={`${key}-${seed.seed}`} course={course.slug} exercise={exercise.key} seed={seed.seed} form={preview.variant.form} />
            </>
          )}
        </section>
      )}

      <h2>Settings</h2>
      <PreviewSettingsView settings={exercise.settings} />
    </>
  );
}
