// Reads every import of src/ and components/ and checks it against the rooms' allowed arrows
// (docs/architecture.md). A new arrow is a design decision: change the table and the doc together.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each room and the rooms it may import. A room never needs to list itself. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'src/model': [],
  'src/text': [],
  'src/protocol': ['src/model'],
  'src/engine': ['src/model', 'src/protocol', 'src/text'],
  'src/client': ['src/model', 'src/protocol', 'src/text'],
  'src/tracker': ['src/model', 'src/client', 'src/text'],
  'src/workflows': ['src/model'],
  'src/runtime': ['src/model', 'src/workflows', 'src/text'],
  components: ['src/model', 'src/client', 'src/tracker', 'src/runtime', 'src/text'],
  'src/cli': ['src/model', 'src/text', 'src/client', 'src/tracker', 'src/runtime', 'src/workflows', 'src/engine', 'components'],
};

/** Rooms that only some files of another room may import. */
const GATEKEPT: Readonly<Record<string, readonly string[]>> = {
  // Only the embedded sidecar's launcher (used by serve and the console) knows the engine exists.
  'src/engine': ['src/cli/embedded-sidecar.ts'],
  // Only the console's launcher renders React.
  components: ['src/cli/console-command.ts'],
};

/** Packages a room must not use, whatever it imports of the project. */
const FORBIDDEN_PACKAGES: Readonly<Record<string, RegExp>> = {
  'src/model': /.*/,
  components: /^(@grpc\/|better-sqlite3|google-protobuf|@dapr\/)/,
  // The client speaks the protocol with its own messages: the SDK's stubs lack newer fields.
  'src/client': /^(better-sqlite3|react|ink|@dapr\/|google-protobuf)/,
  'src/tracker': /^(@grpc\/|better-sqlite3|google-protobuf|@dapr\/|react|ink)/,
  'src/protocol': /^(better-sqlite3|react|ink)/,
  'src/engine': /^(react|ink|@dapr\/dapr$)/,
};

interface ImportLine {
  readonly file: string;
  readonly specifier: string;
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir))) {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) found.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry)) found.push(path);
  }
  return found;
}

/** The specifiers of a source text's static imports, re-exports, side-effect imports and `import('...')` calls. */
function importSpecifiers(text: string): string[] {
  const pattern = /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g;
  return [...text.matchAll(pattern)].map((match) => (match[1] ?? match[2] ?? match[3])!);
}

function importsOf(file: string): ImportLine[] {
  return importSpecifiers(readFileSync(join(ROOT, file), 'utf8')).map((specifier) => ({ file, specifier }));
}

function roomOf(path: string): string | undefined {
  if (path.startsWith('components/')) return 'components';
  const match = /^src\/([^/]+)\//.exec(path);
  return match ? `src/${match[1]}` : undefined;
}

const files = [...sourceFiles('src'), ...sourceFiles('components')];
const imports = files.flatMap(importsOf);

describe('import rules between rooms (docs/architecture.md)', () => {
  it('reads the imports of every source file', () => {
    assert.ok(files.length > 100, `only ${files.length} source files found`);
    assert.ok(imports.length > files.length, 'the import reader found too few imports');
    for (const file of files) assert.ok(roomOf(file) !== undefined && ALLOWED[roomOf(file)!], `${file} is in no known room`);
  });

  it('every arrow between rooms is an allowed one', () => {
    const wrong: string[] = [];
    for (const { file, specifier } of imports) {
      if (!specifier.startsWith('.')) continue;
      const target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
      const from = roomOf(file)!;
      const to = roomOf(target);
      if (to === undefined) {
        wrong.push(`${file} imports ${specifier}, outside src/ and components/`);
        continue;
      }
      if (from === to) continue;
      if (!ALLOWED[from]!.includes(to)) wrong.push(`${file} imports ${specifier} (${from} → ${to} is not allowed)`);
      const gate = GATEKEPT[to];
      if (gate && !gate.includes(file)) wrong.push(`${file} imports ${specifier}; only ${gate.join(', ')} may import ${to}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('rooms use only the packages that belong to them', () => {
    const wrong: string[] = [];
    for (const { file, specifier } of imports) {
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      const rule = FORBIDDEN_PACKAGES[roomOf(file)!];
      if (rule?.test(specifier)) wrong.push(`${file} imports the package ${specifier}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the model imports nothing at all, not even Node built-ins', () => {
    const outside = imports.filter((i) => roomOf(i.file) === 'src/model' && !i.specifier.startsWith('./'));
    assert.deepEqual(outside, []);
  });

  it('catches a forbidden arrow when one is written', () => {
    // The reader itself must see the kinds of import a violation would use.
    const probe = [
      "import type { X } from '../../src/engine/engine.js';",
      'import {',
      '  a,',
      '  type B,',
      "} from '../model/index.js';",
      "export { y } from '../protocol/index.js';",
      "import './side-effect.js';",
      "const z = await import('../engine/index.js');",
    ].join('\n');
    assert.deepEqual(importSpecifiers(probe), [
      '../../src/engine/engine.js',
      '../model/index.js',
      '../protocol/index.js',
      './side-effect.js',
      '../engine/index.js',
    ]);
  });
});
