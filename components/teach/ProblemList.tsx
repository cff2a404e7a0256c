'use client';
/** Content problems as `file:line:column: message`, each a button that jumps to its line when `onPick` is given. */
import { formatProblem } from '@/lib/content/problems';
import type { Problem } from '@/lib/content';

export function ProblemList({ problems, onPick }: { problems: Problem[]; onPick?: (p: Problem) => void }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p, i) => (
        <li key={i}>
          {onPick && p.line !== undefined ? (
            <button type="button" className="link-button" onClick={() => onPick(p)}>
              <code>{formatProblem(p)}</code>
            </button>
          ) : (
            <code>{formatProblem(p)}</code>
          )}
        </li>
      ))}
    </ul>
  );
}
