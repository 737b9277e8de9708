/**
 * The hostile-input corpus through the embedded sidecar's own surfaces: raw gRPC calls with
 * the protocol's messages, the real SDK (DaprWorkflowClient and WorkflowRuntime), and real
 * HTTP requests to the Dapr API. Every case is stored exactly as sent or refused with a clear
 * error; HTTP answers carry no raw control character; malformed requests are answered or
 * dropped; afterwards the engine still answers and a known instance is intact.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { status, type ServiceError } from '@grpc/grpc-js';
import { getInstanceHistoryMethod, type GetInstanceHistoryResponse } from '../../src/protocol/index.js';
import { Empty, pb, TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';
import { captureConsole, LogBuffer } from '../../src/runtime/index.js';
import { startSidecar, statusName, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { assertSameJson, displayTextCases, expectationOn, identifierCases, label, payloadCases, rawControls } from './corpus.js';
import { grpcRejection, rawGrpc, rawState, startRequest, STATUS, type RawGrpc } from './grpc-calls.js';
import { httpCall, rawHttp, workflowPath, type HttpAnswer } from './http-calls.js';
import { assertKeeperIntact, hostileActivities, hostileWorkflows, seedKeeper, type KeeperSnapshot } from './hostile-workflows.js';
import { OutcomeLog } from './report.js';

const FUTURE = Date.now() + 24 * 3600_000;
/** A workflow no worker hosts (instances of it started with a future time are never dispatched). */
const NOBODY = 'HostileNobody';
const MARKER_FILE = '/tmp/dapr-workflow-tui-hostile-marker';

const grpcLog = new OutcomeLog('grpc');
const sdkLog = new OutcomeLog('sdk');
const httpLog = new OutcomeLog('http');

let sidecar: SidecarHarness;
let grpc: RawGrpc;
let httpPort: number;
let keeper: KeeperSnapshot;
/** What the workflows print goes to a log buffer, as in the console, not into the test output. */
const workflowLog = new LogBuffer();
let restoreConsole: (() => void) | undefined;

before(async () => {
  sidecar = await startSidecar({ httpPort: 0 });
  restoreConsole = captureConsole(workflowLog);
  httpPort = sidecar.engine.httpPort!;
  grpc = rawGrpc(sidecar.address);
  await sidecar.startRuntime({ workflows: hostileWorkflows, activities: hostileActivities });
  keeper = await seedKeeper(sidecar);
});

after(async () => {
  grpc?.close();
  restoreConsole?.();
  await sidecar?.close();
  for (const log of [grpcLog, sdkLog, httpLog]) if (log.size > 0) log.write();
});

/** Asserts an HTTP answer's status and error code, and that its body holds no raw control character. */
function assertHttp(answer: HttpAnswer, statusCode: number, errorCode?: string): void {
  assert.equal(answer.status, statusCode, `HTTP status; body: ${label(answer.text)}`);
  if (errorCode !== undefined) assert.equal(answer.json?.errorCode, errorCode, label(answer.text));
  assert.deepEqual(rawControls(answer.text), [], `no raw control characters in ${label(answer.text)}`);
}

function isSdkError(error: unknown, code: status): error is ServiceError {
  return typeof error === 'object' && error !== null && (error as ServiceError).code === code;
}

async function terminalStatusOf(instanceId: string): Promise<string> {
  return waitUntil(
    async () => {
      const name = statusName(await sidecar.client.getWorkflowState(instanceId, false));
      return ['COMPLETED', 'FAILED', 'TERMINATED'].includes(name) ? name : undefined;
    },
    { what: `${instanceId} to finish`, timeoutMs: 15_000 },
  );
}

test('payloads through raw gRPC: stored exactly as sent (payloads are opaque, as in daprd), or refused over 4 MiB', async () => {
  for (const [index, testCase] of payloadCases().entries()) {
    const instanceId = `grpc-p-${index}`;
    if (expectationOn(testCase, 'grpc') === 'too-large') {
      const refused = await grpcRejection(grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: NOBODY, instanceId, input: testCase.raw, scheduledAt: FUTURE })));
      assert.equal(refused.code, status.RESOURCE_EXHAUSTED, testCase.id);
      assert.match(refused.details, /over the limit of 4194304 bytes/, testCase.id);
      assert.equal(await rawState(grpc, instanceId), undefined, `${testCase.id}: nothing stored`);

      const raise = new pb.RaiseEventRequest();
      raise.setInstanceid(keeper.instanceId);
      raise.setName('payload');
      raise.setInput(startRequest({ name: 'x', input: testCase.raw }).getInput());
      assert.equal((await grpcRejection(grpc.call(TaskHubSidecarServiceService.raiseEvent, raise))).code, status.RESOURCE_EXHAUSTED);
      const terminate = new pb.TerminateRequest();
      terminate.setInstanceid(keeper.instanceId);
      terminate.setOutput(raise.getInput());
      assert.equal((await grpcRejection(grpc.call(TaskHubSidecarServiceService.terminateInstance, terminate))).code, status.RESOURCE_EXHAUSTED);
      grpcLog.record('payloads', testCase.id, 'RESOURCE_EXHAUSTED, the engine\'s sentence (start, event, terminate)');
      continue;
    }
    await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: NOBODY, instanceId, input: testCase.raw, scheduledAt: FUTURE }));
    const stored = await rawState(grpc, instanceId);
    assert.equal(stored?.input, testCase.raw, `${testCase.id}: input stored as sent`);

    const terminate = new pb.TerminateRequest();
    terminate.setInstanceid(instanceId);
    terminate.setOutput(startRequest({ name: 'x', input: testCase.raw }).getInput());
    await grpc.call(TaskHubSidecarServiceService.terminateInstance, terminate);
    const terminated = await rawState(grpc, instanceId);
    assert.equal(terminated?.status, STATUS.ORCHESTRATION_STATUS_TERMINATED, testCase.id);
    assert.equal(terminated?.output, testCase.raw, `${testCase.id}: terminate output stored as sent`);
    grpcLog.record('payloads', testCase.id, 'stored as sent (input, terminate output)');
  }
  assert.ok(!existsSync(MARKER_FILE), 'no payload was evaluated');
});

test('payloads through the SDK: values round-trip through a real workflow; 4 MiB + 1 byte refused with the engine\'s sentence', async () => {
  const waiting: { id: string; caseId: string; raw: string }[] = [];
  for (const [index, testCase] of payloadCases().entries()) {
    const expected = expectationOn(testCase, 'sdk');
    if (expected === 'invalid-json' || expected === 'absent') {
      sdkLog.record('payloads', testCase.id, 'n/a (the SDK sends values, not text)');
      continue;
    }
    const value: unknown = JSON.parse(testCase.raw);
    const instanceId = `sdk-p-${index}`;
    if (expected === 'too-deep') {
      // JSON.parse takes any depth; the SDK's JSON.stringify cannot re-encode it, before anything is sent.
      await assert.rejects(sidecar.client.scheduleNewWorkflow(NOBODY, value, instanceId, new Date(FUTURE)), RangeError);
      sdkLog.record('payloads', testCase.id, 'n/a (the SDK cannot encode it: RangeError before sending)');
      continue;
    }
    if (expected === 'too-large') {
      const error = await sidecar.client.scheduleNewWorkflow(NOBODY, value, instanceId, new Date(FUTURE)).then(() => undefined, (e: unknown) => e);
      assert.ok(isSdkError(error, status.RESOURCE_EXHAUSTED), `${testCase.id}: RESOURCE_EXHAUSTED, got ${String(error)}`);
      assert.match(error.details, /workflow input is \d+ bytes, over the limit of 4194304 bytes/);
      const eventError = await sidecar.client.raiseEvent(keeper.instanceId, 'payload', value).then(() => undefined, (e: unknown) => e);
      assert.ok(isSdkError(eventError, status.RESOURCE_EXHAUSTED), `${testCase.id}: event data refused`);
      sdkLog.record('payloads', testCase.id, 'RESOURCE_EXHAUSTED, the engine\'s sentence');
      continue;
    }
    await sidecar.client.scheduleNewWorkflow('HostileWaiter', undefined, instanceId);
    await sidecar.client.raiseEvent(instanceId, 'payload', value);
    waiting.push({ id: instanceId, caseId: testCase.id, raw: testCase.raw });
  }
  for (const { id, caseId, raw } of waiting) {
    assert.equal(await terminalStatusOf(id), 'COMPLETED', caseId);
    const state = await sidecar.client.getWorkflowState(id, true);
    assertSameJson(state?.serializedOutput, raw, `${caseId}: the workflow got the event data and returned it unchanged`);
    sdkLog.record('payloads', caseId, 'delivered to the workflow and returned unchanged');
  }
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false, 'Object.prototype not polluted');
});

test('payloads through the HTTP API: stored as sent, or 400 for bad JSON and 413 over 4 MiB, with no raw control character in any answer', async () => {
  for (const [index, testCase] of payloadCases().entries()) {
    const instanceId = `http-p-${index}`;
    const started = await httpCall(httpPort, 'POST', `${workflowPath(NOBODY, 'start')}?instanceID=${instanceId}`, { body: testCase.raw });
    const expected = expectationOn(testCase, 'http');
    if (expected === 'invalid-json') {
      assertHttp(started, 400, 'ERR_MALFORMED_REQUEST');
      assert.match(started.json.message, /not valid JSON/);
      httpLog.record('payloads', testCase.id, '400 ERR_MALFORMED_REQUEST');
      continue;
    }
    if (expected === 'too-large') {
      assertHttp(started, 413, 'ERR_BODY_TOO_LARGE');
      assertHttp(await httpCall(httpPort, 'POST', workflowPath(keeper.instanceId, 'raiseEvent', 'payload'), { body: testCase.raw }), 413, 'ERR_BODY_TOO_LARGE');
      assertHttp(await httpCall(httpPort, 'GET', workflowPath(instanceId)), 404, 'ERR_INSTANCE_ID_NOT_FOUND');
      httpLog.record('payloads', testCase.id, '413 ERR_BODY_TOO_LARGE');
      continue;
    }
    assertHttp(started, 202);
    const got = await httpCall(httpPort, 'GET', workflowPath(instanceId));
    assertHttp(got, 200);
    const input = got.json.properties['dapr.workflow.input'];
    // daprd always lists the input, empty when there is none.
    if (expected === 'absent') assert.equal(input, '', testCase.id);
    else assert.equal(input, testCase.raw, `${testCase.id}: input stored as sent`);
    assertHttp(await httpCall(httpPort, 'POST', workflowPath(instanceId, 'terminate'), { body: testCase.raw }), 202);
    const terminated = await httpCall(httpPort, 'GET', workflowPath(instanceId));
    assert.equal(terminated.json.runtimeStatus, 'TERMINATED');
    if (expected !== 'absent') assert.equal(terminated.json.properties['dapr.workflow.output'], testCase.raw);
    httpLog.record('payloads', testCase.id, expected === 'absent' ? '202, no payload' : '202, stored as sent, served escaped');
  }
});

test('instance IDs, workflow names and event names through raw gRPC, the SDK and HTTP', async () => {
  const waiters: { id: string; caseId: string; raw: string; log: OutcomeLog }[] = [];
  for (const [index, testCase] of identifierCases().entries()) {
    const { raw } = testCase;
    if (testCase.kind === 'instance-id') {
      const refused = await grpcRejection(grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: NOBODY, instanceId: raw })));
      assert.equal(refused.code, status.INVALID_ARGUMENT, testCase.id);
      assert.match(refused.details, /is not valid: use only letters, digits/);
      assert.equal(await rawState(grpc, raw), undefined);
      const terminate = new pb.TerminateRequest();
      terminate.setInstanceid(raw);
      assert.equal((await grpcRejection(grpc.call(TaskHubSidecarServiceService.terminateInstance, terminate))).code, status.NOT_FOUND);
      grpcLog.record('identifiers', testCase.id, 'INVALID_ARGUMENT on start; NOT_FOUND elsewhere');

      const sdkError = await sidecar.client.scheduleNewWorkflow(NOBODY, undefined, raw).then(() => undefined, (e: unknown) => e);
      assert.ok(isSdkError(sdkError, status.INVALID_ARGUMENT), testCase.id);
      assert.equal(await sidecar.client.getWorkflowState(raw, true), undefined);
      const eventError = await sidecar.client.raiseEvent(raw, 'payload', 1).then(() => undefined, (e: unknown) => e);
      assert.ok(isSdkError(eventError, status.NOT_FOUND), `${testCase.id}: an event for an unknown instance is NOT_FOUND, as daprd answers`);
      sdkLog.record('identifiers', testCase.id, 'INVALID_ARGUMENT on start; get: none');

      assertHttp(await httpCall(httpPort, 'POST', `${workflowPath(NOBODY, 'start')}?instanceID=${encodeURIComponent(raw)}`), 400, 'ERR_INSTANCE_ID_INVALID');
      assertHttp(await httpCall(httpPort, 'GET', workflowPath(raw)), 404, 'ERR_INSTANCE_ID_NOT_FOUND');
      for (const action of ['terminate', 'pause', 'resume', 'purge']) {
        assertHttp(await httpCall(httpPort, 'POST', workflowPath(raw, action)), 404, 'ERR_INSTANCE_ID_NOT_FOUND');
      }
      httpLog.record('identifiers', testCase.id, '400 ERR_INSTANCE_ID_INVALID; 404 elsewhere');
      continue;
    }
    if (testCase.kind === 'workflow-name') {
      const grpcId = `grpc-n-${index}`;
      const sdkId = `sdk-n-${index}`;
      if (testCase.expect === 'missing-name') {
        const refused = await grpcRejection(grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: raw, instanceId: grpcId })));
        assert.equal(refused.code, status.INVALID_ARGUMENT);
        assert.match(refused.details, /A workflow name is required/);
        const sdkError = await sidecar.client.scheduleNewWorkflow(raw, undefined, sdkId).then(() => undefined, (e: unknown) => e);
        assert.ok(isSdkError(sdkError, status.INVALID_ARGUMENT));
        const path = raw === '' ? '/v1.0/workflows/dapr//start' : workflowPath(raw, 'start');
        const answer = await httpCall(httpPort, 'POST', path);
        assertHttp(answer, 400, raw === '' ? 'ERR_WORKFLOW_NAME_MISSING' : 'ERR_MALFORMED_REQUEST');
        grpcLog.record('identifiers', testCase.id, 'INVALID_ARGUMENT');
        sdkLog.record('identifiers', testCase.id, 'INVALID_ARGUMENT');
        httpLog.record('identifiers', testCase.id, `400 ${answer.json.errorCode}`);
        continue;
      }
      await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: raw, instanceId: grpcId, scheduledAt: FUTURE }));
      assert.equal((await rawState(grpc, grpcId))?.name, raw, `${testCase.id}: name stored as sent`);
      await sidecar.client.scheduleNewWorkflow(raw, undefined, sdkId, new Date(FUTURE));
      assert.equal((await sidecar.client.getWorkflowState(sdkId, false))?.name, raw);
      const httpId = `http-n-${index}`;
      assertHttp(await httpCall(httpPort, 'POST', `${workflowPath(raw, 'start')}?instanceID=${httpId}`), 202);
      const got = await httpCall(httpPort, 'GET', workflowPath(httpId));
      assertHttp(got, 200);
      assert.equal(got.json.workflowName, raw);
      grpcLog.record('identifiers', testCase.id, 'stored as sent');
      sdkLog.record('identifiers', testCase.id, 'stored as sent');
      httpLog.record('identifiers', testCase.id, '202, stored as sent, served escaped');
      continue;
    }
    // Event names: raised at a waiting workflow by each surface; the history keeps the name as sent.
    const ids = { grpc: `grpc-e-${index}`, sdk: `sdk-e-${index}`, http: `http-e-${index}` };
    for (const id of Object.values(ids)) await sidecar.client.scheduleNewWorkflow('HostileWaiter', undefined, id);
    const raise = new pb.RaiseEventRequest();
    raise.setInstanceid(ids.grpc);
    raise.setName(raw);
    raise.setInput(startRequest({ name: 'x', input: '"data"' }).getInput());
    const httpPath = raw === '' ? `${workflowPath(ids.http, 'raiseEvent')}/` : workflowPath(ids.http, 'raiseEvent', raw);
    if (testCase.expect === 'missing-name') {
      const refused = await grpcRejection(grpc.call(TaskHubSidecarServiceService.raiseEvent, raise));
      assert.equal(refused.code, status.INVALID_ARGUMENT);
      assert.match(refused.details, /An event name is required/);
      const sdkError = await sidecar.client.raiseEvent(ids.sdk, raw, 'data').then(() => undefined, (e: unknown) => e);
      assert.ok(isSdkError(sdkError, status.INVALID_ARGUMENT));
      assertHttp(await httpCall(httpPort, 'POST', httpPath, { body: '"data"' }), 400, 'ERR_WORKFLOW_EVENT_NAME_MISSING');
      grpcLog.record('identifiers', testCase.id, 'INVALID_ARGUMENT');
      sdkLog.record('identifiers', testCase.id, 'INVALID_ARGUMENT');
      httpLog.record('identifiers', testCase.id, '400 ERR_WORKFLOW_EVENT_NAME_MISSING');
      continue;
    }
    await grpc.call(TaskHubSidecarServiceService.raiseEvent, raise);
    await sidecar.client.raiseEvent(ids.sdk, raw, 'data');
    assertHttp(await httpCall(httpPort, 'POST', httpPath, { body: '"data"' }), 202);
    waiters.push({ id: ids.grpc, caseId: testCase.id, raw, log: grpcLog }, { id: ids.sdk, caseId: testCase.id, raw, log: sdkLog }, { id: ids.http, caseId: testCase.id, raw, log: httpLog });
  }
  for (const waiter of waiters) {
    // The name reaches the history as sent, then the event the workflow waits for ends it.
    await waitUntil(
      async () => {
        const history: GetInstanceHistoryResponse = await grpc.call(getInstanceHistoryMethod, { instanceId: waiter.id });
        return history.events.some((event) => event.eventRaised?.name === waiter.raw);
      },
      { what: `event ${label(waiter.raw)} in the history of ${waiter.id}` },
    );
    await sidecar.client.raiseEvent(waiter.id, 'payload', 'done');
    const outcome = await terminalStatusOf(waiter.id);
    // SDK 3.18 buffers events in plain objects: a name such as "constructor" fails the waiting workflow.
    const note = outcome === 'COMPLETED' ? 'kept in the history as sent' : `kept as sent; the SDK's worker ${outcome} the workflow`;
    if (waiter.raw !== 'constructor') assert.equal(outcome, 'COMPLETED', waiter.caseId);
    waiter.log.record('identifiers', waiter.caseId, waiter.log === httpLog ? `202, ${note}` : note);
  }
});

test('text from workflow code (output, custom status, activity result, failure) is stored as sent and served escaped', async () => {
  const started: { id: string; fail: boolean; raw: string; caseId: string }[] = [];
  for (const [index, testCase] of displayTextCases().entries()) {
    for (const fail of [false, true]) {
      const id = `text-${index}-${fail ? 'fail' : 'ok'}`;
      await sidecar.client.scheduleNewWorkflow('HostileEcho', { text: testCase.raw, fail }, id);
      started.push({ id, fail, raw: testCase.raw, caseId: testCase.id });
    }
  }
  for (const { id, fail, raw, caseId } of started) {
    assert.equal(await terminalStatusOf(id), fail ? 'FAILED' : 'COMPLETED', caseId);
    const state = await rawState(grpc, id);
    assert.equal(state?.customStatus, raw, `${caseId}: custom status as sent`);
    if (fail) assert.equal(state?.failureMessage, raw, `${caseId}: failure message as sent`);
    else assert.equal(state?.output, JSON.stringify(raw), `${caseId}: output as sent`);
    const got = await httpCall(httpPort, 'GET', workflowPath(id));
    assertHttp(got, 200);
    assert.equal(got.json.properties['dapr.workflow.custom_status'], raw);
    if (fail) assert.equal(got.json.properties['dapr.workflow.failure.error_message'], raw);
  }
  for (const testCase of displayTextCases()) {
    grpcLog.record('display-texts', testCase.id, 'stored as sent');
    sdkLog.record('display-texts', testCase.id, 'stored as sent');
    httpLog.record('display-texts', testCase.id, 'served escaped (JSON \\u)');
  }
});

test('malformed HTTP requests are answered or dropped, never crash the sidecar', async () => {
  const cases: { id: string; send: () => Promise<string | HttpAnswer>; expect: RegExp | number }[] = [
    { id: 'bad-percent-encoding', send: () => httpCall(httpPort, 'GET', '/v1.0/workflows/dapr/%E0%A4%A'), expect: 400 },
    { id: 'path-traversal', send: () => httpCall(httpPort, 'GET', '/v1.0/workflows/dapr/../../../etc/passwd'), expect: 404 },
    { id: 'nul-in-path', send: () => httpCall(httpPort, 'GET', '/v1.0/workflows/dapr/%00'), expect: 404 },
    { id: 'escape-in-component', send: () => httpCall(httpPort, 'GET', `/v1.0/workflows/${encodeURIComponent('\u001b]0;x\u0007\u009b2J')}/x`), expect: 400 },
    { id: 'unknown-method', send: () => httpCall(httpPort, 'PATCH', workflowPath('x', 'start')), expect: 405 },
    { id: 'url-100-kib', send: () => httpCall(httpPort, 'GET', workflowPath('x'.repeat(100 * 1024))), expect: /^HTTP\/1\.1 (400|404|414|431)/ },
    { id: 'control-chars-in-request-line', send: () => rawHttp(httpPort, 'GET /v1.0/healthz\u001b[2J\u0007 HTTP/1.1\r\nHost: x\r\n\r\n'), expect: /^HTTP\/1\.1 400/ },
    { id: 'control-chars-in-header', send: () => rawHttp(httpPort, 'GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\nX-Evil: a\u001bb\u0000c\r\n\r\n'), expect: /^HTTP\/1\.1 (204|400)/ },
    { id: 'header-64-kib', send: () => rawHttp(httpPort, `GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`), expect: /^HTTP\/1\.1 (400|431)/ },
    { id: 'declared-body-1-gib', send: () => rawHttp(httpPort, `POST ${workflowPath(NOBODY, 'start')} HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n{`), expect: /^HTTP\/1\.1 413/ },
    { id: 'body-cut-short', send: () => rawHttp(httpPort, `POST ${workflowPath(NOBODY, 'start')} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":`, 500), expect: /^$|^HTTP\/1\.1 400/ },
    { id: 'not-http', send: () => rawHttp(httpPort, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x00])), expect: /^$|^HTTP\/1\.1 400/ },
  ];
  for (const c of cases) {
    const answer = await c.send();
    if (typeof answer === 'string') {
      assert.match(answer, c.expect as RegExp, `${c.id}: ${label(answer.slice(0, 80))}`);
      httpLog.record('barrage', c.id, answer === '' ? 'connection closed' : answer.split('\r\n')[0]!.replace('HTTP/1.1 ', ''));
    } else if (typeof c.expect === 'number') {
      assertHttp(answer, c.expect);
      httpLog.record('barrage', c.id, `${answer.status} ${answer.json?.errorCode ?? ''}`.trim());
    } else {
      assert.match(`HTTP/1.1 ${answer.status}`, c.expect, c.id);
      httpLog.record('barrage', c.id, `${answer.status} ${answer.json?.errorCode ?? ''}`.trim());
    }
  }
});

test('garbage on the gRPC port and undecodable messages are refused, never crash the sidecar', async () => {
  const garbage = await new Promise<string>((resolve) => {
    const socket = connect(sidecar.port, '127.0.0.1');
    socket.on('connect', () => socket.write(Buffer.from('GET / HTTP/1.1\r\n\u001b[2J\r\n\r\n')));
    socket.on('error', () => resolve('closed'));
    socket.on('close', () => resolve('closed'));
    setTimeout(() => {
      socket.destroy();
      resolve('no answer');
    }, 2000);
  });
  grpcLog.record('barrage', 'http-1.1-bytes-on-grpc-port', garbage === 'closed' ? 'connection closed' : 'ignored, then dropped');

  const undecodable = {
    ...TaskHubSidecarServiceService.startInstance,
    requestSerialize: () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x1b, 0x5b, 0x32, 0x4a]),
  };
  const refused = await grpcRejection(grpc.call(undecodable as typeof TaskHubSidecarServiceService.startInstance, new pb.CreateInstanceRequest()));
  assert.ok([status.INTERNAL, status.INVALID_ARGUMENT].includes(refused.code), `code ${refused.code}`);
  grpcLog.record('barrage', 'undecodable-protobuf', status[refused.code]);

  const unknown = { ...TaskHubSidecarServiceService.hello, path: '/TaskHubSidecarService/DropAllTables' };
  assert.equal((await grpcRejection(grpc.call(unknown as typeof TaskHubSidecarServiceService.hello, new Empty()))).code, status.UNIMPLEMENTED);
  grpcLog.record('barrage', 'unknown-method', 'UNIMPLEMENTED');
  // A method path with ESC and BEL: refused before or at the server, whichever side objects first.
  const escaped = { ...TaskHubSidecarServiceService.hello, path: '/TaskHubSidecarService/\u001b]0;pwned\u0007' };
  const escapedRefusal = await grpcRejection(grpc.call(escaped as typeof TaskHubSidecarServiceService.hello, new Empty()));
  grpcLog.record('barrage', 'method-path-with-escapes', status[escapedRefusal.code]!);
});

test('after the barrage the sidecar still answers on both ports and the known instance is intact', async () => {
  const health = await httpCall(httpPort, 'GET', '/v1.0/healthz');
  assert.equal(health.status, 204);
  await sidecar.client.scheduleNewWorkflow('HostileEcho', { text: 'still here' }, 'after-barrage');
  assert.equal(await terminalStatusOf('after-barrage'), 'COMPLETED');
  await assertKeeperIntact(sidecar, keeper);
  assert.ok(!existsSync(MARKER_FILE), 'no payload was evaluated');
  for (const log of [grpcLog, sdkLog, httpLog]) {
    log.record('after', 'sidecar-answers', 'yes');
    log.record('after', 'known-instance-intact', 'yes (status, payloads, history)');
  }
});
