import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import nextPlugin from '@next/eslint-plugin-next';

/*
 * Dependencies point one way (README, "Layout"):
 *   app → components, server → lib/exercises → lib/answers, lib/math
 * and inside server/: server/actions → server/teach → server/*.ts → server/db.
 * The rules below make each arrow that would run back up an error.
 */
const restricted = (...patterns) => ['error', { patterns }];
const pattern = (group, message, extra = {}) => ({ group, message, ...extra });

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.next-*/', 'generated/', 'data/', 'test-results/', 'playwright-report/', 'blob-report/', 'bench/out/', 'next-env.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // lib/ is pure: it never reaches into the app, the server layer or the database.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(
        pattern(['@/app/*', '@/server/*', '@/components/*', '../../app/*', '../../server/*', '../../components/*'], 'lib/ must not import from app/, server/ or components/.'),
        pattern(['@prisma/*', 'next', 'next/*', 'react', 'react-dom', 'better-sqlite3', 'pg'], 'lib/ is pure TypeScript: no Prisma, Next, React or database drivers.'),
      ),
    },
  },
  {
    // lib/answers and lib/math are the bottom: they know nothing of exercises or content.
    files: ['lib/answers/**/*.ts', 'lib/math/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restricted(
        pattern(['@/lib/exercises', '@/lib/exercises/*', '@/lib/content', '@/lib/content/*', '@/app/*', '@/server/*', '@/components/*'], 'lib/answers and lib/math must not import lib/exercises, lib/content or anything above them.'),
        pattern(['@prisma/*', 'next', 'next/*', 'react', 'react-dom', 'better-sqlite3', 'pg'], 'lib/ is pure TypeScript: no Prisma, Next, React or database drivers.'),
      ),
    },
  },
  {
    // Components run in the browser too: from server/ they take types (the wire contract) and
    // call server actions, nothing else.
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted(
        pattern(['@/server/*', '!@/server/actions', '!@/server/actions/*'], 'components/ may import only types from server/ (server/wire.ts and the view modules) and call server actions (server/actions/*).', { allowTypeImports: true }),
        pattern(['@/app/*'], 'components/ must not import from app/.'),
      ),
    },
  },
  {
    // The database layer is the bottom of server/.
    files: ['server/db/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted({ regex: '^(@/server/(?!db/)|\\.\\./(?!\\.\\./generated/))', message: 'server/db must not import from the rest of server/.' }),
    },
  },
  {
    // server/*.ts serve the views and actions above them, never the reverse.
    files: ['server/*.ts'],
    rules: {
      'no-restricted-imports': restricted(pattern(['@/server/teach/*', '@/server/actions/*', '@/app/*', '@/components/*'], 'server/*.ts must not import server/teach, server/actions, app/ or components/.')),
    },
  },
  {
    files: ['server/teach/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(pattern(['@/server/actions/*', '@/app/*', '@/components/*'], 'server/teach must not import server/actions, app/ or components/.')),
    },
  },
);
