/**
 * The misconceptions report of a course: for every exercise (in course order) how many
 * students tried it, how many were right at their first try and in the end, which of the
 * kind's known mistakes they made (and how many distinct students made each), and the
 * wrong answers typed most often — plus a course-wide ranking of the mistakes by students
 * affected and the exercises with the lowest first-try share.
 *
 * Only the attempts of the course's enrolled students count (an instructor's own answers
 * on the lesson pages and the attempts of removed members do not). The result of an
 * attempt is its effective one, as students see it (server/attempts.ts): the newest
 * Grade (a regrade) when there is one, else the attempt's own grading.
 *
 * Pure on a PrismaClient, trusting `courseId` (callers get it from the staff access
 * check). Four queries whatever the size of the course: lessons with their exercises,
 * the enrolment count, the attempts (a handful of columns, oldest first) and their
 * regrades; the counting happens in one pass in memory, so 100k attempts are fine.
 */
import { getKind, writtenMistakes } from '@/lib/exercises';
import { settingsOf } from '@/lib/content';
import { diagnosisOf, mistakesOf } from '@/server/results';
import type { Prisma, PrismaClient } from '@/server/db/client';

/** How many of the most common wrong answers each exercise lists. */
export const TOP_WRONG_ANSWERS = 5;
/** How many exercises the summary lists as the hardest at first try. */
export const HARDEST_EXERCISES = 5;
/** Longest wrong answer shown; longer ones are cut (they are still grouped by their whole text). */
export const MAX_ANSWER_CHARS = 300;

/** One diagnosis of an exercise: how many attempts carried it and how many students made it. */
export interface DiagnosisCount {
  id: string;
  /** The kind's sentence for it. */
  message: string;
  /** False for an id the kind no longer knows (kept from an older grader). */
  known: boolean;
  attempts: number;
  students: number;
}

/** A wrong answer as typed (trimmed, runs of whitespace made one space), with how often. */
export interface WrongAnswer {
  /** Student text: show it as inert text only. Cut at MAX_ANSWER_CHARS (see `cut`). */
  text: string;
  cut: boolean;
  attempts: number;
  students: number;
}

/** What the students did on one exercise. */
export interface ExerciseInsight {
  key: string;
  /** The exercise title (may hold $…$ math), else the kind's title. */
  title: string;
  kind: string;
  kindTitle: string;
  lesson: { slug: string; title: string };
  /** Students with at least one attempt. */
  students: number;
  attempts: number;
  /** Students whose first attempt is (effectively) correct. */
  firstTryRight: number;
  /** Students with a correct attempt. */
  eventuallyRight: number;
  /** firstTryRight / students; null when nobody tried. */
  firstTryShare: number | null;
  /** eventuallyRight / students; null when nobody tried. */
  eventualShare: number | null;
  /** Attempts that were not correct. */
  wrongAttempts: number;
  /** Wrong attempts no known mistake explains. */
  undiagnosed: number;
  /** Every mistake the kind knows (most students first, then the kind's order), then unknown ids seen. */
  diagnoses: DiagnosisCount[];
  /** The most common wrong answers, most frequent first (at most TOP_WRONG_ANSWERS). */
  wrongAnswers: WrongAnswer[];
}

/** One mistake across the course: a kind's diagnosis, summed over the exercises of that kind. */
export interface CourseMistake {
  kind: string;
  kindTitle: string;
  id: string;
  message: string;
  /** Distinct students who made it in at least one exercise. */
  students: number;
  attempts: number;
  /** Keys of the exercises where it was made, in course order. */
  exercises: string[];
}

/** The whole report (for the whole course, or one lesson). */
export interface MisconceptionReport {
  status: 'ok';
  /** Every lesson of the course, for the filter. */
  lessons: { slug: string; title: string }[];
  /** The lesson the report is limited to, or null for the whole course. */
  lesson: { slug: string; title: string } | null;
  /** Students enrolled in the course. */
  enrolled: number;
  /** Distinct students with at least one attempt in the report's exercises. */
  students: number;
  attempts: number;
  /** Mistakes made by at least one student, most students first. */
  mistakes: CourseMistake[];
  /** Exercises somebody tried, lowest first-try share first (at most HARDEST_EXERCISES). */
  hardest: ExerciseInsight[];
  /** Every exercise in course order, tried or not. */
  exercises: ExerciseInsight[];
}

/** Trims a wrong answer and makes each run of whitespace one space, so "[1,2]" and " [1,  2] " differ but "[1, 2]" and "[1,\t2]" do not. */
export function normaliseAnswer(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** A share 0..1, or null when there is nobody to share among. */
function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Tallies of one exercise while the attempts stream past. */
interface Tally {
  attempts: number;
  wrong: number;
  undiagnosed: number;
  /** userId → [first attempt correct, any attempt correct] */
  students: Map<string, [boolean, boolean]>;
  diagnoses: Map<string, { attempts: number; users: Set<string> }>;
  answers: Map<string, { attempts: number; users: Set<string> }>;
}

function newTally(): Tally {
  return { attempts: 0, wrong: 0, undiagnosed: 0, students: new Map(), diagnoses: new Map(), answers: new Map() };
}

function bump(map: Map<string, { attempts: number; users: Set<string> }>, key: string, userId: string): void {
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = { attempts: 0, users: new Set() }));
  entry.attempts++;
  entry.users.add(userId);
}

/** Most students first, then most attempts. */
function byWeight(a: { students: number; attempts: number }, b: { students: number; attempts: number }): number {
  return b.students - a.students || b.attempts - a.attempts;
}

/**
 * The misconceptions report of a course, or of one of its lessons (`lessonSlug`).
 * `lesson-not-found` when that lesson is not in the course.
 */
export async function misconceptionReport(
  prisma: PrismaClient,
  courseId: string,
  lessonSlug?: string,
): Promise<MisconceptionReport | { status: 'lesson-not-found'; lessons: { slug: string; title: string }[] }> {
  const lessons = await prisma.lesson.findMany({
    where: { courseId },
    orderBy: { position: 'asc' },
    select: { id: true, slug: true, title: true, exercises: { orderBy: { position: 'asc' }, select: { id: true, key: true, kind: true, settings: true, spec: true } } },
  });
  const lessonList = lessons.map((l) => ({ slug: l.slug, title: l.title }));
  const chosen = lessonSlug === undefined ? null : lessons.find((l) => l.slug === lessonSlug);
  if (chosen === undefined) return { status: 'lesson-not-found', lessons: lessonList };
  const shown = chosen ? [chosen] : lessons;

  const attemptWhere: Prisma.AttemptWhereInput = {
    exercise: chosen ? { courseId, lessonId: chosen.id } : { courseId },
    user: { enrollments: { some: { courseId, role: 'student' } } },
  };
  const [enrolled, attempts, grades] = await Promise.all([
    prisma.enrollment.count({ where: { courseId, role: 'student' } }),
    prisma.attempt.findMany({
      where: attemptWhere,
      select: { id: true, userId: true, exerciseId: true, correct: true, diagnosisId: true, trail: true, answerText: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    prisma.grade.findMany({
      where: { attempt: attemptWhere },
      select: { attemptId: true, correct: true, diagnosisId: true, trail: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  // Oldest first, so the last grade seen for an attempt is its newest: the one that counts.
  const newest = new Map<string, { correct: boolean; diagnosisId: string | null; trail: unknown }>();
  for (const g of grades) newest.set(g.attemptId, g);

  const tallies = new Map<string, Tally>();
  const everyone = new Set<string>();
  for (const a of attempts) {
    let t = tallies.get(a.exerciseId);
    if (!t) tallies.set(a.exerciseId, (t = newTally()));
    const result = newest.get(a.id) ?? a;
    const { correct } = result;
    everyone.add(a.userId);
    t.attempts++;
    const seen = t.students.get(a.userId);
    if (seen) seen[1] ||= correct;
    else t.students.set(a.userId, [correct, correct]); // attempts come oldest first: this is the first
    if (correct) continue;
    t.wrong++;
    // The mistakes the grade's trail recognised (the same record a regrade compares).
    const mistakes = mistakesOf(result);
    for (const id of mistakes) bump(t.diagnoses, id, a.userId);
    if (mistakes.length === 0) t.undiagnosed++;
    bump(t.answers, normaliseAnswer(a.answerText), a.userId);
  }

  const mistakes = new Map<string, CourseMistake & { users: Set<string> }>();
  const exercises: ExerciseInsight[] = [];
  for (const lesson of shown) {
    for (const ex of lesson.exercises) {
      const kind = getKind(ex.kind);
      const kindTitle = kind?.title ?? ex.kind;
      const t = tallies.get(ex.id) ?? newTally();
      const students = t.students.size;
      const firstTryRight = [...t.students.values()].filter(([first]) => first).length;
      const eventuallyRight = [...t.students.values()].filter(([, any]) => any).length;

      const known = [...(kind?.mistakes ?? []), ...writtenMistakes(ex.spec)];
      const diagnoses: DiagnosisCount[] = known.map((m) => {
        const d = t.diagnoses.get(m.id);
        return { id: m.id, message: m.message, known: true, attempts: d?.attempts ?? 0, students: d?.users.size ?? 0 };
      });
      for (const [id, d] of t.diagnoses) {
        if (known.some((m) => m.id === id)) continue;
        diagnoses.push({ id, message: diagnosisOf(ex.kind, id, ex.spec)!.message, known: false, attempts: d.attempts, students: d.users.size });
      }
      diagnoses.sort(byWeight); // stable: ties keep the kind's order

      for (const [id, d] of t.diagnoses) {
        const name = `${ex.kind} ${id}`;
        let m = mistakes.get(name);
        if (!m) {
          const message = diagnosisOf(ex.kind, id, ex.spec)!.message;
          mistakes.set(name, (m = { kind: ex.kind, kindTitle, id, message, students: 0, attempts: 0, exercises: [], users: new Set() }));
        }
        m.attempts += d.attempts;
        for (const u of d.users) m.users.add(u);
        m.exercises.push(ex.key);
      }

      const wrongAnswers = [...t.answers]
        .map(([text, w]) => ({ text, attempts: w.attempts, students: w.users.size }))
        .sort((a, b) => b.attempts - a.attempts || b.students - a.students || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
        .slice(0, TOP_WRONG_ANSWERS)
        .map((w) => ({ ...w, text: w.text.length > MAX_ANSWER_CHARS ? w.text.slice(0, MAX_ANSWER_CHARS) : w.text, cut: w.text.length > MAX_ANSWER_CHARS }));

      exercises.push({
        key: ex.key,
        title: settingsOf(ex.settings).title ?? kindTitle,
        kind: ex.kind,
        kindTitle,
        lesson: { slug: lesson.slug, title: lesson.title },
        students,
        attempts: t.attempts,
        firstTryRight,
        eventuallyRight,
        firstTryShare: share(firstTryRight, students),
        eventualShare: share(eventuallyRight, students),
        wrongAttempts: t.wrong,
        undiagnosed: t.undiagnosed,
        diagnoses,
        wrongAnswers,
      });
    }
  }

  const hardest = exercises
    .filter((e) => e.students > 0)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.firstTryShare! - b.e.firstTryShare! || b.e.students - a.e.students || a.i - b.i)
    .slice(0, HARDEST_EXERCISES)
    .map(({ e }) => e);

  return {
    status: 'ok',
    lessons: lessonList,
    lesson: chosen ? { slug: chosen.slug, title: chosen.title } : null,
    enrolled,
    students: everyone.size,
    attempts: attempts.length,
    mistakes: [...mistakes.values()]
      .map(({ users, ...m }) => ({ ...m, students: users.size }))
      .sort(byWeight),
    hardest,
    exercises,
  };
}
