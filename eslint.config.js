import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import nextPlugin from '@next/eslint-plugin-next';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'generated/', 'data/', 'test-results/', 'playwright-report/', 'next-env.d.ts'] },
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
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@/app/*', '@/server/*', '@/components/*', '../../app/*', '../../server/*', '../../components/*'], message: 'lib/ must not import from app/, server/ or components/.' },
          { group: ['@prisma/*', 'next', 'next/*', 'react', 'react-dom', 'better-sqlite3', 'pg'], message: 'lib/ is pure TypeScript: no Prisma, Next, React or database drivers.' },
        ],
      }],
    },
  },
);
