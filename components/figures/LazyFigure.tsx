'use client';
/**
 * The client entry of a figure: renders the server's placeholder (the figure's description,
 * also the no-JavaScript text alternative) and loads the figure code, and mathjs with it,
 * only when the figure comes near the viewport.
 */
import { useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import type { FigureProps } from './props';
import './figures.css';

/** A figure that loads its live part on first view; `children` is the server placeholder. */
export function LazyFigure({ name, props, children }: { name: string; props: FigureProps; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [Live, setLive] = useState<ComponentType<FigureProps> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    const load = () =>
      import('./registry')
        .then((m) => {
          if (cancelled) return;
          const C = m.FIGURE_COMPONENTS[name];
          if (C) setLive(() => C);
          else setFailed(true);
        })
        .catch(() => !cancelled && setFailed(true));
    if (typeof IntersectionObserver === 'undefined') {
      load();
      return () => {
        cancelled = true;
      };
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          load();
        }
      },
      { rootMargin: '300px 0px' },
    );
    io.observe(el);
    return () => {
      cancelled = true;
      io.disconnect();
    };
  }, [name]);

  return (
    <div ref={ref} className="figure-body" data-state={Live ? 'live' : failed ? 'failed' : 'waiting'}>
      {children}
      {Live && <Live {...props} />}
      {failed && <p className="figure-error">This figure could not be loaded.</p>}
    </div>
  );
}
