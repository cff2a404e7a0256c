import Link from 'next/link';

/** Shown (with HTTP 403) when a signed-in user opens a page their role does not allow. */
export default function Forbidden() {
  return (
    <>
      <h1>Not allowed</h1>
      <p data-testid="forbidden">Only an instructor of this course can open this page.</p>
      <p>
        <Link href="/dashboard">Back to your progress</Link>
      </p>
    </>
  );
}
