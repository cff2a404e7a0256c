/**
 * The lesson editor's CodeMirror 6 set-up. Imported dynamically by LessonEditor, so its code
 * is downloaded only on the edit page. Problems are shown at their line and column.
 */
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { json } from '@codemirror/lang-json';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { Problem } from '@/lib/content';

export interface MountedEditor {
  setProblems(problems: Problem[]): void;
  /** Inserts text on lines of its own after the cursor's line (or at the end) and focuses the editor. */
  insert(text: string): void;
  goTo(line: number, column?: number): void;
  destroy(): void;
}

/** `mode`: markdown for a lesson's MDX; json for an assessment or course.json. Both are highlighted. */
export function mountEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void, mode: 'markdown' | 'json' = 'markdown'): MountedEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        mode === 'markdown' ? markdown() : json(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': mode === 'markdown' ? 'Lesson text' : 'JSON text' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  const position = (line: number, column = 1) => {
    const l = view.state.doc.line(Math.max(1, Math.min(line, view.state.doc.lines)));
    return { from: Math.min(l.from + Math.max(0, column - 1), l.to), line: l };
  };
  return {
    setProblems(problems) {
      const diagnostics: Diagnostic[] = problems
        .filter((p) => p.line !== undefined)
        .map((p) => {
          const { from, line } = position(p.line!, p.column);
          return { from, to: Math.max(from, Math.min(line.to, from + 1)), severity: 'error', message: p.message };
        });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    insert(text) {
      // After the cursor's line; at the end of the text when the cursor was never placed
      // (it starts inside the meta block, where a tag does not belong).
      const { from } = view.state.selection.main;
      const at = from === 0 ? view.state.doc.length : view.state.doc.lineAt(from).to;
      view.dispatch({ changes: { from: at, insert: `\n\n${text}\n` }, selection: { anchor: at + text.length + 2 } });
      view.focus();
    },
    goTo(line, column) {
      const { from } = position(line, column);
      view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}
