/**
 * Where check-content's seed sweep spends its time (issue 19: the first sync of a course),
 * in process, on the demo course:
 *
 *   - per randomised exercise, the sweep of checkExercise (lib/content/exercise.ts) done
 *     step by step: each seed's variant (generateVariant: draw the params, `where`,
 *     substitute, the kind's variation, validate and solve the reference), and for the first
 *     PROMPT_SEEDS seeds the prompt (the kind's prompt, then KaTeX over its formulas); the
 *     drawing alone is a second pass over the seeds, when every variant's solve is cached,
 *     and validating + solving is the first pass minus the second;
 *   - the same summed per kind.
 *
 *   npm run bench:sweep [-- --seeds 200]
 *
 * Times are the process's CPU time (a shared machine's clock also counts waiting for a core).
 * Each exercise is checked once, in course order, in a fresh process: the first
 * exercises also pay for warming up the JIT, as a sync does.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownMathProblems, PROMPT_SEEDS, SWEEP_SEEDS } from '@/lib/content/exercise';
import { readCourse } from '@/lib/content/load';
import { generateVariant, paramsOf, solveSpec } from '@/lib/exercises';
import { machineLine } from './lib/machine';
import { ms, table } from './lib/stats';

const { values: args } = parseArgs({ options: { seeds: { type: 'string', default: String(SWEEP_SEEDS) } } });
const seeds = Number(args.seeds);
const dir = path.resolve(import.meta.dirname, '..', 'content', 'curvature');
console.log(machineLine());

interface Row {
  id: string;
  kind: string;
  check: number;
  draw: number;
  solve: number;
  prompts: number;
}

/** CPU time of this process in ms (user + system): steadier than the clock on a shared machine. */
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const wallStart = performance.now();
const cpuStart = now();
const read = await readCourse(dir);
const rows: Row[] = [];
for (const lesson of read.lessons) {
  for (const ex of lesson.parsed.exercises) {
    if (!paramsOf(ex.spec)) continue; // not randomised: one seed, no sweep
    let gen = 0;
    let prompts = 0;
    const seen = new Set<string>();
    for (let seed = 0; seed < seeds; seed++) {
      let t = now();
      const variant = generateVariant(ex.spec, seed);
      gen += now() - t;
      if (seed >= PROMPT_SEEDS) continue;
      t = now();
      const solved = solveSpec(variant);
      const prompt = solved.kind.prompt(solved.spec);
      if (!seen.has(prompt)) {
        seen.add(prompt);
        const bad = markdownMathProblems(prompt, 'the prompt', lesson.file, { line: ex.line, column: ex.column });
        if (bad.length > 0) throw new Error(`${lesson.slug}/${ex.id}: ${bad[0].message}`);
      }
      prompts += now() - t;
    }
    // Again: every variant's solve is cached now, so this is the drawing alone.
    const t = now();
    for (let seed = 0; seed < seeds; seed++) generateVariant(ex.spec, seed);
    const draw = now() - t;
    rows.push({ id: `${lesson.slug}/${ex.id}`, kind: String(ex.spec.kind), check: gen + prompts, draw, solve: gen - draw, prompts });
  }
}
const cpu = now() - cpuStart;
const wall = performance.now() - wallStart;

const line = (name: string, n: number | string, r: Omit<Row, 'id' | 'kind'>) => [name, n, ms(r.check), ms(r.draw), ms(r.solve), ms(r.prompts)];
const header = ['', 'exercises', 'check (sweep)', 'draw params', 'validate + solve', `prompts (${PROMPT_SEEDS} seeds)`];
const sum = (rs: Row[]) => rs.reduce((a, r) => ({ check: a.check + r.check, draw: a.draw + r.draw, solve: a.solve + r.solve, prompts: a.prompts + r.prompts }), { check: 0, draw: 0, solve: 0, prompts: 0 });
const kinds = [...new Set(rows.map((r) => r.kind))].map((k) => ({ kind: k, rs: rows.filter((r) => r.kind === k) }));
kinds.sort((a, b) => sum(b.rs).check - sum(a.rs).check);
const total = sum(rows);
console.log(`\n${seeds} seeds per randomised exercise; times are CPU time; both passes took ${ms(cpu)} of CPU in ${ms(wall)}\n`);
console.log(table(['kind', ...header.slice(1)], [...kinds.map(({ kind, rs }) => line(kind, rs.length, sum(rs))), line('all', rows.length, total)]));
console.log('');
console.log(table(['exercise', 'kind', 'check (sweep)', 'draw params', 'validate + solve', `prompts (${PROMPT_SEEDS} seeds)`], [...rows].sort((a, b) => b.check - a.check).slice(0, 15).map((r) => [r.id, r.kind, ...line('', '', r).slice(2)])));

