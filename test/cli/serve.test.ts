/**
 * `dapr-workflow-tui serve` as a real process: the one line naming its address, a clean
 * stop on SIGINT and SIGTERM, one sentence (exit 2) for a taken port or a bad option.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, startServe } from '../helpers/serve-process.js';

const execFileAsync = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/dapr-workflow-tui.js', ...args], { cwd: REPO_ROOT, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('serve', () => {
  it('prints one line naming its address, also with --grpc-port 0, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dwt-serve-'));
    try {
      const serve = await startServe(['--grpc-port', '0', '--http-port', '0', '--data-dir', dataDir, '--no-runtime']);
      assert.match(serve.readyLine, /^Embedded sidecar listening on 127\.0\.0\.1:\d+ \(gRPC\)/);
      assert.notEqual(serve.grpcAddress, '127.0.0.1:0');
      assert.ok(serve.httpPort && serve.httpPort > 0);
      const health = await fetch(`http://127.0.0.1:${serve.httpPort}/v1.0/healthz`);
      assert.equal(health.status, 204);
      assert.equal(await serve.stop('SIGTERM'), 0);
      const { stdout } = serve.output();
      assert.equal(stdout.split('\n').filter((line) => /listening on/.test(line)).length, 1);
      assert.match(stdout, /Embedded sidecar stopped\./);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops cleanly on SIGINT, ending the in-process runtime too', async () => {
    const serve = await startServe(['--grpc-port', '0', '--http-port', 'off', '--in-memory']);
    assert.match(serve.readyLine, /\d+ workflows hosted/);
    assert.equal(await serve.stop('SIGINT'), 0);
  });

  it('says in one sentence that the port is taken, and exits 2', async () => {
    const first = await startServe(['--grpc-port', '0', '--http-port', 'off', '--in-memory', '--no-runtime']);
    try {
      const port = first.grpcAddress.split(':')[1]!;
      const second = await cli(['serve', '--grpc-port', port, '--http-port', 'off', '--in-memory', '--no-runtime']);
      assert.equal(second.code, 2, second.stderr);
      const lines = second.stderr.trim().split('\n').filter((line) => !/\[sidecar\]|\[runtime\]/.test(line));
      assert.equal(lines.length, 1, second.stderr);
      assert.match(lines[0]!, /already in use.*--sidecar 127\.0\.0\.1:\d+/);
    } finally {
      await first.stop();
    }
  });

  it('refuses bad option values with one sentence', async () => {
    for (const [args, pattern] of [
      [['serve', '--grpc-port', 'abc'], /--grpc-port takes a port number/],
      [['serve', '--http-port', '70000'], /--http-port takes a port number/],
      [['serve', '--in-memory', '--data-dir', '/tmp/x'], /either --data-dir or --in-memory/],
      [['serve', '--time-scale', '0'], /--time-scale takes a factor/],
    ] as const) {
      const result = await cli([...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr.trim(), pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });

  it('the console without a terminal points to serve and the verbs, and exits non-zero', async () => {
    const result = await cli(['--in-memory']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /needs a terminal.*serve/);
  });
});
