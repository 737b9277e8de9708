/**
 * The sidecar connection against a real embedded sidecar, with the real SDK's
 * WorkflowRuntime running the workflows, over both transports (the console's grpc-js channel
 * and the verbs' node:http2): every call of SidecarClient, the typed errors for unknown
 * instances and refused actions, waits that time out or are aborted, and a sidecar that is
 * down, hung, or not a sidecar at all failing within seconds.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import { startSidecar, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { connectSidecar } from '../../src/client/grpc-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import type { SidecarTarget } from '../../src/client/sidecar-address.js';
import { openSidecarConnection, type ConnectOptions, type SidecarConnection } from '../../src/client/sidecar-connection.js';
import { stringValue, timestampFromMs } from '../../src/protocol/index.js';
import { pb, sdkStringValue, sdkTimestamp, TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';
import {
  ConflictError,
  describeError,
  InstanceNotFoundError,
  InvalidRequestError,
  isAbortError,
  SidecarError,
  SidecarUnreachableError,
  UnauthorizedError,
  UnsupportedBySidecarError,
  WaitTimeoutError,
} from '../../src/client/errors.js';
import { testActivities, testWorkflows } from './test-workflows.js';

function target(address: string, apiToken?: string) {
  return { address, useTls: false, origin: 'test', ...(apiToken !== undefined && { apiToken }) };
}

/** The two transports a connection can use: each runs every test below. */
const TRANSPORTS: readonly (readonly [string, (target: SidecarTarget, options?: ConnectOptions) => SidecarConnection])[] = [
  ['grpc-js channel', connectSidecar],
  ['node:http2', (target, options) => openSidecarConnection(target, new Http2Transport(target), options)],
];

for (const [transport, connect] of TRANSPORTS) {
  describe(`over the ${transport} transport`, () => {
    let sidecar: SidecarHarness;
    let client: SidecarConnection;

    async function statusOf(instanceId: string): Promise<string | undefined> {
      return (await client.get(instanceId, false))?.status;
    }

    before(async () => {
      sidecar = await startSidecar();
      await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
      client = connect(target(sidecar.address));
    });

    after(async () => {
      await client.close();
      await sidecar.close();
    });

    describe('SidecarClient on the embedded sidecar', () => {
      it('starts a workflow, waits for it and reads its state with payloads', async () => {
        const instanceId = await client.start('Greeter', { input: '{"name":"Ada"}' });
        const finished = await client.waitForCompletion(instanceId, 10_000);
        assert.equal(finished.status, 'COMPLETED');
        assert.equal(finished.name, 'Greeter');
        assert.equal(finished.output, '"Hello, Ada!"');

        const state = await client.get(instanceId, true);
        assert.equal(state?.input, '{"name":"Ada"}');
        assert.ok(state!.createdAt <= state!.lastUpdatedAt);
        const withoutPayloads = await client.get(instanceId, false);
        assert.equal(withoutPayloads?.output, undefined);
      });

      it('starts with a chosen ID and refuses it again while the instance runs', async () => {
        assert.equal(await client.start('Approval', { instanceId: 'client-dup' }), 'client-dup');
        await assert.rejects(client.start('Approval', { instanceId: 'client-dup' }), ConflictError);
      });

      it('lists instance IDs and instances with their state', async () => {
        const instanceId = await client.start('Greeter', { instanceId: 'client-listed', input: '{"name":"Lin"}' });
        await client.waitForCompletion(instanceId, 10_000);
        assert.ok((await client.listInstanceIds()).includes('client-listed'));
        const listed = (await client.listInstances({ includePayloads: true })).find((instance) => instance.instanceId === 'client-listed');
        assert.equal(listed?.status, 'COMPLETED');
        assert.equal(listed?.output, '"Hello, Lin!"');
      });

      it('reads the history of an instance in order', async () => {
        const instanceId = await client.start('Greeter', { input: '{"name":"Hal"}' });
        await client.waitForCompletion(instanceId, 10_000);
        const kinds = (await client.history(instanceId)).map((event) => event.kind);
        assert.equal(kinds[0], 'OrchestratorStarted');
        assert.ok(kinds.includes('ExecutionStarted'));
        assert.ok(kinds.indexOf('TaskScheduled') < kinds.indexOf('TaskCompleted'));
        assert.equal(kinds.at(-1), 'ExecutionCompleted');
      });

      it('suspends and resumes (with and without a reason), then completes on a raised event', async () => {
        const instanceId = await client.start('Approval', { instanceId: 'client-approval' });
        await waitUntil(async () => (await statusOf(instanceId)) === 'RUNNING');
        await client.suspend(instanceId, 'waiting for the auditor');
        assert.equal(await statusOf(instanceId), 'SUSPENDED');
        await client.resume(instanceId);
        assert.equal(await statusOf(instanceId), 'RUNNING');
        await client.suspend(instanceId);
        await client.resume(instanceId, 'auditor is back');

        await client.raiseEvent(instanceId, 'Approval', '{"approved":true}');
        const finished = await client.waitForCompletion(instanceId, 10_000);
        assert.deepEqual(JSON.parse(finished.output!), { decision: { approved: true } });

        const kinds = (await client.history(instanceId)).map((event) => event.kind);
        assert.equal(kinds.filter((kind) => kind === 'ExecutionSuspended').length, 2);
        const reasons = (await client.history(instanceId)).flatMap((event) =>
          event.kind === 'ExecutionSuspended' || event.kind === 'ExecutionResumed' ? [event.reason] : [],
        );
        assert.ok(reasons.includes('waiting for the auditor'));
        assert.ok(reasons.includes('auditor is back'));
      });

      it('terminates with an output and purges the finished instance', async () => {
        const instanceId = await client.start('Approval');
        await client.terminate(instanceId, '{"by":"test"}');
        const finished = await client.waitForCompletion(instanceId, 10_000);
        assert.equal(finished.status, 'TERMINATED');
        assert.deepEqual(JSON.parse(finished.output!), { by: 'test' });

        await client.purge(instanceId);
        assert.equal(await client.get(instanceId, false), undefined);
        assert.ok(!(await client.listInstanceIds()).includes(instanceId));
      });

      it('keeps failure details of a failed workflow', async () => {
        const instanceId = await client.start('Failing');
        const finished = await client.waitForCompletion(instanceId, 10_000);
        assert.equal(finished.status, 'FAILED');
        assert.match(finished.failure?.errorMessage ?? '', /card card-1 was declined/);
      });

      it('schedules a start: PENDING until the start time, then it runs', async () => {
        const instanceId = await client.start('Greeter', { input: '{"name":"Later"}', startAt: new Date(Date.now() + 1_000) });
        assert.equal(await statusOf(instanceId), 'PENDING');
        const finished = await client.waitForCompletion(instanceId, 10_000);
        assert.equal(finished.output, '"Hello, Later!"');
        assert.ok(finished.lastUpdatedAt - finished.createdAt >= 900);
      });

      it('carries a 2 MB input and reads it back whole (many HTTP/2 frames each way)', async () => {
        const big = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
        const instanceId = await client.start('Approval', { input: big });
        assert.equal((await client.get(instanceId, true))?.input, big);
        await client.terminate(instanceId);
      });

      it('purges by filter and reports the count', async () => {
        const ids = await Promise.all([1, 2].map((n) => client.start('Greeter', { instanceId: `client-old-${n}`, input: '{}' })));
        for (const id of ids) await client.waitForCompletion(id, 10_000);
        const count = await client.purgeWhere({ createdBefore: new Date(Date.now() + 1000), statuses: ['COMPLETED'] });
        assert.ok(count >= 2, `purged ${count}`);
        for (const id of ids) assert.equal(await client.get(id, false), undefined);
      });
    });

    describe('typed errors', () => {
      it('maps unknown instances to InstanceNotFoundError (get resolves to undefined)', async () => {
        assert.equal(await client.get('client-missing', true), undefined);
        await assert.rejects(client.suspend('client-missing'), InstanceNotFoundError);
        await assert.rejects(client.resume('client-missing'), InstanceNotFoundError);
        await assert.rejects(client.terminate('client-missing'), InstanceNotFoundError);
        await assert.rejects(client.purge('client-missing'), InstanceNotFoundError);
        await assert.rejects(client.history('client-missing'), InstanceNotFoundError);
        await assert.rejects(client.waitForCompletion('client-missing', 2_000), InstanceNotFoundError);
      });

      it('maps a refused action to ConflictError, keeping the sidecar\'s sentence', async () => {
        const instanceId = await client.start('Approval');
        await waitUntil(async () => (await statusOf(instanceId)) === 'RUNNING');
        const error = await client.purge(instanceId).catch((caught: unknown) => caught);
        assert.ok(error instanceof ConflictError);
        assert.match(describeError(error), /RUNNING/);
      });

      it('refuses input that is not JSON before sending anything', async () => {
        await assert.rejects(client.start('Greeter', { input: '{nope' }), InvalidRequestError);
        await assert.rejects(client.raiseEvent('x', 'E', 'not json'), InvalidRequestError);
      });

      it('times out a wait with WaitTimeoutError, on time', async () => {
        const instanceId = await client.start('Approval');
        const started = Date.now();
        await assert.rejects(client.waitForCompletion(instanceId, 300), WaitTimeoutError);
        const took = Date.now() - started;
        assert.ok(took >= 250 && took < 3_000, `took ${took} ms`);
      });

      it('ends an aborted wait with an AbortError', async () => {
        const instanceId = await client.start('Approval');
        const controller = new AbortController();
        const waiting = client.waitForCompletion(instanceId, 30_000, controller.signal);
        setTimeout(() => controller.abort(), 100);
        const error = await waiting.catch((caught: unknown) => caught);
        assert.ok(isAbortError(error), `got ${String(error)}`);
      });
    });

    describe('sidecars that cannot be used', () => {
      it('fails fast with SidecarUnreachableError naming the address when nothing listens', async () => {
        const probe = createServer();
        await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
        const port = (probe.address() as { port: number }).port;
        await new Promise<void>((resolve) => probe.close(() => resolve()));

        const dead = connect(target(`127.0.0.1:${port}`));
        const started = Date.now();
        try {
          const error = await dead.listInstanceIds().catch((caught: unknown) => caught);
          assert.ok(error instanceof SidecarUnreachableError);
          assert.match(describeError(error), new RegExp(`127\\.0\\.0\\.1:${port}`));
          await assert.rejects(dead.get('x', false), SidecarUnreachableError);
          await assert.rejects(dead.start('Greeter'), SidecarUnreachableError);
          assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
        } finally {
          await dead.close();
        }
      });

      it('gives up on a sidecar that accepts connections but never answers within the deadline', async () => {
        const sockets = new Set<Socket>();
        const silent: Server = createServer((socket) => {
          sockets.add(socket);
          socket.on('error', () => {});
        });
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        const hung = connect(target(`127.0.0.1:${(silent.address() as { port: number }).port}`), { callTimeoutMs: 1_000 });
        const started = Date.now();
        try {
          await assert.rejects(hung.get('x', false), SidecarUnreachableError);
          const took = Date.now() - started;
          assert.ok(took >= 900 && took < 4_000, `took ${took} ms`);
        } finally {
          await hung.close();
          for (const socket of sockets) socket.destroy();
          await new Promise<void>((resolve) => silent.close(() => resolve()));
        }
      });

      it('maps a missing or wrong API token to UnauthorizedError', async () => {
        const secured = await startSidecar({ apiToken: 'client-secret' });
        const withoutToken = connect(target(secured.address));
        const withToken = connect(target(secured.address, 'client-secret'));
        try {
          await assert.rejects(withoutToken.listInstanceIds(), UnauthorizedError);
          await assert.rejects(withoutToken.get('x', false), UnauthorizedError);
          assert.deepEqual(await withToken.listInstanceIds(), []);
          assert.equal(await withToken.get('x', false), undefined);
        } finally {
          await withoutToken.close();
          await withToken.close();
          await secured.close();
        }
      });

      it('maps a sidecar without ListInstanceIDs/GetInstanceHistory to UnsupportedBySidecarError', async () => {
        const bare = new GrpcServer();
        const port = await new Promise<number>((resolve, reject) =>
          bare.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
        );
        const old = connect(target(`127.0.0.1:${port}`));
        try {
          const error = await old.listInstanceIds().catch((caught: unknown) => caught);
          assert.ok(error instanceof UnsupportedBySidecarError);
          assert.match(describeError(error), /ListInstanceIDs .*Dapr 1\.17/);
          await assert.rejects(old.history('x'), UnsupportedBySidecarError);
        } finally {
          await old.close();
          bare.forceShutdown();
        }
      });

      it('reads a CANCELED instance, whose status the SDK cannot convert', async () => {
        const fake = new GrpcServer();
        fake.addService(TaskHubSidecarServiceService, {
          getInstance: (_call: unknown, callback: (error: null, response: pb.GetInstanceResponse) => void) => {
            const state = new pb.OrchestrationState();
            state.setInstanceid('cancelled-1');
            state.setName('Greeter');
            state.setOrchestrationstatus(pb.OrchestrationStatus.ORCHESTRATION_STATUS_CANCELED);
            state.setCreatedtimestamp(sdkTimestamp(1_000));
            state.setLastupdatedtimestamp(sdkTimestamp(2_000));
            state.setOutput(sdkStringValue('"stopped"'));
            const response = new pb.GetInstanceResponse();
            response.setExists(true);
            response.setOrchestrationstate(state);
            callback(null, response);
          },
        } as never);
        const port = await new Promise<number>((resolve, reject) =>
          fake.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
        );
        const reader = connect(target(`127.0.0.1:${port}`));
        try {
          const instance = await reader.get('cancelled-1', true);
          assert.equal(instance?.status, 'CANCELED');
          assert.equal(instance?.output, '"stopped"');
          assert.equal(instance?.createdAt, 1_000);
        } finally {
          await reader.close();
          fake.forceShutdown();
        }
      });

      it('fails with one sentence against a server that does not speak gRPC', async () => {
        const http1 = createHttpServer((_request, response) => response.end('hello'));
        await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
        const wrong = connect(target(`127.0.0.1:${(http1.address() as { port: number }).port}`), { callTimeoutMs: 2_000 });
        try {
          const error = await wrong.get('x', false).catch((caught: unknown) => caught);
          assert.ok(error instanceof SidecarError, `got ${String(error)}`);
          assert.doesNotMatch(describeError(error), /\n|at .*\.js/);
        } finally {
          await wrong.close();
          http1.closeAllConnections();
          await new Promise<void>((resolve) => http1.close(() => resolve()));
        }
      });

      it('refuses calls after close', async () => {
        const closed = connect(target(sidecar.address));
        await closed.close();
        await assert.rejects(closed.listInstanceIds(), /closed/);
      });
    });
  });
}
