/**
 * The elements lessons may use (see content/README.md): <Exercise> and <Figure>.
 * Both render on the server into the static lesson page.
 */
import { SETTING_PROPS, readSettings, FIGURES, type JsonValue } from '@/lib/content';
import { generateVariant, getKind } from '@/lib/exercises';
import { MathText } from './MathText';

/** The example variant shown before sign-in; each student gets their own seed later. */
const EXAMPLE_SEED = 0;

type ExerciseProps = Record<string, JsonValue> & { id: string };

/** An exercise card: its question for the example variant. No answer is ever in this HTML. */
function Exercise(props: ExerciseProps) {
  const { settings } = readSettings(props);
  const template = Object.fromEntries(
    Object.entries(props).filter(([k]) => !(SETTING_PROPS as readonly string[]).includes(k)),
  );
  const kind = getKind(String(template.kind));
  let prompt: string;
  try {
    const spec = generateVariant(template, EXAMPLE_SEED);
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
      <MathText as="p" text={prompt} />
      <p className="muted">
        {settings.attempts === 0 ? 'Unlimited attempts.' : `${settings.attempts} graded attempts.`}{' '}
        <a href="/sign-in">Sign in</a> to answer; your own numbers may differ from this example.
      </p>
    </section>
  );
}

/** A figure's place in the lesson, with the text alternative of what it shows. */
function Figure({ name, caption }: { name: string; caption?: string }) {
  const info = FIGURES[name];
  return (
    <figure className="card figure" data-figure={name}>
      <p className="figure-placeholder">{info ? info.description : `Figure “${name}”.`}</p>
      {caption && (
        <figcaption>
          <MathText text={caption} />
        </figcaption>
      )}
    </figure>
  );
}

export const lessonComponents = { Exercise, Figure };
