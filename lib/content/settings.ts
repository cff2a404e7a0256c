/**
 * Per-exercise settings an author writes beside the spec in a lesson: how many graded
 * attempts a student has, when the worked answer is shown, and hints. Pure: the web app
 * (server and browser), the loader and check-content share these rules.
 */
import type { JsonValue } from './types';

/**
 * When the reference answer and worked steps may be shown to a student (instructors
 * always see them). The due date is the lesson's due date, set in the app.
 *
 * - `after-correct`: once the student has answered correctly, or after the due date.
 * - `after-last-attempt` (the default): once the student has answered correctly or has
 *   used the last attempt (their score can no longer change), or after the due date.
 *   With unlimited attempts this is the same as `after-correct`.
 * - `after-due`: only after the due date, for everyone, even after a correct answer
 *   (graded homework where answers must not circulate early). Without a due date the
 *   answer stays hidden.
 * - `always`: from the start (worked examples, practice).
 * - `never`: never shown to students.
 */
export const REVEAL_POLICIES = ['after-correct', 'after-last-attempt', 'after-due', 'always', 'never'] as const;

/** One of REVEAL_POLICIES. */
export type RevealPolicy = (typeof REVEAL_POLICIES)[number];

/** The settings of one exercise, with every default filled in. */
export interface ExerciseSettings {
  /** Optional short title shown above the exercise (plain text, may hold $…$ math). */
  title?: string;
  /** Graded attempts allowed; 0 means unlimited. An unreadable answer is not an attempt. */
  attempts: number;
  reveal: RevealPolicy;
  /** Hints in Markdown with $…$ math, shown one at a time in this order. */
  hints: string[];
}

/** Attempts a student has when the author does not say. */
export const DEFAULT_ATTEMPTS = 3;
/** The reveal policy when the author does not say. */
export const DEFAULT_REVEAL: RevealPolicy = 'after-last-attempt';

/** Props of an <Exercise> element that are settings; every other prop belongs to the spec template. */
export const SETTING_PROPS = ['id', 'title', 'attempts', 'reveal', 'hints'] as const;

/** A problem with one settings prop. */
export interface SettingProblem {
  prop: string;
  message: string;
}

/**
 * Reads the settings props (`title`, `attempts`, `reveal`, `hints`; `id` is read by the
 * parser) from an element's props, filling in the defaults. Invalid values are
 * reported per prop and replaced by their default.
 */
export function readSettings(props: Record<string, JsonValue>): { settings: ExerciseSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const settings: ExerciseSettings = { attempts: DEFAULT_ATTEMPTS, reveal: DEFAULT_REVEAL, hints: [] };
  const { title, attempts, reveal, hints } = props;
  if (title !== undefined) {
    if (typeof title === 'string' && title.trim() !== '') settings.title = title;
    else problems.push({ prop: 'title', message: 'title must be a non-empty string' });
  }
  if (attempts !== undefined) {
    if (typeof attempts === 'number' && Number.isInteger(attempts) && attempts >= 0) settings.attempts = attempts;
    else problems.push({ prop: 'attempts', message: 'attempts must be a whole number ≥ 0 (0 = unlimited)' });
  }
  if (reveal !== undefined) {
    if (typeof reveal === 'string' && (REVEAL_POLICIES as readonly string[]).includes(reveal)) settings.reveal = reveal as RevealPolicy;
    else problems.push({ prop: 'reveal', message: `reveal must be one of ${REVEAL_POLICIES.map((r) => `"${r}"`).join(', ')}` });
  }
  if (hints !== undefined) {
    if (Array.isArray(hints) && hints.every((h) => typeof h === 'string' && h.trim() !== '')) settings.hints = hints as string[];
    else problems.push({ prop: 'hints', message: 'hints must be a list of non-empty strings, e.g. hints={["Differentiate twice."]}' });
  }
  return { settings, problems };
}

/**
 * An <Exercise> element's props split in two: the spec template (every prop but the
 * settings props: `kind`, the kind's inputs, rtol/atol, `params`, `where`) and the settings
 * read from the rest, with their problems.
 */
export function splitExerciseProps(props: Record<string, JsonValue>): {
  template: Record<string, JsonValue>;
  settings: ExerciseSettings;
  problems: SettingProblem[];
} {
  const template: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(props)) if (!(SETTING_PROPS as readonly string[]).includes(k)) template[k] = v;
  return { template, ...readSettings(props) };
}

/**
 * Settings stored with an exercise (any JSON: what readSettings made when the course was
 * loaded), read again with every default filled in.
 */
export function settingsOf(stored: unknown): ExerciseSettings {
  const props = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, JsonValue>) : {};
  return readSettings(props).settings;
}

/** What the app knows about one student and one exercise when deciding what to show. */
export interface RevealState {
  /** Whether one of the student's graded attempts was correct. */
  correct: boolean;
  /** Graded attempts used so far (unreadable answers do not count). */
  attemptsUsed: number;
  /** The lesson's due date, if any. */
  dueAt?: Date | null;
  now: Date;
}

/**
 * Graded attempts the student may still make: Infinity when attempts are unlimited,
 * 0 once they are used up.
 */
export function attemptsLeft(settings: Pick<ExerciseSettings, 'attempts'>, attemptsUsed: number): number {
  if (settings.attempts === 0) return Infinity;
  return Math.max(0, settings.attempts - attemptsUsed);
}

/** Whether the reference answer may be sent to this student now (see REVEAL_POLICIES). */
export function mayReveal(settings: Pick<ExerciseSettings, 'attempts' | 'reveal'>, state: RevealState): boolean {
  const due = state.dueAt != null && state.now.getTime() >= state.dueAt.getTime();
  switch (settings.reveal) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'after-due':
      return due;
    case 'after-correct':
      return state.correct || due;
    case 'after-last-attempt':
      return state.correct || due || attemptsLeft(settings, state.attemptsUsed) === 0;
  }
}
