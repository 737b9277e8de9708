#!/usr/bin/env node
// Entry point of the `dapr-workflow-tui` command. Runs the bundle in dist/ (built by
// bin/build.js on install, pack, start and test). In a clone, where the TypeScript sources
// sit beside it, a bundle older than any source is skipped and the sources run through tsx
// instead, so an edit is never run stale; an installed package ships no sources and always
// runs its bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node.js 22.1+ keeps the compiled code of every module it loads in its cache folder, so a
// second call starts faster (NODE_DISABLE_COMPILE_CACHE=1 turns it off; Node.js 20 has none).
module.enableCompileCache?.();

// React's development build roughly doubles the console's CPU per frame.
process.env.NODE_ENV ??= 'production';

const root = fileURLToPath(new URL('..', import.meta.url));
const sourceDirs = ['src', 'components'].map((dir) => join(root, dir));

/** True when any file under `dir` changed after `time` (ms). */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

function bundleIsCurrent() {
  let built;
  try {
    built = statSync(join(root, 'dist', 'main.js')).mtimeMs;
  } catch {
    return false;
  }
  return !sourceDirs.some((dir) => existsSync(dir) && changedSince(dir, built));
}

if (bundleIsCurrent()) {
  await import('../dist/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
