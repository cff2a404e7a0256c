/**
 * The elements lessons may use (see content/README.md): <Exercise> and <Figure>.
 * Both render on the server into the static lesson page. An exercise card shows the
 * example variant's question; its live part (ExercisePanel) then loads the signed-in
 * student's own variant and takes answers (GET /api/lesson-state, POST /api/attempts).
 */
import { DEFAULT_SEED, FIGURES, splitExerciseProps, type JsonValue } from '@/lib/content';
import { generateVariant, getKind } from '@/lib/exercises';
import { MathText } from './MathText';
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
function Exercise({ place, ...props }: ExerciseProps & { place?: Place }) {
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
  return (
    <section className="card exercise" aria-labelledby={`ex-${props.id}`} data-exercise={props.id}>
      <h3 id={`ex-${props.id}`}>
        {settings.title ? <MathText text={settings.title} /> : 'Exercise'}
        {kind && <span className="muted"> · {kind.title}</span>}
      </h3>
      {place ? (
        <ExercisePanel course={place.course} lesson={place.lesson} id={props.id}>
          <MathText as="p" text={prompt} />
        </ExercisePanel>
      ) : (
        <MathText as="p" text={prompt} />
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

/** The lesson elements with static exercise cards (example question only). */
export const lessonComponents = { Exercise, Figure, LessonHtml };

/** The lesson elements for one lesson of a course: exercise cards that students can answer. */
export function lessonComponentsFor(course: string, lesson: string) {
  const place = { course, lesson };
  return {
    Exercise: (props: ExerciseProps) => <Exercise {...props} place={place} />,
    Figure,
    LessonHtml,
  };
}
