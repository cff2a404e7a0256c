/**
 * Assessment definitions (issue 22): a homework set, quiz or exam is a JSON file
 * `<course>/assessments/<slug>.json` beside the lessons (format in content/README.md).
 * `readAssessment` checks one file's text against the course's exercise ids and reports
 * each problem at file:line:column; `drawSlots` makes one student's draw from the pools,
 * least-used member first (fair across a class), ties broken by a seeded order. Pure.
 */
import { hashSeed } from '@/lib/math/random';
import { SEED_LIMIT } from './seeds';
import type { Loc, Problem } from './types';

export const ASSESSMENT_TYPES = ['homework', 'quiz', 'exam'] as const;
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number];

/**
 * When answers and worked steps may be shown: "exercise" — as each exercise's own reveal
 * policy says (homework only); "release" — only after the instructor releases the results.
 */
export const ASSESSMENT_REVEALS = ['exercise', 'release'] as const;
export type AssessmentReveal = (typeof ASSESSMENT_REVEALS)[number];
/** While a student's quiz or exam sitting is open, a sign-in from another session is refused ("one") or allowed and logged ("log"). */
export const ASSESSMENT_SESSIONS = ['one', 'log'] as const;
export type AssessmentSessions = (typeof ASSESSMENT_SESSIONS)[number];

/** One slot: a fixed exercise, or `pick` exercises drawn from a pool; each drawn exercise is worth `points`. */
export type Slot = { exercise: string; points: number } | { pool: string[]; pick: number; points: number };

/**
 * A zone (PrairieLearn's zones): a titled group of slots of which each student gets `pick`
 * (all of them unless the file says fewer). `slots` are indexes into the assessment's
 * `slots`, which lists every zone's slots in order. A pool slot is PrairieLearn's
 * alternatives.
 */
export interface Zone {
  title: string;
  pick: number;
  slots: number[];
}

/** An assessment as stored (Assessment row). */
export interface AssessmentDef {
  slug: string;
  title: string;
  type: AssessmentType;
  /** ISO 8601 with a zone; null = open from publication. */
  opensAt: string | null;
  /** ISO 8601 with a zone; null = never closes. */
  closesAt: string | null;
  /** null = no time limit. */
  timeLimitMinutes: number | null;
  /** Graded attempts per question (0 = unlimited). */
  attempts: number;
  reveal: AssessmentReveal;
  /** Students must type it to start; null = none. */
  accessCode: string | null;
  /** One session per student while a sitting is open ("one", quiz or exam only), or a second sign-in only logged ("log", the default). */
  sessions: AssessmentSessions;
  /** Every slot, zone after zone when there are zones. */
  slots: Slot[];
  /** The zones over `slots`, or null when the file lists `slots` directly (every student gets every slot). */
  zones: Zone[] | null;
  /**
   * Its weight in the gradebook's weighted total (Σ weight × points/out of ÷ Σ weight over the
   * assessments that count; server/teach/assessments.ts weightedTotal). 0 = not counted.
   */
  weight: number;
}

export const ASSESSMENT_KEYS = ['title', 'type', 'opensAt', 'closesAt', 'timeLimitMinutes', 'attempts', 'reveal', 'accessCode', 'sessions', 'slots', 'zones', 'weight'] as const;
const ZONE_KEYS = ['title', 'pick', 'points', 'slots'] as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A date-time with a zone (Z or ±hh:mm), so that it means one instant everywhere. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function lineColumn(text: string, offset: number): Loc {
  const before = text.slice(0, Math.max(0, offset));
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where a key is written in the text (the first `"key"` followed by a colon at or after
 * `from`), else line 1 column 1: lets problems point at what they are about.
 */
function locateKey(text: string, key: string, from = 0): { loc: Loc; offset: number } {
  const re = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? { loc: lineColumn(text, m.index), offset: m.index } : { loc: { line: 1, column: 1 }, offset: from };
}

/** The offset of each item's opening brace inside the list `"key": [ … ]` found at or after `from` (best effort; used only for locations). */
function itemOffsets(text: string, key: string, from = 0): number[] {
  const start = locateKey(text, key, from).offset;
  const open = text.indexOf('[', start);
  if (open < 0) return [];
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) offsets.push(i);
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    }
  }
  return offsets;
}

function isPoints(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1000;
}

/**
 * Reads and checks one assessment file. `exerciseIds` are the course's exercise ids (every
 * id a slot names must be one). Returns the definition when there is no problem.
 */
export function readAssessment(
  file: string,
  slug: string,
  text: string,
  exerciseIds: ReadonlySet<string>,
): { def: AssessmentDef | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (loc: Loc, message: string) => problems.push({ file, ...loc, message });
  if (!SLUG.test(slug)) at({ line: 1, column: 1 }, `the file name "${slug}.json" must be a kebab-case slug and .json`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    problems.push({ file, ...(m ? lineColumn(text, Number(m[1])) : { line: 1, column: 1 }), message: `not valid JSON: ${(err as Error).message}` });
    return { def: null, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    at({ line: 1, column: 1 }, 'an assessment is a JSON object { "title", "type", "slots", … }');
    return { def: null, problems };
  }
  const a = raw as Record<string, unknown>;
  const key = (k: string) => locateKey(text, k).loc;
  for (const k of Object.keys(a)) {
    if (!(ASSESSMENT_KEYS as readonly string[]).includes(k)) at(key(k), `unknown key "${k}" (known: ${ASSESSMENT_KEYS.join(', ')})`);
  }
  if (typeof a.title !== 'string' || a.title.trim() === '') at(key('title'), '"title" must be a non-empty string');
  const type = a.type;
  if (!(ASSESSMENT_TYPES as readonly unknown[]).includes(type)) at(key('type'), `"type" must be one of ${ASSESSMENT_TYPES.join(', ')}`);

  const instant = (k: 'opensAt' | 'closesAt'): string | null => {
    const v = a[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || !INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
      at(key(k), `"${k}" must be a date and time with a zone, e.g. "2026-03-06T17:00:00Z" or "2026-03-06T18:00:00+01:00"`);
      return null;
    }
    return new Date(v).toISOString();
  };
  const opensAt = instant('opensAt');
  const closesAt = instant('closesAt');
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) at(key('closesAt'), '"closesAt" must be after "opensAt"');

  let timeLimitMinutes: number | null = null;
  if (a.timeLimitMinutes !== undefined && a.timeLimitMinutes !== null) {
    const t = a.timeLimitMinutes;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 10_000) at(key('timeLimitMinutes'), '"timeLimitMinutes" must be a whole number of minutes from 1 to 10000, or null');
    else timeLimitMinutes = t;
  }
  if ((type === 'quiz' || type === 'exam') && timeLimitMinutes === null && closesAt === null) {
    at(key('type'), `a ${String(type)} needs "timeLimitMinutes" or "closesAt"`);
  }

  let attempts = type === 'homework' ? 3 : 1;
  if (a.attempts !== undefined) {
    const n = a.attempts;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) at(key('attempts'), '"attempts" must be a whole number from 0 (unlimited) to 100');
    else attempts = n;
  }

  let reveal: AssessmentReveal = type === 'homework' ? 'exercise' : 'release';
  if (a.reveal !== undefined) {
    if (!(ASSESSMENT_REVEALS as readonly unknown[]).includes(a.reveal)) at(key('reveal'), `"reveal" must be one of ${ASSESSMENT_REVEALS.join(', ')}`);
    else reveal = a.reveal as AssessmentReveal;
  }
  if (reveal === 'exercise' && type !== 'homework') at(key('reveal'), `a ${String(type)} reveals answers only on release: "reveal" must be "release"`);

  let accessCode: string | null = null;
  if (a.accessCode !== undefined && a.accessCode !== null) {
    if (typeof a.accessCode !== 'string' || !/^[A-Za-z0-9-]{4,32}$/.test(a.accessCode)) at(key('accessCode'), '"accessCode" must be 4–32 letters, digits or dashes');
    else accessCode = a.accessCode;
  }

  let sessions: AssessmentSessions = 'log';
  if (a.sessions !== undefined) {
    if (!(ASSESSMENT_SESSIONS as readonly unknown[]).includes(a.sessions)) at(key('sessions'), `"sessions" must be one of ${ASSESSMENT_SESSIONS.join(', ')}`);
    else if (a.sessions === 'one' && type === 'homework') at(key('sessions'), 'a homework has no sitting to guard: "sessions": "one" is for a quiz or exam');
    else sessions = a.sessions as AssessmentSessions;
  }

  let weight = 1;
  if (a.weight !== undefined) {
    const w = a.weight;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1000) at(key('weight'), '"weight" must be a number from 0 (not counted in the weighted total) to 1000');
    else weight = w;
  }

  const slots: Slot[] = [];
  let zones: Zone[] | null = null;
  const used = new Map<string, string>();
  /** Reads the list of slots `list` written at `offsets`, numbering them from slots.length + 1; returns their indexes. */
  const readSlots = (list: unknown[], offsets: number[], fallback: number, defaultPoints: unknown, zoneName: string): number[] => {
    const indexes: number[] = [];
    list.forEach((s: unknown, j: number) => {
      const n = slots.length;
      const where = offsets[j] ?? fallback;
      const here = lineColumn(text, where);
      const within = (k: string) => locateKey(text, k, where).loc;
      const name = `${zoneName}slot ${j + 1}`;
      const before = problems.length;
      if (typeof s !== 'object' || s === null || Array.isArray(s)) {
        at(here, `${name} must be an object { "exercise", "points" } or { "pool", "pick", "points" }`);
        return;
      }
      const o = s as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (!['exercise', 'pool', 'pick', 'points'].includes(k)) at(within(k), `${name}: unknown key "${k}" (a slot has exercise, or pool and pick; and points)`);
      }
      const points = o.points === undefined ? defaultPoints : o.points;
      if (!isPoints(points)) at(o.points === undefined ? here : within('points'), `${name}: "points" must be a number above 0 and at most 1000`);
      const ids: string[] = [];
      if ('exercise' in o === 'pool' in o) {
        at(here, `${name} needs either "exercise" (one exercise id) or "pool" (a list of ids) with "pick"`);
        return;
      }
      if ('exercise' in o) {
        if (typeof o.exercise !== 'string') at(within('exercise'), `${name}: "exercise" must be an exercise id`);
        else ids.push(o.exercise);
        if ('pick' in o) at(within('pick'), `${name}: "pick" belongs to a pool`);
      } else {
        const pool = o.pool;
        if (!Array.isArray(pool) || pool.length === 0 || !pool.every((p) => typeof p === 'string')) {
          at(within('pool'), `${name}: "pool" must be a non-empty list of exercise ids`);
          return;
        }
        ids.push(...(pool as string[]));
        const pick = o.pick === undefined ? 1 : o.pick;
        if (typeof pick !== 'number' || !Number.isInteger(pick) || pick < 1) at(within('pick'), `${name}: "pick" must be a whole number of at least 1`);
        else if (pick > pool.length) at(within('pick'), `${name}: "pick" is ${pick} but the pool has only ${pool.length} exercise${pool.length === 1 ? '' : 's'}`);
      }
      for (const id of ids) {
        const loc = lineColumn(text, Math.max(where, text.indexOf(JSON.stringify(id), where)));
        if (!exerciseIds.has(id)) at(loc, `${name}: no exercise "${id}" in this course`);
        const first = used.get(id);
        if (first !== undefined) at(loc, `${name}: exercise "${id}" is already used in ${first}; each exercise appears once per assessment`);
        else used.set(id, name);
      }
      if (problems.length === before) {
        indexes.push(n);
        slots.push('exercise' in o ? { exercise: ids[0], points: points as number } : { pool: ids, pick: (o.pick ?? 1) as number, points: points as number });
      }
    });
    return indexes;
  };
  const SLOTS_HELP = 'a non-empty list of { "exercise", "points" } or { "pool", "pick", "points" }';
  if (a.zones !== undefined) {
    if (a.slots !== undefined) at(key('zones'), 'an assessment has either "slots" or "zones" (each zone has its own "slots"), not both');
    if (!Array.isArray(a.zones) || a.zones.length === 0) {
      at(key('zones'), '"zones" must be a non-empty list of { "title", "pick", "points", "slots" }');
    } else {
      zones = [];
      const offsets = itemOffsets(text, 'zones');
      a.zones.forEach((z: unknown, i: number) => {
        const where = offsets[i] ?? locateKey(text, 'zones').offset;
        const here = lineColumn(text, where);
        const within = (k: string) => locateKey(text, k, where).loc;
        const name = `zone ${i + 1}`;
        if (typeof z !== 'object' || z === null || Array.isArray(z)) {
          at(here, `${name} must be an object { "title", "pick", "points", "slots" }`);
          return;
        }
        const o = z as Record<string, unknown>;
        for (const k of Object.keys(o)) {
          if (!(ZONE_KEYS as readonly string[]).includes(k)) at(within(k), `${name}: unknown key "${k}" (a zone has ${ZONE_KEYS.join(', ')})`);
        }
        if (typeof o.title !== 'string' || o.title.trim() === '') at('title' in o ? within('title') : here, `${name}: "title" must be a non-empty string`);
        if (o.points !== undefined && !isPoints(o.points)) at(within('points'), `${name}: "points" must be a number above 0 and at most 1000`);
        if (!Array.isArray(o.slots) || o.slots.length === 0) {
          at('slots' in o ? within('slots') : here, `${name}: "slots" must be ${SLOTS_HELP}`);
          return;
        }
        const indexes = readSlots(o.slots, itemOffsets(text, 'slots', where), where, isPoints(o.points) ? o.points : 1, `${name}, `);
        let pick = o.slots.length;
        if (o.pick !== undefined) {
          const p = o.pick;
          if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) at(within('pick'), `${name}: "pick" must be a whole number of at least 1`);
          else if (p > o.slots.length) at(within('pick'), `${name}: "pick" is ${p} but the zone has only ${o.slots.length} slot${o.slots.length === 1 ? '' : 's'}`);
          else pick = p;
        }
        if (typeof o.title === 'string') zones!.push({ title: o.title.trim(), pick, slots: indexes });
      });
    }
  } else if (!Array.isArray(a.slots) || a.slots.length === 0) {
    at(key('slots'), `"slots" must be ${SLOTS_HELP} (or use "zones")`);
  } else {
    readSlots(a.slots, itemOffsets(text, 'slots'), locateKey(text, 'slots').offset, 1, '');
  }
  if (problems.length > 0) return { def: null, problems };
  return {
    def: { slug, title: (a.title as string).trim(), type: type as AssessmentType, opensAt, closesAt, timeLimitMinutes, attempts, reveal, accessCode, sessions, slots, zones, weight },
    problems,
  };
}

/** One question of a student's draw: the exercise, its points and the seed of their variant. */
export interface DrawnQuestion {
  /** Index of the slot it fills. */
  slot: number;
  /** Index of the zone of that slot (absent without zones). */
  zone?: number;
  exercise: string;
  points: number;
  seed: number;
}

/** How often earlier draws of an assessment took each exercise and each slot (a slot once per draw). */
export interface Uses {
  exercises: ReadonlyMap<string, number>;
  slots: ReadonlyMap<number, number>;
}

/** Counts the uses in earlier draws (Sitting.draw of the class). */
export function countUses(draws: readonly (readonly DrawnQuestion[])[]): Uses {
  const exercises = new Map<string, number>();
  const slots = new Map<number, number>();
  for (const draw of draws) {
    for (const q of draw) exercises.set(q.exercise, (exercises.get(q.exercise) ?? 0) + 1);
    for (const slot of new Set(draw.map((q) => q.slot))) slots.set(slot, (slots.get(slot) ?? 0) + 1);
  }
  return { exercises, slots };
}

/** The `pick` of `items` used least so far, ties in an order seeded by `tie`; returned in their written order. */
function leastUsed<T>(items: readonly T[], pick: number, used: (x: T) => number, tie: (x: T) => number, name: (x: T) => string): T[] {
  const ranked = items
    .map((x) => ({ x, used: used(x), tie: tie(x), name: name(x) }))
    .sort((a, b) => a.used - b.used || a.tie - b.tie || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const chosen = new Set(ranked.slice(0, pick).map((r) => r.x));
  return items.filter((x) => chosen.has(x));
}

/**
 * One student's draw. A zone gives its `pick` slots used least so far in this assessment,
 * then each pool its `pick` members used least so far (`uses`, counted over the class's
 * earlier draws), so that across a class every slot of a zone and every member of a pool is
 * used about evenly (at most one apart when students start one after another); ties are
 * broken by an order seeded with the student and the assessment, so draws differ between
 * students. Questions come in the written order. Each question's variant seed is seeded the
 * same way (different from the lesson's variant of the same exercise).
 */
export function drawSlots(assessmentSlug: string, slots: Slot[], userId: string, uses: Uses, zones: Zone[] | null = null): DrawnQuestion[] {
  const out: DrawnQuestion[] = [];
  const seedOf = (id: string) => hashSeed('assessment', assessmentSlug, userId, id) % SEED_LIMIT;
  const zoneOf = new Map<number, number>();
  let taken = slots.map((_, i) => i);
  if (zones) {
    taken = [];
    zones.forEach((z, zi) => {
      for (const i of z.slots) zoneOf.set(i, zi);
      taken.push(...leastUsed(z.slots, z.pick, (i) => uses.slots.get(i) ?? 0, (i) => hashSeed('zone', assessmentSlug, userId, zi, i), String));
    });
  }
  for (const i of taken) {
    const slot = slots[i];
    const zone = zoneOf.has(i) ? { zone: zoneOf.get(i)! } : {};
    const members = 'exercise' in slot ? [slot.exercise] : leastUsed(slot.pool, slot.pick, (id) => uses.exercises.get(id) ?? 0, (id) => hashSeed('draw', assessmentSlug, userId, i, id), (id) => id);
    for (const id of members) out.push({ slot: i, ...zone, exercise: id, points: slot.points, seed: seedOf(id) });
  }
  return out;
}

/**
 * The order of a course's assessments in every list: those open from publication first, then
 * by opening time, then by title, then by slug (never by file name alone).
 */
export function compareAssessments(a: { opensAt: string | null; title: string; slug: string }, b: { opensAt: string | null; title: string; slug: string }): number {
  const t = (x: string | null) => (x === null ? -Infinity : Date.parse(x));
  return t(a.opensAt) - t(b.opensAt) || a.title.localeCompare(b.title, 'en') || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/** A run of questions under one zone title, numbered on from `start` (1-based). */
export interface ZoneGroup<Q> {
  /** The zone's index, or null for a question drawn without one. */
  zone: number | null;
  title: string;
  start: number;
  questions: Q[];
}

/**
 * The questions of a draw under their zones' titles, in the draw's order (which is the
 * zones' written order), numbered on across zones. A question with no zone, or one whose
 * zone is no longer in the file, goes under "Other questions".
 */
export function groupByZone<Q extends { zone: number | null }>(questions: readonly Q[], titles: readonly string[]): ZoneGroup<Q>[] {
  const groups: ZoneGroup<Q>[] = [];
  questions.forEach((q, i) => {
    const zone = q.zone !== null && q.zone >= 0 && q.zone < titles.length ? q.zone : null;
    let g = groups.at(-1);
    if (!g || g.zone !== zone) groups.push((g = { zone, title: zone === null ? 'Other questions' : titles[zone], start: i + 1, questions: [] }));
    g.questions.push(q);
  });
  return groups;
}

/** The points a draw is out of. */
export function drawTotal(draw: readonly DrawnQuestion[]): number {
  return draw.reduce((sum, q) => sum + q.points, 0);
}

/** One assessment's part in a student's weighted total. */
export interface WeightedPart {
  weight: number;
  /** Points earned and out of (a student who never started has earned 0). */
  earned: number;
  outOf: number;
  /** Whether it counts yet (finished, or closed without a start); one that does not is left out of both sums. */
  counts: boolean;
}

/**
 * The weighted total of a student's assessments, 0..1: Σ wᵢ·(earnedᵢ/outOfᵢ) / Σ wᵢ over the
 * parts that count (a weight of 0 never counts). null when nothing counts yet.
 */
/** An assessment's weight in words, as students and instructors read it: 2 → "Counts 2× toward the total"; 0 → does not count. */
export function weightText(weight: number): string {
  return weight === 0 ? 'Does not count toward the total' : `Counts ${weight}× toward the total`;
}

export function weightedTotal(parts: readonly WeightedPart[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const p of parts) {
    if (!p.counts || p.weight <= 0) continue;
    weights += p.weight;
    if (p.outOf > 0) sum += p.weight * (p.earned / p.outOf);
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * The points an assessment is out of, from its definition: every slot's points × pick (a
 * fixed exercise picks 1); with zones, each zone its `pick` slots worth most. A student's draw
 * is out of this much unless a zone's slots differ in points (drawTotal of the draw is theirs).
 */
export function assessmentPoints(slots: readonly Slot[], zones: readonly Zone[] | null): number {
  const worth = (s: Slot) => ('exercise' in s ? s.points : s.points * s.pick);
  if (!zones) return slots.reduce((sum, s) => sum + worth(s), 0);
  return zones.reduce((sum, z) => sum + z.slots.map((i) => worth(slots[i])).sort((a, b) => b - a).slice(0, z.pick).reduce((x, y) => x + y, 0), 0);
}
