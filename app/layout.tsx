import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import 'katex/dist/katex.min.css';
import './globals.css';
import { UserMenu } from '@/components/UserMenu';

export const metadata: Metadata = {
  title: { default: 'Curvature', template: '%s · Curvature' },
  description: 'Graded exercises on gradients, Hessians, Newton and quasi-Newton methods.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

/**
 * Every page is rendered per request (await connection()), so that each gets the fresh nonce
 * of its Content-Security-Policy (proxy.ts) on Next's inline scripts.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <nav aria-label="Site">
            <Link href="/" className="brand">
              Curvature
            </Link>
            <UserMenu />
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>Curvature — self-hosted courseware for second-order optimisation.</p>
        </footer>
      </body>
    </html>
  );
}
