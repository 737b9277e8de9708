/**
 * The gRPC server itself: a free port when asked for port 0, UNIMPLEMENTED for RPCs it does
 * not offer, a clear sentence when the port is taken, bad worker answers refused without
 * harm, and close() ending worker streams and cutting off pending waits.
 */
import assert from 'node:assert/strict';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import { startGrpcServer } from '../../../src/engine/grpc/server.js';
import { Empty, pb, TaskHubSidecarServiceClient, TaskHubSidecarServiceService } from '../../helpers/sdk-proto.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;

before(async () => {
  sidecar = await startSidecar();
});

after(() => sidecar.close());

function rejectsWith(code: status) {
  return (error: { code?: number; details?: string }) => {
    assert.equal(error.code, code, error.details);
    return true;
  };
}

describe('gRPC server', () => {
  it('binds a free loopback port when asked for port 0 and answers Hello', async () => {
    assert.ok(sidecar.port > 0);
    assert.ok(await sidecar.call(TaskHubSidecarServiceService.hello, new Empty()));
  });

  it('answers UNIMPLEMENTED for RewindInstance, CreateTaskHub, DeleteTaskHub and unknown methods', async () => {
    await assert.rejects(sidecar.call(TaskHubSidecarServiceService.rewindInstance, new pb.RewindInstanceRequest()), (error: ServiceError) => {
      assert.equal(error.code, status.UNIMPLEMENTED);
      assert.equal(error.details, 'RewindInstance is not supported by the embedded sidecar.');
      return true;
    });
    await assert.rejects(sidecar.call(TaskHubSidecarServiceService.createTaskHub, new pb.CreateTaskHubRequest()), rejectsWith(status.UNIMPLEMENTED));
    await assert.rejects(sidecar.call(TaskHubSidecarServiceService.deleteTaskHub, new pb.DeleteTaskHubRequest()), rejectsWith(status.UNIMPLEMENTED));
    // An RPC a newer protocol may add: grpc-js answers UNIMPLEMENTED naming the method.
    const unknown = { ...TaskHubSidecarServiceService.hello, path: '/TaskHubSidecarService/SomeFutureMethod' };
    await assert.rejects(sidecar.call(unknown, new Empty()), (error: ServiceError) => {
      assert.equal(error.code, status.UNIMPLEMENTED);
      assert.match(error.details ?? '', /\/TaskHubSidecarService\/SomeFutureMethod/);
      return true;
    });
  });

  it('refuses worker answers for work it never handed out, without harm', async () => {
    const activity = new pb.ActivityResponse();
    activity.setInstanceid('nobody');
    activity.setTaskid(1);
    await assert.rejects(sidecar.call(TaskHubSidecarServiceService.completeActivityTask, activity), rejectsWith(status.NOT_FOUND));
    const orchestrator = new pb.OrchestratorResponse();
    orchestrator.setInstanceid('nobody');
    await assert.rejects(sidecar.call(TaskHubSidecarServiceService.completeOrchestratorTask, orchestrator), rejectsWith(status.NOT_FOUND));
    assert.ok(await sidecar.call(TaskHubSidecarServiceService.hello, new Empty()), 'still serving');
  });

  it('gives up a wait for completion when the caller’s deadline passes', async () => {
    const instanceId = await sidecar.client.scheduleNewWorkflow('noWorkerHasThis');
    const client = new TaskHubSidecarServiceClient(sidecar.address, credentials.createInsecure());
    try {
      const request = new pb.GetInstanceRequest();
      request.setInstanceid(instanceId);
      const startedAt = Date.now();
      const code = await new Promise<number>((resolve) => {
        client.waitForInstanceCompletion(request, new Metadata(), { deadline: Date.now() + 200 }, (error: ServiceError | null) =>
          resolve(error?.code ?? status.OK),
        );
      });
      assert.equal(code, status.DEADLINE_EXCEEDED);
      assert.ok(Date.now() - startedAt < 2000);
      assert.ok(await sidecar.client.getWorkflowState(instanceId, false), 'the sidecar still answers');
    } finally {
      client.close();
    }
  });

  it('says in one sentence when its port is taken', async () => {
    await assert.rejects(startGrpcServer(sidecar.engine.engine, { host: '127.0.0.1', port: sidecar.port }), {
      message: `The sidecar cannot listen for gRPC on 127.0.0.1:${sidecar.port}: address already in use (EADDRINUSE).`,
    });
  });

  it('ends worker streams and cuts off pending waits when it closes', async () => {
    const other = await startSidecar();
    const client = new TaskHubSidecarServiceClient(other.address, credentials.createInsecure());
    try {
      const stream = client.getWorkItems(new pb.GetWorkItemsRequest());
      const streamEnded = new Promise<number>((resolve) => {
        stream.on('data', () => {});
        stream.on('status', (streamStatus: { code: number }) => resolve(streamStatus.code));
        stream.on('error', () => {});
      });
      const instanceId = await other.client.scheduleNewWorkflow('neverRuns');
      const wait = new pb.GetInstanceRequest();
      wait.setInstanceid(instanceId);
      const pendingWait = new Promise<number>((resolve) => {
        client.waitForInstanceCompletion(wait, (error: ServiceError | null) => resolve(error?.code ?? status.OK));
      });
      // Let the stream and the wait reach the server before closing it.
      await waitUntil(async () => (await other.client.getWorkflowState(instanceId, false)) !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));

      const closedIn = Date.now();
      await other.engine.close();
      assert.ok(Date.now() - closedIn < 2000, 'close() does not wait for pending calls');
      assert.equal(await streamEnded, status.OK, 'the worker stream ends cleanly');
      assert.notEqual(await pendingWait, status.OK, 'the pending wait is cut off');
    } finally {
      client.close();
      await other.close();
    }
  });
});
