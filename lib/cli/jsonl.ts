/**
 * One line of `curvature solve --jsonl` / `grade --jsonl`: parse it, solve or grade it,
 * and return the output line (without its newline). Never throws: every failure is an
 * `{"error": "…"}` line, so one bad line does not stop a run.
 */
import { gradeText, solveSpec, traceRowsText } from '@/lib/exercises';


export type Mode = 'solve' | 'grade';

/** The JSON output line for input `line` (1-based `lineNo` is used in error messages). */
export function processLine(mode: Mode, line: string, lineNo: number): string {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return error(lineNo, `not valid JSON (${(err as Error).message})`);
  }
  try {
    return mode === 'solve' ? solveLine(input) : gradeLine(input, lineNo);
  } catch (err) {
    return error(lineNo, err instanceof Error ? err.message : String(err));
  }
}

function error(lineNo: number, message: string): string {
  return JSON.stringify({ error: `line ${lineNo}: ${message}` });
}

function solveLine(spec: unknown): string {
  const { solution } = solveSpec(spec);
  return JSON.stringify({ answer: solution.answer, latex: solution.latex, steps: solution.steps });
}

function gradeLine(input: unknown, lineNo: number): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('spec' in input) || !('answer' in input || 'rows' in input)) {
    return error(lineNo, 'expected {"spec": {…}, "answer": "<student text>"} (or, for a trace, {"spec": {…}, "rows": [{…}, …]})');
  }
  const { spec, answer, rows } = input as { spec: unknown; answer: unknown; rows?: unknown };
  let text: string;
  // A trace may be given as its list of rows, each an object of column → text.
  if (!('answer' in input)) return gradeParsedText(spec, traceRowsText(rows), lineNo);
  // An answer in several parts may be given as its object of texts by part, as the web app sends it.
  if (typeof answer === 'string') text = answer;
  else if (typeof answer === 'number' || Array.isArray(answer) || (typeof answer === 'object' && answer !== null)) text = JSON.stringify(answer);
  else return error(lineNo, '"answer" must be the student\'s text (a string)');
  return gradeParsedText(spec, text, lineNo);
}

function gradeParsedText(spec: unknown, text: string, lineNo: number): string {
  const result = gradeText(spec, text);
  if (!result.ok) {
    const { message, start, end } = result.error;
    if (start === undefined) return error(lineNo, message);
    if ('part' in result.error && result.error.part !== undefined) return error(lineNo, `answer: ${message}`);
    const last = Math.max(start + 1, end ?? start);
    return error(lineNo, `answer: ${message} (at character${last > start + 1 ? `s ${start + 1}–${last}` : ` ${start + 1}`})`);
  }
  const { correct, score, feedback, diagnosis, parts } = result.grade;
  const out: Record<string, unknown> = { correct, score, feedback };
  if (diagnosis) {
    out.diagnosis = diagnosis.message;
    out.diagnosisId = diagnosis.id;
  }
  if (parts) {
    out.parts = parts.map((p) => ({
      id: p.id,
      correct: p.grade.correct,
      score: p.grade.score,
      feedback: p.grade.feedback,
      ...(p.grade.diagnosis ? { diagnosis: p.grade.diagnosis.message, diagnosisId: p.grade.diagnosis.id } : {}),
    }));
  }
  return JSON.stringify(out);
}
