/**
 * With an API token set, the embedded sidecar refuses every gRPC method (client RPCs, the
 * worker stream, the Dapr 1.17 RPCs, even those it does not implement) and every HTTP API
 * route without the right `dapr-api-token`: none, empty, wrong, a prefix, a longer one, other
 * letter case, in the query string instead of the header. A refused call changes nothing.
 * With the right token, the SDK and curl-style requests work. Only the health probes are
 * open, as in daprd.
 */
import assert from 'node:assert/strict';
import { status, type MethodDefinition, type ServiceError } from '@grpc/grpc-js';
import { after, before, test } from 'node:test';
import { getInstanceHistoryMethod, listInstanceIdsMethod } from '../../src/protocol/index.js';
import { Empty, TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';
import { startSidecar, waitForStatus, workItemsStreamError, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { grpcRejection, rawGrpc, rawState, startRequest, type RawGrpc } from '../hostile/grpc-calls.js';
import { httpCall, rawHttp, workflowPath } from '../hostile/http-calls.js';

const TOKEN = 'T0ken-for-the-security-test';
/** Tokens that must be refused; undefined sends none. */
const BAD_TOKENS: readonly (string | undefined)[] = [undefined, '', 'wrong', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()];
const show = (token: string | undefined) => (token === undefined ? 'no token' : JSON.stringify(token));

let sidecar: SidecarHarness;
let grpc: RawGrpc;
let httpPort: number;

before(async () => {
  sidecar = await startSidecar({ apiToken: TOKEN, httpPort: 0 });
  httpPort = sidecar.engine.httpPort!;
  grpc = rawGrpc(sidecar.address);
  await sidecar.startRuntime({
    workflows: {
      async *echo(_ctx: unknown, input: unknown) {
        return input;
      },
    },
  });
});

after(async () => {
  grpc?.close();
  await sidecar?.close();
});

/** A method definition that sends an empty message (every field at its default) and returns the raw answer. */
function emptyCall(path: string): MethodDefinition<null, Buffer> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: () => Buffer.alloc(0),
    requestDeserialize: () => null,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (bytes: Buffer) => bytes,
  };
}

test('gRPC: every method refuses a call without the right token with UNAUTHENTICATED', async () => {
  const unary = Object.values(TaskHubSidecarServiceService)
    .filter((method) => !method.responseStream)
    .map((method) => method.path);
  const paths = [...unary, listInstanceIdsMethod.path, getInstanceHistoryMethod.path];
  assert.ok(paths.length >= 18, `all methods, got ${paths.length}`);
  for (const path of paths) {
    for (const token of BAD_TOKENS) {
      const refused = await grpcRejection(grpc.call(emptyCall(path), null, token));
      assert.equal(refused.code, status.UNAUTHENTICATED, `${path} with ${show(token)}: ${refused.details}`);
      assert.match(refused.details, /dapr-api-token/);
    }
  }
  for (const token of BAD_TOKENS) {
    const ended = await workItemsStreamError(sidecar.address, token);
    assert.equal(ended.code, status.UNAUTHENTICATED, `GetWorkItems with ${show(token)}`);
  }
});

test('gRPC: a refused call changes nothing; the right token is accepted by raw calls and the SDK', async () => {
  for (const token of BAD_TOKENS) {
    await grpcRejection(grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: 'echo', instanceId: 'refused-start', input: '1' }), token));
  }
  assert.equal(await rawState(grpc, 'refused-start', TOKEN), undefined, 'no instance was created by a refused call');

  await grpc.call(TaskHubSidecarServiceService.hello, new Empty(), TOKEN);
  await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: 'echo', instanceId: 'with-token', input: '{"ok":true}' }), TOKEN);
  const done = await waitForStatus(sidecar.client, 'with-token', 'COMPLETED');
  assert.equal(done.serializedOutput, '{"ok":true}');

  const wrongClient = sidecar.newClient({ apiToken: 'wrong' });
  const error = await wrongClient.scheduleNewWorkflow('echo', 1, 'sdk-wrong-token').then(() => undefined, (e: unknown) => e as ServiceError);
  assert.equal(error?.code, status.UNAUTHENTICATED);
  assert.equal(await rawState(grpc, 'sdk-wrong-token', TOKEN), undefined);
});

test('HTTP: every route refuses a request without the right token with 401, and changes nothing', async () => {
  const routes: [string, string][] = [];
  for (const version of ['v1.0-alpha1', 'v1.0-beta1', 'v1.0']) {
    const base = `/${version}/workflows/dapr`;
    routes.push(['POST', `${base}/echo/start?instanceID=http-refused`], ['GET', `${base}/with-token`]);
    for (const action of ['raiseEvent/go', 'pause', 'resume', 'terminate', 'purge']) routes.push(['POST', `${base}/with-token/${action}`]);
  }
  for (const [method, path] of routes) {
    for (const token of BAD_TOKENS) {
      const answer = await httpCall(httpPort, method, path, { ...(token !== undefined && { headers: { 'dapr-api-token': token } }), ...(method === 'POST' && { body: '1' }) });
      assert.equal(answer.status, 401, `${method} ${path} with ${show(token)}`);
      assert.equal(answer.json?.errorCode, 'ERR_UNAUTHORIZED');
    }
  }
  // The token in the query string instead of the header, and the header twice.
  const inQuery = await httpCall(httpPort, 'GET', `${workflowPath('with-token')}?dapr-api-token=${TOKEN}`);
  assert.equal(inQuery.status, 401);
  const twice = await rawHttp(httpPort, `GET ${workflowPath('with-token')} HTTP/1.1\r\nHost: x\r\ndapr-api-token: ${TOKEN}\r\ndapr-api-token: ${TOKEN}\r\nConnection: close\r\n\r\n`);
  assert.match(twice, /^HTTP\/1\.1 401/);

  const state = await httpCall(httpPort, 'GET', workflowPath('with-token'), { headers: { 'dapr-api-token': TOKEN } });
  assert.equal(state.status, 200);
  assert.equal(state.json.runtimeStatus, 'COMPLETED', 'the refused terminate, pause and purge changed nothing');
  assert.equal((await httpCall(httpPort, 'GET', workflowPath('http-refused'), { headers: { 'dapr-api-token': TOKEN } })).status, 404, 'the refused start created nothing');
});

test('HTTP: the right token is accepted; only the health probes are open without it', async () => {
  const headers = { 'dapr-api-token': TOKEN };
  const started = await httpCall(httpPort, 'POST', `${workflowPath('echo', 'start')}?instanceID=http-with-token`, { body: '"hi"', headers });
  assert.equal(started.status, 202);
  const done = await waitForStatus(sidecar.client, 'http-with-token', 'COMPLETED');
  assert.equal(done.serializedOutput, '"hi"');
  for (const path of ['/v1.0/healthz', '/v1.0/healthz/outbound']) {
    assert.equal((await httpCall(httpPort, 'GET', path)).status, 204, `${path} without a token`);
  }
});
