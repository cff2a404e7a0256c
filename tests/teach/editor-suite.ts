/**
 * The lesson editor's server side (server/teach/editor.ts, server/actions/teach-content.ts)
 * on a real database and a temporary content root: a new lesson is written, added to
 * course.json and published; a save from a stale text is refused as a conflict and writes
 * nothing; the history keeps who saved what, with a diff, and a revert restores an old
 * text; a broken save is written but not published; only staff of the course may call the
 * actions. Run on SQLite and PostgreSQL by editor-sqlite.test.ts and editor-postgres.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncContent, syncCourseFolder, textHash } from '@/server/publish';
import { staffAccess } from '@/server/teach/access';
import { coursesFor } from '@/server/enrolment';
import { assessmentTemplate, checkAssessmentDraft, courseExerciseIds, editorAssessments, editorLessons, historyKey, lessonHistory, lessonText, saveLesson, savedText } from '@/server/teach/editor';
import type { Harness } from '../support/database';

const META = 'export const meta = { title: "Newton", summary: "Steps.", objectives: ["Take a step."] }\n\n';

export function editorSuite(name: string, setup: () => Promise<Harness>) {
  describe(`the lesson editor (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let root: string;
    let teacher: string;
    let actor: { id: string; role: string } | null = null;
    let actions: typeof import('@/server/actions/teach-content');
    let courses: typeof import('@/server/courses');
    const file = (name: string) => path.join(root, 'calc', name);

    beforeAll(async () => {
      harness = await setup();
      await applyMigrations(harness.db);
      prisma = createPrisma(harness.db);
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-editor-'));
      fs.mkdirSync(path.join(root, 'calc'));
      fs.writeFileSync(file('course.json'), JSON.stringify({ slug: 'calc', title: 'Calc', description: 'd', lessons: ['intro'] }));
      fs.writeFileSync(file('intro.mdx'), META + 'Intro.\n');
      expect((await syncContent(prisma, root))[0].status).toBe('published');
      teacher = (await prisma.user.create({ data: { id: `t-${name}`, name: 'Teacher', email: `t-${name}@example.com`, role: 'instructor' } })).id;
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      await prisma.enrollment.create({ data: { userId: teacher, courseId: course.id, role: 'instructor' } });
      await prisma.user.create({ data: { id: `s-${name}`, name: 'Student', email: `s-${name}@example.com` } });
      await prisma.enrollment.create({ data: { userId: `s-${name}`, courseId: course.id, role: 'student' } });

      vi.doMock('server-only', () => ({}));
      vi.doMock('next/headers', () => ({ headers: async () => new Headers() }));
      vi.doMock('next/cache', () => ({ revalidatePath: () => {} }));
      vi.doMock('@/server/auth', () => ({ currentUser: async () => actor }));
      (globalThis as typeof globalThis & { __curvaturePrisma?: PrismaClient }).__curvaturePrisma = prisma;
      process.env.CURVATURE_CONTENT_DIR = root;
      actions = await import('@/server/actions/teach-content');
      courses = await import('@/server/courses');
    });
    afterAll(async () => {
      vi.doUnmock('server-only');
      vi.doUnmock('next/headers');
      vi.doUnmock('next/cache');
      vi.doUnmock('@/server/auth');
      delete process.env.CURVATURE_CONTENT_DIR;
      (globalThis as typeof globalThis & { __curvaturePrisma?: PrismaClient }).__curvaturePrisma = undefined;
      await prisma?.$disconnect();
      await harness?.cleanup();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('creates a lesson: the file, course.json and a published version', async () => {
      const text = META + 'The step is $-H^{-1} g$.\n\n<Exercise id="newton-1" kind="newton-step" f="x^2 + 2*y^2" vars={["x", "y"]} x0={[1, 1]} />\n';
      const out = await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source: text, baseHash: null, userId: teacher });
      expect(out).toMatchObject({ status: 'saved', hash: textHash(text), sync: { status: 'published', problems: [] } });
      expect(fs.readFileSync(file('newton.mdx'), 'utf8')).toBe(text);
      expect(JSON.parse(fs.readFileSync(file('course.json'), 'utf8')).lessons).toEqual(['intro', 'newton']);
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      const version = await prisma.courseVersion.findUniqueOrThrow({ where: { id: course.publishedVersionId! } });
      expect((version.course as { lessons: { slug: string }[] }).lessons.map((l) => l.slug)).toEqual(['intro', 'newton']);
      expect(await prisma.exercise.count({ where: { key: 'newton-1' } })).toBe(1);
    });

    it('refuses a save from a stale text as a conflict and writes nothing', async () => {
      const read = await lessonText(root, 'calc', 'newton');
      const source = read.source!;
      const hash = read.hash;
      const first = await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source: source + '\nFirst.\n', baseHash: hash, userId: teacher });
      expect(first.status).toBe('saved');
      const second = await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source: source + '\nSecond.\n', baseHash: hash, userId: teacher });
      expect(second).toMatchObject({ status: 'conflict', current: source + '\nFirst.\n', message: expect.stringContaining('Someone else saved this lesson') });
      expect(fs.readFileSync(file('newton.mdx'), 'utf8')).toBe(source + '\nFirst.\n');
      // Creating a lesson whose file exists is a conflict too.
      expect((await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source: 'x', baseHash: null, userId: teacher })).status).toBe('conflict');
    });

    it('keeps the history with a diff, and a revert restores the old text', async () => {
      const history = await lessonHistory(prisma, 'calc', 'newton');
      expect(history.map((h) => `${h.action} by ${h.who}`)).toEqual([`save by Teacher <t-${name}@example.com>`, `create by Teacher <t-${name}@example.com>`]);
      // Before: …, tag, "" (the text ends with a newline); after: …, tag, "", "First.", "":
      // two lines added, shown after two lines of context.
      expect(history[0].diff).toEqual(['  <Exercise id="newton-1" kind="newton-step" f="x^2 + 2*y^2" vars={["x", "y"]} x0={[1, 1]} />', '  ', '+ First.', '+ ']);
      const created = await savedText(prisma, 'calc', 'newton', history[1].id);
      expect(created).not.toContain('First.');
      const { hash } = await lessonText(root, 'calc', 'newton');
      const out = await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source: created!, baseHash: hash, userId: teacher, action: 'revert' });
      expect(out.status).toBe('saved');
      expect(fs.readFileSync(file('newton.mdx'), 'utf8')).toBe(created);
      // Another lesson's edit id gives nothing.
      expect(await savedText(prisma, 'calc', 'intro', history[1].id)).toBeNull();
    });

    it('writes a broken lesson but does not publish it', async () => {
      const before = (await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } })).publishedVersionId;
      const read = await lessonText(root, 'calc', 'newton');
      const source = read.source!;
      const hash = read.hash;
      const out = await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source: source + '\n{process.exit()}\n', baseHash: hash, userId: teacher });
      expect(out).toMatchObject({ status: 'saved', sync: { status: 'refused' } });
      if (out.status === 'saved') expect(out.sync.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toContain(`${path.join('calc', 'newton.mdx')}:${source.split('\n').length + 1}:1`);
      expect((await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } })).publishedVersionId).toBe(before);
      // Put it right for the tests after this one.
      const now = await lessonText(root, 'calc', 'newton');
      expect((await saveLesson(prisma, root, { course: 'calc', lesson: 'newton', source, baseHash: now.hash, userId: teacher })).status).toBe('saved');
    });

    it('refuses bad names and oversized texts', async () => {
      expect(await saveLesson(prisma, root, { course: 'calc', lesson: '../etc', source: 'x', baseHash: null, userId: teacher })).toMatchObject({ status: 'invalid' });
      expect(await saveLesson(prisma, root, { course: 'calc', lesson: 'big', source: 'x'.repeat(200_001), baseHash: null, userId: teacher })).toMatchObject({ status: 'invalid' });
      expect(fs.existsSync(file('big.mdx'))).toBe(false);
    });

    it('the actions: only staff of the course; a student and a signed-out visitor are refused', async () => {
      const { hash } = await lessonText(root, 'calc', 'intro');
      const save = { course: 'calc', lesson: 'intro', source: META + 'Changed.\n', baseHash: hash };
      actor = null;
      expect(await actions.saveLessonText(save)).toEqual({ status: 'error', message: 'Sign in first.' });
      actor = { id: `s-${name}`, role: 'student' };
      expect(await actions.saveLessonText(save)).toEqual({ status: 'error', message: 'Only an instructor of this course may do that.' });
      expect(await actions.syncCourseNow({ course: 'calc' })).toMatchObject({ status: 'error' });
      expect(await actions.checkLessonDraft({ course: 'calc', lesson: 'intro', source: 'x' })).toMatchObject({ status: 'error' });
      expect(await actions.trySandbox({ course: 'calc', tag: '<Exercise id="a" kind="gradient" f="x^2" vars={["x"]} at={[3]} />', seed: 0, answer: null })).toMatchObject({ status: 'error' });
      expect(fs.readFileSync(file('intro.mdx'), 'utf8')).toBe(META + 'Intro.\n');

      actor = { id: teacher, role: 'instructor' };
      // d/dx x² = 2x = 6 at x = 3
      const tried = await actions.trySandbox({ course: 'calc', tag: '<Exercise id="a" kind="gradient" f="x^2" vars={["x"]} at={[3]} />', seed: 0, answer: '[5]' });
      expect(tried).toMatchObject({ status: 'ok', variant: { answerText: '[6]' }, tried: { status: 'graded', correct: false } });
      const right = await actions.trySandbox({ course: 'calc', tag: '<Exercise id="a" kind="gradient" f="x^2" vars={["x"]} at={[3]} />', seed: 0, answer: '[6]' });
      expect(right).toMatchObject({ tried: { status: 'graded', correct: true, score: 1 } });
      expect(await actions.trySandbox({ course: 'calc', tag: '<Exercise id="a" kind="gradient" f={process.env} />', seed: 0, answer: null })).toMatchObject({ status: 'error', message: expect.stringContaining('props must be literals') });
      const draft = await actions.checkLessonDraft({ course: 'calc', lesson: 'intro', source: META + 'x {process.exit()}\n' });
      expect(draft).toMatchObject({ status: 'ok', previewHash: null, problems: [expect.objectContaining({ file: 'calc/intro.mdx', line: 3, column: 3 })] });
      expect(await actions.saveLessonText(save)).toMatchObject({ status: 'saved', sync: { status: 'published' } });
      expect(await actions.syncCourseNow({ course: 'calc' })).toMatchObject({ status: 'ok', sync: { status: 'unchanged' } });
    });
    it('a new course folder with problems: its Course row is made unpublished, so its staff fix it in the editor and it publishes', async () => {
      // Dropped in the content root with a lesson that tries to run code on line 3.
      const dir = path.join(root, 'fresh');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'course.json'), JSON.stringify({ slug: 'fresh', title: 'Fresh course', description: 'd', lessons: ['first'] }));
      const broken = META + 'One {process.exit()}\n';
      fs.writeFileSync(path.join(dir, 'first.mdx'), broken);
      const results = await syncContent(prisma, root);
      const fresh = results.find((r) => r.slug === 'fresh')!;
      expect(fresh.status).toBe('refused');
      expect(fresh.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toContain(`${path.join('fresh', 'first.mdx')}:3:5`);
      const row = await prisma.course.findUniqueOrThrow({ where: { slug: 'fresh' } });
      expect(row).toMatchObject({ title: 'Fresh course', publishedVersionId: null });
      expect(await courses.findCourse('fresh')).toBeUndefined();
      // A second refused sync makes no second row and changes nothing.
      await syncCourseFolder(prisma, root, dir);
      expect(await prisma.course.count({ where: { slug: 'fresh' } })).toBe(1);

      // An admin may open it; so may an instructor the admin adds on the roster; a student of another course may not.
      const admin = (await prisma.user.create({ data: { id: `a-${name}`, name: 'Admin', email: `a-${name}@example.com`, role: 'admin' } })).id;
      const helper = (await prisma.user.create({ data: { id: `h-${name}`, name: 'Helper', email: `h-${name}@example.com`, role: 'instructor' } })).id;
      expect(await staffAccess(prisma, { id: admin, role: 'admin' }, 'fresh')).toMatchObject({ status: 'ok', course: { slug: 'fresh' } });
      expect(await staffAccess(prisma, { id: helper, role: 'instructor' }, 'fresh')).toEqual({ status: 'forbidden' });
      await prisma.enrollment.create({ data: { userId: helper, courseId: row.id, role: 'instructor' } });
      expect(await staffAccess(prisma, { id: helper, role: 'instructor' }, 'fresh')).toMatchObject({ status: 'ok' });
      expect(await staffAccess(prisma, { id: `s-${name}`, role: 'student' }, 'fresh')).toEqual({ status: 'forbidden' });
      // The dashboard lists it, marked unpublished, to its staff only.
      expect((await coursesFor(prisma, { id: admin, role: 'admin' })).find((c) => c.slug === 'fresh')).toMatchObject({ published: false, manages: true });
      expect((await coursesFor(prisma, { id: helper, role: 'instructor' })).find((c) => c.slug === 'fresh')).toMatchObject({ published: false, manages: true });
      expect((await coursesFor(prisma, { id: `s-${name}`, role: 'student' })).map((c) => c.slug)).toEqual(['calc']);

      // The instructor opens the lesson, sees the problem at its line while typing, fixes it and saves: published.
      actor = { id: helper, role: 'instructor' };
      const draft = await actions.checkLessonDraft({ course: 'fresh', lesson: 'first', source: broken });
      expect(draft).toMatchObject({ status: 'ok', problems: [expect.objectContaining({ file: 'fresh/first.mdx', line: 3, column: 5 })] });
      const { source, hash } = await lessonText(root, 'fresh', 'first');
      expect(source).toBe(broken);
      const fixed = META + 'One step.\n';
      expect(await actions.checkLessonDraft({ course: 'fresh', lesson: 'first', source: fixed })).toMatchObject({ status: 'ok', problems: [] });
      expect(await actions.saveLessonText({ course: 'fresh', lesson: 'first', source: fixed, baseHash: hash })).toMatchObject({ status: 'saved', sync: { status: 'published', problems: [] } });
      expect((await prisma.course.findUniqueOrThrow({ where: { slug: 'fresh' } })).publishedVersionId).not.toBeNull();
      expect((await courses.findCourse('fresh'))?.lessons).toEqual(['first']);
      expect((await coursesFor(prisma, { id: `s-${name}`, role: 'student' })).map((c) => c.slug).sort()).toEqual(['calc', 'fresh']);
      actor = { id: teacher, role: 'instructor' };
    });

    it('assessments in the editor: checked at their line while typing, created from a template, saved with history and conflicts, published', async () => {
      actor = { id: teacher, role: 'instructor' };
      // The course's exercises on disk: newton-1 (lesson newton). A slot naming another id is reported at its line.
      expect(await courseExerciseIds(root, 'calc')).toEqual(['newton-1']);
      const bad = '{\n  "title": "Homework A",\n  "type": "homework",\n  "slots": [\n    { "exercise": "no-such-exercise", "points": 1 }\n  ]\n}\n';
      const checked = await actions.checkLessonDraft({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: bad });
      expect(checked).toMatchObject({ status: 'ok', previewHash: null });
      if (checked.status === 'ok') {
        expect(checked.problems).toHaveLength(1);
        expect(checked.problems[0]).toMatchObject({ file: 'calc/assessments/hw-a.json', line: 5 });
        expect(checked.problems[0].message).toContain('no-such-exercise');
      }
      // Broken JSON: at the place it breaks (line 3, after "type": "homework" a comma is missing).
      const syntax = await actions.checkLessonDraft({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: '{\n  "title": "A",\n  "type": "homework"\n  "slots": []\n}\n' });
      expect(syntax.status === 'ok' && syntax.problems[0]).toMatchObject({ file: 'calc/assessments/hw-a.json', line: 4 });
      // The template is valid as it stands, over the course's exercises.
      const template = assessmentTemplate('homework', 'hw-a', await courseExerciseIds(root, 'calc'));
      expect(await actions.checkLessonDraft({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: template })).toMatchObject({ status: 'ok', problems: [] });
      for (const t of ['quiz', 'exam'] as const) expect(await checkAssessmentDraft(root, 'calc', 'q', assessmentTemplate(t, 'q', ['newton-1']))).toEqual([]);

      // A save with problems is written but not published; the fixed save publishes it and students' list has it.
      const first = await actions.saveLessonText({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: bad, baseHash: null });
      expect(first).toMatchObject({ status: 'saved', sync: { status: 'refused' } });
      expect(fs.readFileSync(file('assessments/hw-a.json'), 'utf8')).toBe(bad);
      expect(JSON.parse(fs.readFileSync(file('course.json'), 'utf8')).lessons).not.toContain('hw-a');
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      expect(await prisma.assessment.count({ where: { courseId: course.id, slug: 'hw-a' } })).toBe(0);
      const { hash } = await lessonText(root, 'calc', 'hw-a', 'assessment');
      const fixed = await actions.saveLessonText({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: template, baseHash: hash });
      expect(fixed).toMatchObject({ status: 'saved', sync: { status: 'published', problems: [] } });
      expect(await prisma.assessment.findFirst({ where: { courseId: course.id, slug: 'hw-a' } })).toMatchObject({ title: 'Hw a', type: 'homework' });
      expect(await editorAssessments(root, 'calc')).toEqual([{ slug: 'hw-a', title: 'Hw a', type: 'homework' }]);

      // A save from the stale text is a conflict and writes nothing.
      const stale = await actions.saveLessonText({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: template.replace('Hw a', 'Other'), baseHash: hash });
      expect(stale).toMatchObject({ status: 'conflict', message: expect.stringContaining('Someone else saved this assessment') });
      expect(fs.readFileSync(file('assessments/hw-a.json'), 'utf8')).toBe(template);

      // History under assessments/hw-a (never mixed with a lesson's), and a revert through the action.
      const history = await lessonHistory(prisma, 'calc', historyKey('assessment', 'hw-a'));
      expect(history.map((h) => h.action)).toEqual(['save', 'create']);
      expect(history[0].diff).toContain('+ ' + template.split('\n')[1]);
      expect(await lessonHistory(prisma, 'calc', 'hw-a')).toEqual([]);
      const reverted = await actions.revertLesson({ course: 'calc', lesson: 'hw-a', type: 'assessment', editId: history[1].id, baseHash: textHash(template) });
      expect(reverted).toMatchObject({ status: 'saved', sync: { status: 'refused' } });
      expect(fs.readFileSync(file('assessments/hw-a.json'), 'utf8')).toBe(bad);
      // A lesson's revert cannot reach an assessment's edit.
      expect(await actions.revertLesson({ course: 'calc', lesson: 'hw-a', editId: history[1].id, baseHash: null })).toMatchObject({ status: 'error' });
      const back = await actions.saveLessonText({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: template, baseHash: textHash(bad) });
      expect(back).toMatchObject({ status: 'saved', sync: { status: 'published' } });

      // Who asks is checked before the input is read: a student with a malformed input is told they may not, not what is wrong with it.
      actor = { id: `s-${name}`, role: 'student' };
      const forbidden = { status: 'error', message: 'Only an instructor of this course may do that.' };
      expect(await actions.saveLessonText({ course: 'calc', lesson: 'hw-a', type: 'assessment', source: bad, baseHash: textHash(template) })).toEqual(forbidden);
      expect(await actions.saveLessonText({ course: 'calc', lesson: 42 })).toEqual(forbidden);
      expect(await actions.checkLessonDraft({ course: 'calc', type: 'nonsense' })).toEqual(forbidden);
      expect(await actions.revertLesson({ course: 'calc', lesson: 'hw-a', type: 'assessment', editId: history[1].id, baseHash: textHash(template) })).toEqual(forbidden);
      actor = null;
      expect(await actions.saveLessonText({ course: 'calc', lesson: 42 })).toEqual({ status: 'error', message: 'Sign in first.' });
      expect(fs.readFileSync(file('assessments/hw-a.json'), 'utf8')).toBe(template);
      actor = { id: teacher, role: 'instructor' };
      // Still read strictly once allowed.
      expect(await actions.saveLessonText({ course: 'calc', lesson: 42 })).toMatchObject({ status: 'error', message: expect.stringContaining('lesson') });
    });

    it('a new course folder whose course.json is wrong: fixed in the browser as JSON, then published', async () => {
      const dir = path.join(root, 'outline');
      fs.mkdirSync(dir);
      // No description; lists a lesson that does not exist (line 4) and leaves out the one that does.
      const bad = '{\n  "slug": "outline",\n  "title": "Outline",\n  "lessons": ["missing"]\n}\n';
      fs.writeFileSync(path.join(dir, 'course.json'), bad);
      fs.writeFileSync(path.join(dir, 'present.mdx'), META + 'Here.\n');
      const refused = await syncCourseFolder(prisma, root, dir);
      expect(refused.status).toBe('refused');
      expect(await prisma.course.findUniqueOrThrow({ where: { slug: 'outline' } })).toMatchObject({ title: 'Outline', publishedVersionId: null });
      // With a lesson list the editor lists it; with none, the .mdx files on disk.
      expect((await editorLessons(root, 'outline')).lessons.map((l) => l.slug)).toEqual(['missing']);
      fs.writeFileSync(path.join(dir, 'course.json'), '{ "slug": "outline", ');
      expect((await editorLessons(root, 'outline')).lessons.map((l) => l.slug)).toEqual(['present']);
      fs.writeFileSync(path.join(dir, 'course.json'), bad);

      const admin = (await prisma.user.findUnique({ where: { id: `a-${name}` } }))?.id ?? (await prisma.user.create({ data: { id: `a-${name}`, name: 'Admin', email: `a-${name}@example.com`, role: 'admin' } })).id;
      actor = { id: admin, role: 'admin' };
      const checked = await actions.checkLessonDraft({ course: 'outline', lesson: 'course', type: 'course', source: bad });
      expect(checked.status).toBe('ok');
      if (checked.status === 'ok') {
        expect(checked.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.column ?? '-'}: ${p.message}`).sort()).toEqual([
          'outline/course.json:-:-: present.mdx is not listed in course.json "lessons"',
          'outline/course.json:1:1: "description" must be a string',
          'outline/course.json:4:15: lesson "missing" is listed but missing.mdx does not exist',
        ]);
      }
      const good = '{\n  "slug": "outline",\n  "title": "Outline",\n  "description": "Fixed in the browser.",\n  "lessons": ["present"]\n}\n';
      expect(await actions.checkLessonDraft({ course: 'outline', lesson: 'course', type: 'course', source: good })).toEqual({ status: 'ok', problems: [], previewHash: null });
      // The draft was checked, never written.
      expect(fs.readFileSync(path.join(dir, 'course.json'), 'utf8')).toBe(bad);
      const { hash } = await lessonText(root, 'outline', 'course.json', 'course');
      expect(await actions.saveLessonText({ course: 'outline', lesson: 'course', type: 'course', source: good, baseHash: hash })).toMatchObject({ status: 'saved', sync: { status: 'published' } });
      expect((await courses.findCourse('outline'))?.lessons).toEqual(['present']);
      expect((await lessonHistory(prisma, 'outline', historyKey('course', 'x'))).map((h) => h.action)).toEqual(['save']);
      // A stale save of course.json is a conflict.
      expect(await actions.saveLessonText({ course: 'outline', lesson: 'course', type: 'course', source: bad, baseHash: hash })).toMatchObject({ status: 'conflict' });
      actor = { id: `s-${name}`, role: 'student' };
      expect(await actions.saveLessonText({ course: 'outline', lesson: 'course', type: 'course', source: bad, baseHash: textHash(good) })).toMatchObject({ status: 'error', message: 'Only an instructor of this course may do that.' });
      expect(fs.readFileSync(path.join(dir, 'course.json'), 'utf8')).toBe(good);
      actor = { id: teacher, role: 'instructor' };
    });

    it('preview drafts: stored in the database for every instance, course staff only, expiring and bounded', async () => {
      actor = { id: teacher, role: 'instructor' };
      const text = META + 'Draft text, $x^2$.\n';
      const checked = await actions.checkLessonDraft({ course: 'calc', lesson: 'intro', source: text });
      expect(checked).toMatchObject({ status: 'ok', previewHash: textHash(text) });
      const row = await prisma.lessonDraft.findUniqueOrThrow({ where: { courseSlug_hash: { courseSlug: 'calc', hash: textHash(text) } } });
      expect(row.source).toBe(text);
      // Another instance: fresh modules, so no compile cache or module state of this one.
      vi.resetModules();
      const other = await import('@/server/teach/draft-preview');
      const seen = await other.previewDraft('calc', textHash(text));
      expect(seen.status === 'ok' && seen.module?.meta.title).toBe('Newton');
      // Who may see it: not a student of the course, not the signed-out.
      actor = { id: `s-${name}`, role: 'student' };
      expect(await other.previewDraft('calc', textHash(text))).toEqual({ status: 'forbidden', message: 'Only an instructor of this course may do that.' });
      actor = null;
      expect(await other.previewDraft('calc', textHash(text))).toEqual({ status: 'signed-out' });
      actor = { id: teacher, role: 'instructor' };
      // A draft belongs to its course: the same hash under another course is unknown.
      const { draftText, storeDraft, DRAFT_TTL_MS, DRAFTS_PER_COURSE } = await import('@/server/drafts');
      expect(await draftText(prisma, 'other', textHash(text))).toBeUndefined();
      // An expired draft is not served, and the next store deletes it.
      const later = new Date(row.expiresAt.getTime() + 1);
      expect(await draftText(prisma, 'calc', textHash(text), later)).toBeUndefined();
      await storeDraft(prisma, 'calc', META + 'Later.\n', later);
      expect(await prisma.lessonDraft.count({ where: { hash: textHash(text) } })).toBe(0);
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(DRAFT_TTL_MS);
      // At most DRAFTS_PER_COURSE per course: the oldest goes (one second apart, so the order is certain).
      for (let i = 0; i <= DRAFTS_PER_COURSE; i++) await storeDraft(prisma, 'calc', META + `Draft ${i}.\n`, new Date(later.getTime() + 1000 * (i + 1)));
      expect(await prisma.lessonDraft.count({ where: { courseSlug: 'calc' } })).toBe(DRAFTS_PER_COURSE);
      expect(await prisma.lessonDraft.count({ where: { hash: textHash(META + 'Later.\n') } })).toBe(0);
      expect(await prisma.lessonDraft.count({ where: { hash: textHash(META + 'Draft 0.\n') } })).toBe(0);
      expect(await prisma.lessonDraft.count({ where: { hash: textHash(META + 'Draft 1.\n') } })).toBe(1);
      await expect(storeDraft(prisma, 'calc', 'x'.repeat(200_001))).rejects.toThrow(/at most 200000 characters/);
    });
  });
}
