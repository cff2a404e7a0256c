/**
 * Publishing content at run time (server/publish.ts) and serving it (server/courses.ts) on a
 * real database: a course folder dropped in the content root and synced is served with KaTeX
 * in the HTML, with no build; an edited lesson is served after the next sync, its exercise's
 * spec hash changes and stored attempts stay as they were; a broken lesson or one that tries
 * to run code is refused with file:line:column and the last good version keeps serving.
 * Run on SQLite and PostgreSQL by publish-sqlite.test.ts and publish-postgres.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncContent, syncCourseFolder, textHash } from '@/server/publish';
import { lessonComponentsFor } from '@/components/lesson-components';
import { getKind } from '@/lib/exercises';
import type { Harness } from '../support/database';

type Courses = typeof import('@/server/courses');

const META = (title: string) => `export const meta = { title: "${title}", summary: "About ${title}.", objectives: ["Learn ${title}."] }\n\n`;

export function publishSuite(name: string, setup: () => Promise<Harness>) {
  describe(`publishing content (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let root: string;
    let courses: Courses;
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    /** The lesson as a student's browser receives it (server-rendered HTML of the body). */
    const served = async (course: string, lesson: string): Promise<string | undefined> => {
      const info = await courses.findCourse(course);
      if (!info) return undefined;
      const mod = await courses.loadLesson(info, lesson);
      return mod && renderToStaticMarkup(createElement(mod.default, { components: lessonComponentsFor(course, lesson) }));
    };

    beforeAll(async () => {
      harness = await setup();
      await applyMigrations(harness.db);
      prisma = createPrisma(harness.db);
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-content-'));
      vi.doMock('server-only', () => ({}));
      (globalThis as typeof globalThis & { __curvaturePrisma?: PrismaClient }).__curvaturePrisma = prisma;
      courses = await import('@/server/courses');
    });
    afterAll(async () => {
      vi.doUnmock('server-only');
      (globalThis as typeof globalThis & { __curvaturePrisma?: PrismaClient }).__curvaturePrisma = undefined;
      await prisma?.$disconnect();
      await harness?.cleanup();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('serves a course folder dropped in the content root once synced, KaTeX in the HTML, no build', async () => {
      write('optics/course.json', JSON.stringify({ slug: 'optics', title: 'Optics', description: 'Lenses.', lessons: ['lenses'] }));
      write('optics/lenses.mdx', META('Lenses') + 'The focal length obeys $\\frac{1}{f} = \\frac{1}{u} + \\frac{1}{v}$.\n\n<Exercise id="lens-gradient" kind="gradient" f="x^2 + 3*y" vars={["x", "y"]} at={[2, 1]} />\n');
      expect(await courses.findCourse('optics')).toBeUndefined();
      const [result] = await syncContent(prisma, root);
      expect(result).toMatchObject({ slug: 'optics', status: 'published', problems: [] });

      const info = await courses.findCourse('optics');
      expect(info).toMatchObject({ slug: 'optics', title: 'Optics', description: 'Lenses.', lessons: ['lenses'] });
      expect(info!.lessonInfo[0]).toMatchObject({ slug: 'lenses', title: 'Lenses', summary: 'About Lenses.', objectives: ['Learn Lenses.'] });
      expect((await courses.publishedCourses()).map((c) => c.slug)).toEqual(['optics']);
      const html = await served('optics', 'lenses');
      expect(html).toContain('<span class="katex">');
      expect(html).toContain('<annotation encoding="application/x-tex">\\frac{1}{f} = \\frac{1}{u} + \\frac{1}{v}</annotation>');
      expect(html).toContain('data-exercise="lens-gradient"');
      // The rows the app grades against: the exercise exists with its kind and spec.
      const ex = await prisma.exercise.findFirstOrThrow({ where: { key: 'lens-gradient' } });
      expect(ex.kind).toBe('gradient');
      expect(await served('optics', 'no-such-lesson')).toBeUndefined();
    });

    it('a second sync of the same text publishes nothing new', async () => {
      const before = await prisma.courseVersion.count();
      expect((await syncContent(prisma, root)).map((r) => r.status)).toEqual(['unchanged']);
      expect(await prisma.courseVersion.count()).toBe(before);
    });

    it('an edited lesson is served after the sync; its spec hash changes and stored attempts stay', async () => {
      const ex = await prisma.exercise.findFirstOrThrow({ where: { key: 'lens-gradient' } });
      const user = await prisma.user.create({ data: { id: `u-${name}`, name: 'S', email: `s-${name}@example.com` } });
      const attempt = await prisma.attempt.create({
        data: {
          userId: user.id, exerciseId: ex.id, seed: 0, specHash: ex.specHash, graderVersion: ex.kindVersion,
          // ∇(x² + 3y) = (2x, 3) = (4, 3) at (2, 1)
          answerText: '[4, 3]', score: 1, correct: true, feedback: [], idempotencyKey: `k-${name}`, number: 1,
        },
      });
      write('optics/lenses.mdx', META('Lenses') + 'Now with a **new** sentence, $a^2$.\n\n<Exercise id="lens-gradient" kind="gradient" f="x^2 + 5*y" vars={["x", "y"]} at={[2, 1]} />\n');
      const before = await served('optics', 'lenses');
      expect(before).toContain('<annotation encoding="application/x-tex">f(x, y) = { x}^{2}+3  y</annotation>');
      expect((await syncContent(prisma, root))[0].status).toBe('published');
      // The rendered parts are cached (compiled lesson by text hash, example cards by their props):
      // the new text and the new exercise's question are served, the old question is not.
      const html = await served('optics', 'lenses');
      expect(html).toContain('<strong>new</strong>');
      expect(html).toContain('<annotation encoding="application/x-tex">f(x, y) = { x}^{2}+5  y</annotation>');
      expect(html).not.toContain('+3  y</annotation>');
      const after = await prisma.exercise.findUniqueOrThrow({ where: { id: ex.id } });
      expect(after.specHash).not.toBe(ex.specHash);
      expect(after.spec).toMatchObject({ f: 'x^2 + 5*y' });
      // Nothing stored is altered: the attempt keeps its text, score and the hash it was graded under.
      expect(await prisma.attempt.findUniqueOrThrow({ where: { id: attempt.id } })).toEqual(attempt);
    });

    it('a broken lesson is refused with file:line:column, and the last good version keeps serving', async () => {
      const good = await courses.findCourse('optics');
      write('optics/lenses.mdx', META('Lenses') + 'Broken: $\\fraq{1}{2}$.\n\n<Exercise id="lens-gradient" kind="no-such-kind" f="x" vars={["x"]} />\n');
      const result = await syncCourseFolder(prisma, root, path.join(root, 'optics'));
      expect(result.status).toBe('refused');
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: path.join('optics', 'lenses.mdx'), line: 3, column: 9, message: expect.stringContaining('KaTeX cannot render') }),
          expect.objectContaining({ file: path.join('optics', 'lenses.mdx'), line: 5, message: expect.stringContaining('no-such-kind') }),
        ]),
      );
      // The refusal is recorded with its problems, for the instructor's view.
      const refused = await prisma.courseVersion.findFirstOrThrow({ where: { courseSlug: 'optics', status: 'refused' }, orderBy: { createdAt: 'desc' } });
      expect(refused.problems).toEqual(result.problems);
      expect((await courses.findCourse('optics'))!.versionId).toBe(good!.versionId);
      expect(await served('optics', 'lenses')).toContain('<strong>new</strong>');
      expect((await prisma.exercise.findFirstOrThrow({ where: { key: 'lens-gradient' } })).kind).toBe('gradient');
    });

    it('a lesson that tries to run code on the server is refused, and nothing of it runs', async () => {
      const marker = path.join(root, 'pwned');
      write('optics/lenses.mdx', META('Lenses') + `Hello {require("fs").writeFileSync(${JSON.stringify(marker)}, "x")}\n\nimport cp from "node:child_process"\n`);
      const result = await syncCourseFolder(prisma, root, path.join(root, 'optics'));
      expect(result.status).toBe('refused');
      const where = result.problems.map((p) => `${p.file}:${p.line}:${p.column}`);
      expect(where).toEqual(expect.arrayContaining([`${path.join('optics', 'lenses.mdx')}:3:7`, `${path.join('optics', 'lenses.mdx')}:5:1`]));
      expect(fs.existsSync(marker)).toBe(false);
      expect(await served('optics', 'lenses')).toContain('<strong>new</strong>');
    });

    it('stores each distinct lesson text once, keyed by its hash', async () => {
      const info = (await courses.findCourse('optics'))!;
      const row = await prisma.lessonSource.findUniqueOrThrow({ where: { hash: info.lessonInfo[0].hash } });
      expect(textHash(row.source)).toBe(row.hash);
      expect(row.source).toContain('**new** sentence');
    });

    it('keeps the sweeps that passed: an unchanged exercise is not swept again, a failing one always is', async () => {
      const good = '<Exercise id="sweep-good" kind="gradient" f="x^2 + {a}*x" vars={["x"]} at={["{p}"]} params={{ a: { min: 1, max: 3 }, p: [1, 2] }} />\n';
      const bad = '<Exercise id="sweep-bad" kind="newton-step" f="{a}*x^2 + y^2" vars={["x", "y"]} x0={[1, 1]} params={{ a: [0] }} />\n';
      write('sweeps/course.json', JSON.stringify({ slug: 'sweeps', title: 'Sweeps', description: 'Seeds.', lessons: ['one'] }));
      write('sweeps/one.mdx', META('One') + 'First text.\n\n' + good);
      const before = await prisma.sweptSpec.count();
      expect(await syncCourseFolder(prisma, root, path.join(root, 'sweeps'))).toMatchObject({ status: 'published' });
      // One randomised exercise swept for 200 seeds with the kind's version: one row, keyed by its spec hash.
      const ex = await prisma.exercise.findFirstOrThrow({ where: { key: 'sweep-good' } });
      const key = `gradient:${getKind('gradient')!.version}:200:${ex.specHash}`;
      expect(await prisma.sweptSpec.findUnique({ where: { key } })).not.toBeNull();
      expect(await prisma.sweptSpec.count()).toBe(before + 1);

      // The prose changes, the exercise does not: published again, nothing new swept.
      write('sweeps/one.mdx', META('One') + 'Second text.\n\n' + good);
      expect(await syncCourseFolder(prisma, root, path.join(root, 'sweeps'))).toMatchObject({ status: 'published' });
      expect(await prisma.sweptSpec.count()).toBe(before + 1);

      // An exercise with no solvable seed is refused, is not stored, and is refused again at the next sync.
      write('sweeps/one.mdx', META('One') + 'Third text.\n\n' + good + '\n' + bad);
      for (let i = 0; i < 2; i++) {
        const r = await syncCourseFolder(prisma, root, path.join(root, 'sweeps'));
        expect(r.status).toBe('refused');
        expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^seed 0: params: no valid variant/)]);
        expect(await prisma.sweptSpec.count()).toBe(before + 1);
      }
    });
  });
}

/** Bringing courses from a git repository on this machine (no database needed). */
export function gitSuite() {
  describe('fetchFromGit', () => {
    it('copies a repository’s course folders into the content root, and refuses network addresses', async () => {
      const { fetchFromGit } = await import('@/server/publish');
      const { execFileSync } = await import('node:child_process');
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-repo-'));
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-root-'));
      try {
        fs.mkdirSync(path.join(repo, 'waves'));
        fs.writeFileSync(path.join(repo, 'waves', 'course.json'), JSON.stringify({ slug: 'waves', title: 'Waves', description: 'd', lessons: ['one'] }));
        fs.writeFileSync(path.join(repo, 'waves', 'one.mdx'), META('One') + 'Text.\n');
        fs.mkdirSync(path.join(repo, 'waves', 'assessments'));
        fs.writeFileSync(path.join(repo, 'waves', 'assessments', 'quiz.json'), '{}');
        const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args]);
        git('init', '-q');
        git('add', '.');
        git('commit', '-qm', 'course');
        // A lesson file the repository no longer has is removed from the content root.
        fs.mkdirSync(path.join(root, 'waves'));
        fs.writeFileSync(path.join(root, 'waves', 'old.mdx'), 'old');
        expect(await fetchFromGit(`file://${repo}`, root)).toEqual(['waves']);
        expect(fs.readdirSync(path.join(root, 'waves')).sort()).toEqual(['assessments', 'course.json', 'one.mdx']);
        expect(fs.readFileSync(path.join(root, 'waves', 'assessments', 'quiz.json'), 'utf8')).toBe('{}');
        expect(fs.readFileSync(path.join(root, 'waves', 'one.mdx'), 'utf8')).toContain('Text.');
        await expect(fetchFromGit('https://example.com/courses.git', root)).rejects.toThrow('only a repository on this machine');
        await expect(fetchFromGit(path.join(repo, 'no-such'), root)).rejects.toThrow('git clone');
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
}
