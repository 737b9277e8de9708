/**
 * A sidecar started with an API token refuses every call without the right
 * `dapr-api-token` metadata (worker stream and Dapr 1.17 RPCs included) with
 * UNAUTHENTICATED, and serves the SDK normally when it sends the token.
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import { listInstanceIdsMethod } from '../../../src/protocol/index.js';
import { pb, TaskHubSidecarServiceService } from '../../helpers/sdk-proto.js';
import { startSidecar, statusName, workItemsStreamError, type SidecarHarness } from '../../helpers/sidecar-harness.js';

const TOKEN = 's3cret-token';
let sidecar: SidecarHarness;

function unauthenticated(error: { code?: number; details?: string }): boolean {
  assert.equal(error.code, status.UNAUTHENTICATED);
  assert.match(error.details ?? '', /dapr-api-token/);
  return true;
}

before(async () => {
  sidecar = await startSidecar({ apiToken: TOKEN });
  await sidecar.startRuntime({
    workflows: {
      async *echo(_ctx: unknown, input: unknown) {
        return input;
      },
    },
  });
});

after(() => sidecar.close());

describe('API token', () => {
  it('serves the SDK client and runtime when they send the token', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('echo', 'with token');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.serializedOutput, '"with token"');
  });

  it('refuses an SDK client without a token, or with a wrong one', async () => {
    await assert.rejects(sidecar.newClient({ apiToken: '' }).scheduleNewWorkflow('echo', 1), unauthenticated);
    await assert.rejects(sidecar.newClient({ apiToken: 'wrong' }).getWorkflowState('any', false), unauthenticated);
  });

  it('refuses the worker stream without the token', async () => {
    assert.equal((await workItemsStreamError(sidecar.address, undefined)).code, status.UNAUTHENTICATED);
    assert.equal((await workItemsStreamError(sidecar.address, 'wrong')).code, status.UNAUTHENTICATED);
  });

  it('guards ListInstanceIDs, completions and unimplemented methods too', async () => {
    await assert.rejects(sidecar.call(listInstanceIdsMethod, {}, { apiToken: '' }), unauthenticated);
    assert.ok(Array.isArray((await sidecar.call(listInstanceIdsMethod, {})).instanceIds));
    await assert.rejects(
      sidecar.call(TaskHubSidecarServiceService.completeActivityTask, new pb.ActivityResponse(), { apiToken: 'wrong' }),
      unauthenticated,
    );
    await assert.rejects(
      sidecar.call(TaskHubSidecarServiceService.rewindInstance, new pb.RewindInstanceRequest(), { apiToken: '' }),
      unauthenticated,
    );
  });
});
