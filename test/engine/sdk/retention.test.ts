/**
 * Dapr's state retention policy through the real SDK: an instance is purged the configured
 * time after it reaches a terminal status (a status's own setting over anyTerminal), and a
 * status the policy does not name is kept; the purge survives a restart of the sidecar.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startSidecar, waitForFinish, waitUntil, type TestWorkflow } from '../../helpers/sidecar-harness.js';

const workflows: Record<string, TestWorkflow> = {
  async *quick(_ctx, input: unknown) {
    return input ?? 'ok';
  },
  async *broken() {
    throw new Error('always fails');
  },
  async *waitsForGo(ctx) {
    return yield ctx.waitForExternalEvent('go');
  },
};

describe('state retention policy', () => {
  it('purges completed instances after their retention time and keeps the statuses it does not name', async () => {
    const sidecar = await startSidecar({ retention: { completed: 300, terminated: 60 * 60_000 } });
    try {
      await sidecar.startRuntime({ workflows });
      const done = await sidecar.client.scheduleNewWorkflow('quick', 'x');
      const failed = await sidecar.client.scheduleNewWorkflow('broken');
      const terminated = await sidecar.client.scheduleNewWorkflow('waitsForGo');
      assert.equal(await waitForFinish(sidecar.client, done), 'COMPLETED');
      assert.equal(await waitForFinish(sidecar.client, failed), 'FAILED');
      await sidecar.client.terminateWorkflow(terminated, 'stop');
      assert.equal(await waitForFinish(sidecar.client, terminated), 'TERMINATED');
      const finishedAt = Date.now();
      assert.ok(await sidecar.client.getWorkflowState(done, false), 'kept until its time has come');
      await waitUntil(async () => (await sidecar.client.getWorkflowState(done, false)) === undefined, { timeoutMs: 5000, what: "the purge" });
      assert.ok(Date.now() - finishedAt >= 150, 'not purged long before its retention time');
      assert.ok(await sidecar.client.getWorkflowState(failed, false), 'FAILED is not named by the policy: kept');
      assert.ok(await sidecar.client.getWorkflowState(terminated, false), 'TERMINATED is kept for an hour');
    } finally {
      await sidecar.close();
    }
  });

  it('purges what came due while the sidecar was stopped, once it starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dwt-retention-'));
    try {
      let sidecar = await startSidecar({ dataDir, retention: { anyTerminal: 800 } });
      let id: string;
      try {
        await sidecar.startRuntime({ workflows });
        id = await sidecar.client.scheduleNewWorkflow('quick', 'y');
        assert.equal(await waitForFinish(sidecar.client, id), 'COMPLETED');
      } finally {
        await sidecar.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 900));
      sidecar = await startSidecar({ dataDir, retention: { anyTerminal: 800 } });
      try {
        await waitUntil(async () => (await sidecar.client.getWorkflowState(id, false)) === undefined, { timeoutMs: 5000, what: "the purge" });
      } finally {
        await sidecar.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
