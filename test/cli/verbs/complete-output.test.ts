/**
 * Complete output through a pipe: the real binary's `list --json` of thousands of instances
 * read by a slow reader parses whole, the table has every row, filters and --limit narrow
 * the listing, and a reader that leaves early (`| head`) ends the command quietly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSidecar, type SidecarHarness } from '../../helpers/sidecar-harness.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const INSTANCES = 3000;
/** One in three of each hundred is an invoice (j % 3 === 0 for j in 0..99: 34). */
const INVOICES = (INSTANCES / 100) * 34;

let sidecar: SidecarHarness;

interface PipedResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real binary with stdout on a pipe. The reader pauses `pauseMs` after every chunk
 * (a slow consumer); with `takeBytes` it closes the pipe after that many bytes (like head).
 */
function runPiped(args: readonly string[], options: { pauseMs?: number; takeBytes?: number } = {}): Promise<PipedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/dapr-workflow-tui.js', ...args, '--sidecar', sidecar.address], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let received = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (options.takeBytes !== undefined && received >= options.takeBytes) {
        child.stdout.destroy();
        return;
      }
      if (options.pauseMs) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), options.pauseMs);
      }
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8'), stderr }));
  });
}

before(async () => {
  sidecar = await startSidecar();
  // No worker connects: every instance stays PENDING. Started through the real start path.
  for (let i = 0; i < INSTANCES; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        sidecar.client.scheduleNewWorkflow(j % 3 === 0 ? 'invoice' : 'order', { n: i + j, note: 'x'.repeat(100) }, `inst-${String(i + j).padStart(5, '0')}`),
      ),
    );
  }
});

after(() => sidecar.close());

describe('output to a pipe', () => {
  it('writes the whole JSON of thousands of instances to a slow reader, then exits 0', async () => {
    const result = await runPiped(['list', '--json'], { pauseMs: 15 });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.length > 256 * 1024, `more than a pipe buffer of output (${result.stdout.length} bytes)`);
    const listed = JSON.parse(result.stdout) as { instanceId: string }[];
    assert.equal(listed.length, INSTANCES);
    assert.equal(new Set(listed.map((item) => item.instanceId)).size, INSTANCES);
  });

  it('writes every table row', async () => {
    const result = await runPiped(['list'], { pauseMs: 5 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trimEnd().split('\n').length, INSTANCES + 1, 'a header and one line per instance');
  });

  it('filters by name and narrows to the newest with --limit', async () => {
    const byName = await runPiped(['list', '--json', '--filter-name', 'invoice', '--filter-status', 'pending']);
    assert.equal(byName.code, 0, byName.stderr);
    assert.equal((JSON.parse(byName.stdout) as unknown[]).length, INVOICES);
    const limited = await runPiped(['list', '--json', '--limit', '5']);
    assert.equal(limited.code, 0, limited.stderr);
    const ids = (JSON.parse(limited.stdout) as { instanceId: string }[]).map((item) => item.instanceId);
    assert.equal(ids.length, 5);
    const bad = await runPiped(['list', '--limit', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr.trim(), /^--limit takes a whole number/);
  });

  it('ends quietly when the reader leaves early', async () => {
    const result = await runPiped(['list', '--json'], { takeBytes: 1000 });
    assert.doesNotMatch(result.stderr, /EPIPE|\n\s+at /, result.stderr);
  });
});
