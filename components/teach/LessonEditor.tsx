'use client';
/**
 * The editor of a course file: CodeMirror (loaded on this page only), the problems
 * check-content finds in the draft (checked on the server a moment after typing stops,
 * shown at their line and listed below), Save (refused as a conflict when someone else
 * saved first), and the file's history with a diff and Revert per save. A lesson also has a
 * live preview rendered by the server and the new-exercise form with its sandbox; an
 * assessment (`type="assessment"`) and course.json (`type="course"`) are JSON (highlighted as JSON) and have neither.
 */
import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { Problem } from '@/lib/content';
import { checkLessonDraft, revertLesson, saveLessonText } from '@/server/actions/teach-content';
import type { FileType, HistoryEntry, KindChoice, SaveOutcome } from '@/server/teach/editor';
import { LocalTime } from '@/components/LocalTime';
import type { MountedEditor } from './codemirror';
import { ExerciseForm } from './ExerciseForm';
import { ProblemList } from './ProblemList';

type History = (Omit<HistoryEntry, 'at'> & { at: string })[];
type SaveResult = SaveOutcome | { status: 'error'; message: string };

const CHECK_DELAY_MS = 600;

function saveMessage(r: SaveResult): { text: string; error: boolean } {
  if (r.status === 'error' || r.status === 'invalid' || r.status === 'conflict') return { text: r.message, error: true };
  if (r.sync.status === 'published') return { text: 'Saved and published: students see this version now.', error: false };
  if (r.sync.status === 'unchanged') return { text: 'Saved; it is the published version already.', error: false };
  return { text: `Saved, but not published: ${r.sync.problems.length} problem(s). Students still see the last published version.`, error: true };
}

export function LessonEditor({
  course,
  lesson,
  type = 'lesson',
  initialSource,
  initialHash,
  kinds,
  history,
}: {
  course: string;
  /** The lesson's slug, or the assessment's. */
  lesson: string;
  type?: FileType;
  initialSource: string;
  initialHash: string | null;
  kinds: KindChoice[];
  history: History;
}) {
  const [source, setSource] = useState(initialSource);
  const [baseHash, setBaseHash] = useState(initialHash);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [checked, setChecked] = useState<string | null>(null);
  const [previewHash, setPreviewHash] = useState<string | null>(null);
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [pending, start] = useTransition();
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MountedEditor | null>(null);
  const router = useRouter();

  useEffect(() => {
    let gone = false;
    void import('./codemirror').then(({ mountEditor }) => {
      if (gone || !host.current) return;
      editor.current = mountEditor(host.current, initialSource, setSource, type === 'lesson' ? 'markdown' : 'json');
      setLoaded(true);
    });
    return () => {
      gone = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, [initialSource, type]);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(async () => {
      const r = await checkLessonDraft({ course, lesson, type, source });
      if (stale) return;
      setChecked(source);
      if (r.status !== 'ok') {
        setProblems([{ file: `${course}/${type === 'course' ? 'course.json' : type === 'assessment' ? `assessments/${lesson}.json` : `${lesson}.mdx`}`, message: r.message }]);
        return;
      }
      setProblems(r.problems);
      editor.current?.setProblems(r.problems);
      if (r.previewHash) setPreviewHash(r.previewHash);
    }, CHECK_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [course, lesson, type, source, loaded]);

  const afterSave = (r: SaveResult) => {
    setSaved(r);
    if (r.status === 'saved') {
      setBaseHash(r.hash);
      router.refresh();
    }
  };
  const save = () => start(async () => afterSave(await saveLessonText({ course, lesson, type, source, baseHash })));
  const revert = (editId: string) =>
    start(async () => {
      const r = await revertLesson({ course, lesson, type, editId, baseHash });
      if (r.status === 'saved') window.location.reload();
      else setSaved(r);
    });

  const checking = checked !== source;
  const message = saved && saveMessage(saved);
  return (
    <div className="lesson-editor">
      <div className={type === 'lesson' ? 'editor-columns' : undefined}>
        <section aria-label={type === 'lesson' ? 'Lesson text' : type === 'assessment' ? 'Assessment definition' : 'Course outline'} className="editor-pane">
          {!loaded && <p className="muted">Loading the editor…</p>}
          <div ref={host} className="code-editor" data-testid="code-editor" />
          <div className="editor-actions">
            <button type="button" onClick={save} disabled={pending || !loaded}>
              {pending ? 'Saving…' : 'Save'}
            </button>
            <span className="muted small" aria-live="polite">
              {checking ? 'Checking…' : problems.length === 0 ? 'No problems found.' : `${problems.length} problem(s)`}
            </span>
          </div>
          {message && (
            <div role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined} data-testid="save-result">
              <p>{message.text}</p>
              {saved?.status === 'saved' && <ProblemList problems={saved.sync.problems} />}
            </div>
          )}
          <ProblemList problems={problems} onPick={(p) => editor.current?.goTo(p.line!, p.column)} />
        </section>
        {type === 'lesson' && (
          <section aria-label="Preview" className="editor-pane">
            {previewHash ? (
              <iframe title="Preview" src={`/draft/${course}/${previewHash}`} className="lesson-preview" data-testid="preview" />
            ) : (
              <p className="muted">The preview appears once the lesson compiles.</p>
            )}
          </section>
        )}
      </div>
      {type === 'lesson' && <ExerciseForm course={course} kinds={kinds} onInsert={(tag) => editor.current?.insert(tag)} />}
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {history.length === 0 ? (
          <p className="muted">No saves from the browser yet.</p>
        ) : (
          <ol className="history" data-testid="history">
            {history.map((h) => (
              <li key={h.id}>
                <details>
                  <summary>
                    {h.action} by {h.who}, <LocalTime iso={h.at} />
                  </summary>
                  <pre className="diff">{h.diff.join('\n')}</pre>
                  {h.hash !== baseHash && (
                    <button type="button" onClick={() => revert(h.id)} disabled={pending}>
                      Revert to this version
                    </button>
                  )}
                </details>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
