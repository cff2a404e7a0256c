/**
 * The `curvature` command (contract §4): `solve --jsonl`, `grade --jsonl` and
 * `check-content [dir]`. A thin shell over lib/exercises; this folder is the one place
 * in lib/ allowed to do I/O (stdin, stdout, the content directory through lib/content).
 *
 * bin/curvature.mjs loads this file through tsx, so no build step is needed.
 */
import path from 'node:path';
import type { Mode } from './jsonl';

const HELP = `curvature — solve and grade Curvature exercises, check course content

Usage:
  curvature solve --jsonl          one spec per input line → {"answer", "latex", "steps"}
  curvature grade --jsonl          one {"spec", "answer"} per line → {"correct", "score", "feedback", "diagnosis"?, "diagnosisId"?}
  curvature check-content [dir]    validate every lesson and exercise under dir (default: content)
  curvature <command> --help       help for one command

Exit codes: 0 success, 1 content problems (check-content), 2 usage error or unreadable input.
`;

const SOLVE_HELP = `curvature solve --jsonl

Reads exercise specs from stdin, one JSON object per line, e.g.
  {"kind":"hessian","f":"x^3 + y^3 + 2*x*y","vars":["x","y"],"at":[1,2]}
and writes one line per spec, in the same order:
  {"answer":[[6,2],[2,12]],"latex":"…","steps":[{"title":"…","latex":"…"},…]}

A line that is not JSON, names an unknown kind, or cannot be solved gets
  {"error":"line N: <field>: <what is wrong>"}
and the run goes on. Blank (whitespace-only) lines are skipped and get no output line.
Exit code 0 unless stdin cannot be read.
`;

const GRADE_HELP = `curvature grade --jsonl

Reads {"spec": <spec>, "answer": "<student text>"} from stdin, one per line, and writes
one line per input, in the same order:
  {"correct":true,"score":1,"feedback":["Correct."]}
  {"correct":false,"score":0.5,"feedback":["Entry (1, 2) is not right."],"diagnosis":"…","diagnosisId":"…"}
"diagnosis" is the message of a recognised mistake and "diagnosisId" its stable id (both only
when one is recognised). The answer may also be given as a JSON number or array; it is then
read as its JSON text.

A bad line (not JSON, unknown kind, unsolvable spec, unreadable answer) gets
  {"error":"…"}
and the run goes on; an unreadable answer's error says where it could not be read.
Blank (whitespace-only) lines are skipped and get no output line.
Exit code 0 unless stdin cannot be read.
`;

const CHECK_HELP = `curvature check-content [dir]

Validates the course content under dir (default: ./content): every MDX lesson compiles,
every formula parses in KaTeX, every exercise spec is valid, every randomised exercise
solves for a sweep of seeds, exercise ids are unique. Prints one line per problem as
  file:line:col: message
then a summary. Exit code 0 when there is no problem, 1 when there is any, 2 on a usage error.
`;

/** Where the command reads and writes (the real process streams, or test doubles). */
export interface Io {
  stdin: AsyncIterable<Buffer | string>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Runs the command line `argv` (without "node" and the script) and resolves to the
 * process exit code.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  switch (command) {
    case undefined:
      io.stderr.write(HELP);
      return 2;
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(HELP);
      return 0;
    case 'solve':
    case 'grade': {
      if (wantsHelp) {
        io.stdout.write(command === 'solve' ? SOLVE_HELP : GRADE_HELP);
        return 0;
      }
      const unknown = rest.filter((a) => a !== '--jsonl');
      if (unknown.length > 0) return usage(io, `curvature ${command}: unknown option ${unknown[0]} (the only format is --jsonl)`);
      return runJsonl(command, io);
    }
    case 'check-content': {
      if (wantsHelp) {
        io.stdout.write(CHECK_HELP);
        return 0;
      }
      const options = rest.filter((a) => a.startsWith('-'));
      if (options.length > 0 || rest.length > 1) {
        return usage(io, `curvature check-content: expected at most one directory${options.length ? `, not ${options[0]}` : ''}`);
      }
      return checkContent(path.resolve(rest[0] ?? 'content'), io);
    }
    default:
      return usage(io, `curvature: unknown command "${command}"`);
  }
}

function usage(io: Io, message: string): number {
  io.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

/** Writes `text` and waits for the stream to drain when its buffer is full. */
function write(out: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (!out.write(text)) return new Promise((resolve) => out.once('drain', () => resolve()));
}

/**
 * Streams stdin line by line: each line is answered in order, the answers of one input
 * chunk are written together (one write per chunk, not per line).
 */
async function runJsonl(mode: Mode, io: Io): Promise<number> {
  const { processLine } = await import('./jsonl'); // the engine is not needed for --help or check-content
  const decoder = new TextDecoder();
  let pending = '';
  let lineNo = 0;
  const answer = (lines: string[]): string => {
    let out = '';
    for (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      out += processLine(mode, line, lineNo) + '\n';
    }
    return out;
  };
  try {
    for await (const chunk of io.stdin) {
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const out = answer(lines);
      if (out) await write(io.stdout, out);
    }
  } catch (err) {
    io.stderr.write(`curvature ${mode}: cannot read stdin: ${(err as Error).message}\n`);
    return 2;
  }
  pending += decoder.decode();
  const out = answer(pending === '' ? [] : [pending]);
  if (out) await write(io.stdout, out);
  return 0;
}

/** One problem found in the content (the shape lib/content/check.ts reports). */
interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

async function checkContent(dir: string, io: Io): Promise<number> {
  let check: (dir: string) => Promise<Problem[]>;
  try {
    // Loaded only for this command: the content checker pulls in MDX and KaTeX.
    // The specifier is a variable so type-checking does not depend on engineer C's module.
    const checker: string = '../content/check';
    ({ checkContent: check } = (await import(checker)) as { checkContent: typeof check });
  } catch (err) {
    io.stderr.write(`curvature check-content: the content checker (lib/content/check.ts) could not be loaded: ${(err as Error).message}\n`);
    return 2;
  }
  const problems = await check(dir);
  let out = '';
  for (const p of problems) {
    const file = path.isAbsolute(p.file) && !path.relative(process.cwd(), p.file).startsWith('..') ? path.relative(process.cwd(), p.file) || '.' : p.file;
    const where = [file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
    out += `${where}: ${p.message}\n`;
  }
  const files = new Set(problems.map((p) => p.file)).size;
  out +=
    problems.length === 0
      ? `check-content: no problems in ${dir}\n`
      : `check-content: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`;
  await write(io.stdout, out);
  return problems.length === 0 ? 0 : 1;
}
