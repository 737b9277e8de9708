/**
 * The package as npm sees it: every dependency with an install script is reviewed in
 * allowScripts (npm 12 skips unreviewed ones, and better-sqlite3 without its script has no
 * native binding); the packed tarball ships the bin and the bundle and nothing of the
 * repository's sources, tests or tooling; `--version` prints the package's version.
 * (.ci/node-matrix installs the tarball itself with npm 12 and runs it from an empty folder.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/serve-process.js';

interface Manifest {
  readonly version: string;
  readonly bin: Record<string, string>;
  readonly allowScripts: Record<string, boolean>;
}

interface LockedPackage {
  readonly version?: string;
  readonly hasInstallScript?: boolean;
  readonly dev?: boolean;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

/** What `npm pack --json` says of one package. */
interface PackResult {
  readonly files: readonly { readonly path: string }[];
}

/** The package name of a lockfile path such as node_modules/a/node_modules/@s/b. */
function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

describe('the package', () => {
  it('reviews every locked install script in allowScripts, by name, and names nothing else', () => {
    const withScripts = new Set(
      Object.entries(lock.packages)
        .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
        .map(([path]) => nameOf(path)),
    );
    assert.ok(withScripts.has('better-sqlite3'), 'the lockfile records better-sqlite3\'s install script');
    const reviewed = Object.keys(manifest.allowScripts);
    // Name-only keys: npm matches a pinned key (name@version) against the lockfile's resolved
    // URL, which this lockfile leaves out, so a pinned approval would never match.
    for (const key of reviewed) assert.doesNotMatch(key, /.@/, `${key} is name-only`);
    assert.deepEqual([...withScripts].sort(), [...reviewed].sort());
    assert.equal(manifest.allowScripts['better-sqlite3'], true, 'better-sqlite3 builds its native binding');
  });

  it('packs the bin and the bundle, and no sources, tests, tooling or source maps', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as PackResult[] | Record<string, PackResult>;
    // npm 10 and 11 print a list of results, npm 12 an object keyed by package name.
    const result = Array.isArray(packed) ? packed[0] : Object.values(packed)[0];
    const files = result!.files.map((file) => file.path);
    for (const path of ['package.json', 'README.md', 'dist/main.js', ...Object.values(manifest.bin)]) {
      assert.ok(files.includes(path), `the tarball has ${path}`);
    }
    const stray = files.filter((path) => /^(src|components|test|bench|\.ci|node_modules)\//.test(path) || path.endsWith('.map'));
    assert.deepEqual(stray, []);
  });

  it('--version prints the package version', () => {
    const printed = execFileSync(process.execPath, ['bin/dapr-workflow-tui.js', '--version'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(printed.trim(), manifest.version);
  });
});
