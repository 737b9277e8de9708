/**
 * The command line loads only what a command needs: `--help`, `--version` and `completion`
 * load no gRPC, SDK, UI or SQLite; the verbs make their calls on node:http2 and load no
 * grpc-js, SDK, Ink, React, SQLite or workflow runtime.
 * Each command runs as the real binary with a resolve hook recording every module it imports.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'dwt-imports-'));
let runs = 0;

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary with `args`; resolves to its exit code and every specifier it resolved. */
function importsOf(...args: string[]): Promise<{ code: number; imports: string[]; stderr: string }> {
  runs += 1;
  const record = join(dir, `run-${runs}.txt`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './test/fixtures/import-recorder/register.mjs', 'bin/dapr-workflow-tui.js', ...args],
      { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, IMPORT_RECORD: record } },
      (error, _stdout, stderr) => {
        let imports: string[] = [];
        try {
          imports = readFileSync(record, 'utf8').split('\n').filter(Boolean);
        } catch {
          // Nothing recorded.
        }
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, imports, stderr });
      },
    );
  });
}

function assertNotImported(imports: readonly string[], forbidden: readonly RegExp[], what: string): void {
  assert.ok(imports.length > 0, 'the hook recorded the imports');
  for (const pattern of forbidden) {
    const found = imports.filter((specifier) => pattern.test(specifier));
    assert.deepEqual(found, [], `${what} imports ${found.join(', ')}`);
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Ink and React are bundled into the console's chunks of dist/ (run-console-<hash>.js and
// the chunks only it imports), so the chunks are named as well as the packages (which the
// sources import when they run through tsx).
const UI_AND_ENGINE = [
  /^ink(\/|$)/,
  /^react(\/|$)/,
  /^better-sqlite3$/,
  /workflow\/runtime/,
  /(^|\/)(console-command|serve-command|run-console|embedded-sidecar|start-workflow-runtime)(-[A-Z0-9]+)?\.(js|ts|tsx)$/,
];
const CLIENT = [/^@grpc\/grpc-js$/, /^@dapr\/dapr/, /^google-protobuf/, /^node:http2$/, /sidecar-connection/];

describe('lazy loading', () => {
  it('--help, --version and completion load neither the client nor the UI nor the engine', async () => {
    for (const args of [['--help'], ['--version'], ['completion', 'bash'], ['status', '--help']]) {
      const { code, imports, stderr } = await importsOf(...args);
      assert.equal(code, 0, stderr);
      assertNotImported(imports, [...UI_AND_ENGINE, ...CLIENT], args.join(' '));
    }
  });

  it('a verb loads the client on node:http2, but not grpc-js, the SDK, Ink, React, SQLite or the workflow runtime', async () => {
    const { code, imports, stderr } = await importsOf('status', 'some-id', '--sidecar', `127.0.0.1:${await closedPort()}`);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /No sidecar answers/);
    assert.ok(imports.includes('node:http2'), 'the verb did load node:http2');
    assert.ok(imports.some((specifier) => /sidecar-connection/.test(specifier)), 'the verb did load the sidecar connection');
    assertNotImported(imports, [...UI_AND_ENGINE, /^@grpc\/grpc-js$/, /^@dapr\/dapr/, /^google-protobuf/], 'status');
  });
});
