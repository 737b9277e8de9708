/**
 * The real `serve` process and its store and Configuration: a second process on the same
 * data directory, a damaged store file and a retention setting it cannot read each end with
 * one sentence (exit 2); a Configuration with a retention policy and other sections starts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, startServe } from '../helpers/serve-process.js';

const execFileAsync = promisify(execFile);

async function serveOnce(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/dapr-workflow-tui.js', 'serve', '--grpc-port', '0', '--http-port', 'off', '--no-runtime', ...args], {
      cwd: REPO_ROOT,
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function assertOneSentence(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, pattern);
}

describe('serve: store and Configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dwt-serve-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process on the same data directory with a sentence naming the first', async () => {
    const dataDir = join(dir, 'data');
    const first = await startServe(['--grpc-port', '0', '--http-port', 'off', '--no-runtime', '--data-dir', dataDir]);
    try {
      const second = await serveOnce(['--data-dir', dataDir]);
      assertOneSentence(second, new RegExp(`in use by process ${first.child.pid}\\b.*serving on ${first.grpcAddress.replace(/\./g, '\\.')}`));
    } finally {
      assert.equal(await first.stop(), 0);
    }
    // Once the first has stopped, the directory opens again.
    const again = await startServe(['--grpc-port', '0', '--http-port', 'off', '--no-runtime', '--data-dir', dataDir]);
    assert.equal(await again.stop(), 0);
  });

  it('refuses a damaged store file with one sentence', async () => {
    const dataDir = join(dir, 'data');
    await startServe(['--grpc-port', '0', '--http-port', 'off', '--no-runtime', '--data-dir', dataDir]).then((serve) => serve.stop());
    writeFileSync(join(dataDir, 'workflows.db'), Buffer.alloc(16_384, 0x42));
    rmSync(join(dataDir, 'workflows.db-wal'), { force: true });
    rmSync(join(dataDir, 'workflows.db-shm'), { force: true });
    assertOneSentence(await serveOnce(['--data-dir', dataDir]), /is not a readable workflow store/);
  });

  it('starts with a Configuration that sets retention among other sections, and names a key it cannot read', async () => {
    const good = join(dir, 'config.yaml');
    writeFileSync(
      good,
      'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: appconfig\nspec:\n  tracing:\n    samplingRate: "1"\n  workflow:\n    stateRetentionPolicy:\n      completed: "1m"\n      anyTerminal: "24h"\n',
    );
    const serve = await startServe(['--grpc-port', '0', '--http-port', 'off', '--no-runtime', '--in-memory', '--config', good]);
    assert.equal(await serve.stop(), 0);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: Configuration\nspec:\n  workflow:\n    stateRetentionPolicy:\n      failed: "two days"\n');
    assertOneSentence(await serveOnce(['--in-memory', '--config', bad]), /^spec\.workflow\.stateRetentionPolicy\.failed in .*bad\.yaml must be a duration/);
  });
});
