#!/usr/bin/env node
// Entry point of the `dapr-workflow-tui` command. Runs the bundle in dist/ (built by
// bin/build.js on install, start and test) when it is newer than every source file;
// otherwise runs the TypeScript sources directly through tsx, so an edit is never run stale.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// React's development build roughly doubles the console's CPU per frame.
process.env.NODE_ENV ??= 'production';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsCurrent() {
  try {
    const built = statSync(join(root, 'dist', 'main.js')).mtimeMs;
    return built >= Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'components')));
  } catch {
    return false;
  }
}

if (bundleIsCurrent()) {
  await import('../dist/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
