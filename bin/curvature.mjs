#!/usr/bin/env node
// The `curvature` command. The logic is TypeScript in lib/cli/; tsx compiles it on the
// fly (and caches the result), so the command works right after `npm ci`, no build step.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const { main } = await tsImport('../lib/cli/main.ts', { parentURL: import.meta.url, tsconfig });
const code = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
