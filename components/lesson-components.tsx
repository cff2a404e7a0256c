/**
 * The elements lessons may use (see content/README.md): <Exercise> and <Figure>.
 * Both render on the server into the static lesson page. An exercise card shows the
 * example variant's question; its live part (ExercisePanel) then loads the signed-in
 * student's own variant and takes answers (GET /api/lesson-state, POST /api/attempts).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_SEED, FIGURES, splitExerciseProps, type JsonValue } from '@/lib/content';
import { generateVariant, getKind } from '@/lib/exercises';
import { cachedTextHtml } from '@/lib/content/math-html';
import { MathText } from './MathText';
import { LessonProse } from './LessonProse';
import { PROSE_STORE } from './lesson-prose-store';
import { ExercisePanel } from './ExercisePanel';
import { LazyFigure } from './figures/LazyFigure';

type ExerciseProps = Record<string, JsonValue> & { id: string };

/** Where a card sits: the course and lesson slugs (the live part needs them to load and submit). */
interface Place {
  course: string;
  lesson: string;
}

/**
 * An exercise card: its question for the example variant, then the live part when the card
 * knows its course and lesson. No answer is ever in this HTML.
 */
/** What a card shows before sign-in: its title's HTML, the kind's name and the example question's HTML. */
interface ExampleCard {
  titleHtml: string | null;
  kindTitle: string | null;
  promptHtml: string;
}

/**
 * Example cards by their props (author text only), made once: drawing the example variant
 * and rendering its question with KaTeX took most of a lesson page's server time when done
 * on every request. The key is the props themselves, so an edited exercise is a new entry and
 * a published edit needs no invalidation; the oldest entries go first.
 */
const exampleCards = new Map<string, ExampleCard>();
const EXAMPLE_CARDS_LIMIT = 2000;

function exampleCard(props: ExerciseProps): ExampleCard {
  const key = JSON.stringify(props);
  const known = exampleCards.get(key);
  if (known) return known;
  const { template, settings } = splitExerciseProps(props);
  const kind = getKind(String(template.kind));
  let prompt: string;
  try {
    // The example variant shown before sign-in; each student gets their own seed later.
    const spec = generateVariant(template, DEFAULT_SEED);
    prompt = kind ? kind.prompt(spec as never) : 'This exercise is not available.';
  } catch {
    // check-content reports broken specs to the author; a student just sees a notice.
    prompt = 'This exercise is not available right now.';
  }
  const card: ExampleCard = {
    titleHtml: settings.title ? cachedTextHtml(settings.title) : null,
    kindTitle: kind?.title ?? null,
    promptHtml: cachedTextHtml(prompt),
  };
  if (exampleCards.size >= EXAMPLE_CARDS_LIMIT) exampleCards.delete(exampleCards.keys().next().value as string);
  exampleCards.set(key, card);
  return card;
}

function Exercise({ place, fullPage = false, ...props }: ExerciseProps & { place?: Place; fullPage?: boolean }) {
  const card = exampleCard(props);
  // Inside the live part (a client component) the question would otherwise be in the page's
  // React payload as well as its HTML; on a full load it is written into the HTML only.
  const prompt = place ? (
    <LessonProse as="p" id={storeProse(card.promptHtml)} html={fullPage ? undefined : card.promptHtml} />
  ) : (
    <p dangerouslySetInnerHTML={{ __html: card.promptHtml }} />
  );
  return (
    <section className="card exercise" aria-labelledby={`ex-${props.id}`} data-exercise={props.id}>
      <h3 id={`ex-${props.id}`}>
        {card.titleHtml !== null ? <span dangerouslySetInnerHTML={{ __html: card.titleHtml }} /> : 'Exercise'}
        {card.kindTitle && <span className="muted"> · {card.kindTitle}</span>}
      </h3>
      {place ? (
        <ExercisePanel course={place.course} lesson={place.lesson} id={props.id}>
          {prompt}
        </ExercisePanel>
      ) : (
        prompt
      )}
    </section>
  );
}

/**
 * A figure's place in the lesson: the description (the text alternative without
 * JavaScript) and the live figure, whose code loads only when it scrolls into view.
 */
function Figure({ name, caption, ...props }: { name: string; caption?: string } & Record<string, JsonValue>) {
  const info = FIGURES[name];
  const placeholder = <p className="figure-placeholder">{info ? info.description : `Figure “${name}”.`}</p>;
  return (
    <figure className="card figure" data-figure={name}>
      {info ? (
        <LazyFigure name={name} props={props}>
          {placeholder}
        </LazyFigure>
      ) : (
        placeholder
      )}
      {caption && (
        <figcaption>
          <MathText text={caption} />
        </figcaption>
      )}
    </figure>
  );
}

/**
 * The prose of a lesson between its elements, as the HTML the server compiled it to once
 * (lib/content/mdx.ts: Markdown and KaTeX only; lessons cannot hold raw HTML or code).
 */
function LessonHtml({ html }: { html: string }) {
  return <div className="lesson-prose" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Prose ids by their HTML (the compiled lesson's own strings, so a lookup does not rehash them), and the store LessonProse reads. */
const proseIds = new Map<string, string>();
const PROSE_LIMIT = 20_000;
const globals = globalThis as unknown as Record<string, Map<string, string> | undefined>;
const proseStore = (globals[PROSE_STORE] ??= new Map<string, string>());

/** The prose's id (a hash of its HTML), with the HTML put where the page's server render finds it. */
function storeProse(html: string): string {
  let id = proseIds.get(html);
  if (id === undefined) {
    id = createHash('sha256').update(html).digest('hex').slice(0, 20);
    if (proseIds.size >= PROSE_LIMIT) {
      const oldest = proseIds.keys().next().value as string;
      proseStore.delete(proseIds.get(oldest)!);
      proseIds.delete(oldest);
    }
    proseIds.set(html, id);
    proseStore.set(id, html);
  }
  return id;
}

/** Prose written into the page once, not repeated in its React payload (see LessonProse). */
function PageProse({ html }: { html: string }) {
  return <LessonProse id={storeProse(html)} />;
}

/** Prose sent in the React payload of a client-side navigation. */
function NavigationProse({ html }: { html: string }) {
  return <LessonProse id={storeProse(html)} html={html} />;
}

/** The lesson elements with static exercise cards (example question only). */
export const lessonComponents = { Exercise, Figure, LessonHtml };

/**
 * The lesson elements for one lesson of a course: exercise cards that students can answer.
 * `fullPage`: the request loads the whole page (not a client-side navigation), so the prose
 * goes into the HTML only.
 */
export function lessonComponentsFor(course: string, lesson: string, { fullPage = false }: { fullPage?: boolean } = {}) {
  const place = { course, lesson };
  return {
    Exercise: (props: ExerciseProps) => <Exercise {...props} place={place} fullPage={fullPage} />,
    Figure,
    LessonHtml: fullPage ? PageProse : NavigationProse,
  };
}
