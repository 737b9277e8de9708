// Bundles the TypeScript sources (src/, components/) into dist/ with esbuild, so the command
// starts without a TypeScript loader in the way of every module it imports. Packages stay
// external (loaded from node_modules as usual); `serve` and the console stay lazy chunks.
// Run by `npm install` (prepare), `npm start` and `npm test`; the bin falls back to the
// sources through tsx whenever dist/ is missing or older than them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
});
