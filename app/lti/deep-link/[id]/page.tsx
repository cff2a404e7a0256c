import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { deepLinkChoices } from '@/server/lti/deep-linking';

export const metadata: Metadata = { title: 'Choose content for your LMS' };
export const dynamic = 'force-dynamic';

/** Deep linking: an instructor picks lessons or exercises to place in the LMS course. */
export default async function DeepLinkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser(await headers());
  if (!user) redirect('/sign-in');
  const choices = await deepLinkChoices(getPrisma(), user.id, id);
  if (!choices) {
    return (
      <section>
        <h1>Choose content for your LMS</h1>
        <p>This choice is no longer open: it was sent already, has expired, or was started by someone else. Start again from the LMS.</p>
      </section>
    );
  }
  const type = choices.acceptMultiple ? 'checkbox' : 'radio';
  return (
    <section>
      <h1>Choose content for your LMS</h1>
      <p>
        From <strong>{choices.course.title}</strong>. Each choice becomes a link in the LMS course with its own gradebook column; Curvature sends the scores there by
        itself.
      </p>
      <form method="post" action="/api/lti/deep-link">
        <input type="hidden" name="request" value={choices.id} />
        {choices.lessons.map((l) => (
          <fieldset key={l.slug}>
            <legend>
              <label>
                <input type={type} name="item" value={`lesson:${l.slug}`} /> {l.title} (the whole lesson)
              </label>
            </legend>
            {l.exercises.map((e) => (
              <div key={e.key}>
                <label>
                  <input type={type} name="item" value={`exercise:${e.key}`} /> {e.title}
                </label>
              </div>
            ))}
          </fieldset>
        ))}
        <p>
          <button type="submit">Add to the LMS</button>
        </p>
      </form>
    </section>
  );
}
