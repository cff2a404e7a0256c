import type { Problem } from './types';

/** A problem as `file:line:column: message` (line and column left out when unknown). Pure. */
export function formatProblem(p: Problem): string {
  return `${[p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':')}: ${p.message}`;
}
