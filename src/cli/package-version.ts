/**
 * The version of the installed `dapr-workflow-tui` package, read from its package.json: the
 * same file whether the program runs from the bundle in dist/ or from the sources.
 */
import { readFileSync } from 'node:fs';

const PACKAGE_NAME = 'dapr-workflow-tui';

/** The package's version, or 'unknown' when no package.json of this package is found above this module. */
export function packageVersion(): string {
  // dist/main.js sits one folder below the package root, src/cli/*.ts two.
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // Not this folder.
    }
  }
  return 'unknown';
}
