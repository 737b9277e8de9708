/**
 * Dapr's workflow HTTP API on the embedded sidecar, driven with real HTTP requests (fetch)
 * while the real SDK's WorkflowRuntime runs the workflows: the lifecycle under all three
 * path prefixes, and every error answer in Dapr's shape. New cases (e.g. the workshop's
 * curl commands) fit the `api()` helper and the error table.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSidecar, waitUntil, type SidecarHarness } from '../../helpers/sidecar-harness.js';
import { testActivities, testWorkflows } from '../../client/test-workflows.js';

const PREFIXES = ['v1.0-alpha1', 'v1.0-beta1', 'v1.0'] as const;

let sidecar: SidecarHarness;
let base: string;

interface ApiAnswer {
  readonly status: number;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
  readonly headers: Headers;
}

/** One request to the API; `path` starts after the host (e.g. `/v1.0/workflows/dapr/x`). */
async function api(path: string, init: RequestInit & { apiBase?: string } = {}): Promise<ApiAnswer> {
  const response = await fetch(`${init.apiBase ?? base}${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

function post(path: string, body?: string, headers?: Record<string, string>): Promise<ApiAnswer> {
  return api(path, { method: 'POST', ...(body !== undefined && { body }), ...(headers && { headers }) });
}

/** Polls GET until the instance has `status`; returns the body. */
async function waitForStatus(prefix: string, instanceId: string, status: string) {
  return waitUntil(
    async () => {
      const answer = await api(`/${prefix}/workflows/dapr/${instanceId}`);
      return answer.status === 200 && answer.json.runtimeStatus === status ? answer.json : undefined;
    },
    { what: `${instanceId} to be ${status}` },
  );
}

before(async () => {
  sidecar = await startSidecar({ httpPort: 0 });
  base = `http://127.0.0.1:${sidecar.engine.httpPort}`;
  await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
});

after(async () => {
  await sidecar.close();
});

describe('workflow lifecycle over HTTP', () => {
  for (const prefix of PREFIXES) {
    it(`starts and reads a workflow under /${prefix}`, async () => {
      const started = await post(`/${prefix}/workflows/dapr/Greeter/start`, '{"name":"Ada"}');
      assert.equal(started.status, 202);
      assert.match(started.json.instanceID, /^[0-9a-f-]{36}$/);

      const state = await waitForStatus(prefix, started.json.instanceID, 'COMPLETED');
      assert.equal(state.instanceID, started.json.instanceID);
      assert.equal(state.workflowName, 'Greeter');
      assert.equal(state.properties['dapr.workflow.input'], '{"name":"Ada"}');
      assert.equal(state.properties['dapr.workflow.output'], '"Hello, Ada!"');
      assert.ok(!Number.isNaN(Date.parse(state.createdAt)) && !Number.isNaN(Date.parse(state.lastUpdatedAt)));
    });
  }

  it('starts with a chosen instance ID, and refuses the same ID while it runs', async () => {
    const started = await post('/v1.0/workflows/dapr/Approval/start?instanceID=order-1001');
    assert.equal(started.status, 202);
    assert.deepEqual(started.json, { instanceID: 'order-1001' });
    await waitForStatus('v1.0', 'order-1001', 'RUNNING');

    const again = await post('/v1.0/workflows/dapr/Approval/start?instanceID=order-1001');
    assert.equal(again.status, 409);
    assert.equal(again.json.errorCode, 'ERR_START_WORKFLOW');
    assert.match(again.json.message, /order-1001/);
  });

  it('pauses, resumes and completes an instance through a raised event', async () => {
    await post('/v1.0-beta1/workflows/dapr/Approval/start?instanceID=approval-1');
    await waitForStatus('v1.0-beta1', 'approval-1', 'RUNNING');

    const paused = await post('/v1.0-beta1/workflows/dapr/approval-1/pause');
    assert.equal(paused.status, 202);
    assert.equal(paused.text, '{}', 'as daprd 1.18 answers an accepted action');
    assert.equal((await api('/v1.0-beta1/workflows/dapr/approval-1')).json.runtimeStatus, 'SUSPENDED');

    assert.equal((await post('/v1.0-beta1/workflows/dapr/approval-1/raiseEvent/Approval', '{"approved":true}')).status, 202);
    const resumed = await post('/v1.0-beta1/workflows/dapr/approval-1/resume');
    assert.equal(resumed.status, 202);

    const state = await waitForStatus('v1.0-beta1', 'approval-1', 'COMPLETED');
    assert.deepEqual(JSON.parse(state.properties['dapr.workflow.output']), { decision: { approved: true } });
  });

  it('terminates with an output given as the body, and without one', async () => {
    await post('/v1.0/workflows/dapr/Approval/start?instanceID=term-with-output');
    await post('/v1.0/workflows/dapr/Approval/start?instanceID=term-plain');
    await waitForStatus('v1.0', 'term-with-output', 'RUNNING');
    await waitForStatus('v1.0', 'term-plain', 'RUNNING');

    assert.equal((await post('/v1.0/workflows/dapr/term-with-output/terminate', '{"reason":"cancelled by ops"}')).status, 202);
    assert.equal((await post('/v1.0/workflows/dapr/term-plain/terminate')).status, 202);

    const withOutput = await waitForStatus('v1.0', 'term-with-output', 'TERMINATED');
    assert.deepEqual(JSON.parse(withOutput.properties['dapr.workflow.output']), { reason: 'cancelled by ops' });
    await waitForStatus('v1.0', 'term-plain', 'TERMINATED');
  });

  it('purges a finished instance, after which it is not found', async () => {
    const started = await post('/v1.0-alpha1/workflows/dapr/Greeter/start?instanceID=purge-me', '{"name":"Bo"}');
    assert.equal(started.status, 202);
    await waitForStatus('v1.0-alpha1', 'purge-me', 'COMPLETED');

    assert.equal((await post('/v1.0-alpha1/workflows/dapr/purge-me/purge')).status, 202);
    const gone = await api('/v1.0-alpha1/workflows/dapr/purge-me');
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'ERR_INSTANCE_ID_NOT_FOUND');
  });

  it('refuses to purge a running instance with Dapr\'s purge error', async () => {
    await post('/v1.0/workflows/dapr/Approval/start?instanceID=still-running');
    await waitForStatus('v1.0', 'still-running', 'RUNNING');
    const refused = await post('/v1.0/workflows/dapr/still-running/purge');
    assert.equal(refused.status, 500);
    assert.equal(refused.json.errorCode, 'ERR_PURGE_WORKFLOW');
    assert.match(refused.json.message, /still-running/);
  });

  it('reports failure details of a failed workflow, and no output', async () => {
    await post('/v1.0/workflows/dapr/Failing/start?instanceID=failing-1');
    const state = await waitForStatus('v1.0', 'failing-1', 'FAILED');
    assert.match(state.properties['dapr.workflow.failure.error_message'], /card card-1 was declined/);
    assert.ok(state.properties['dapr.workflow.failure.error_type']);
    assert.equal(state.properties['dapr.workflow.output'], undefined);
  });

  it('reports the custom status', async () => {
    await post('/v1.0/workflows/dapr/Staged/start?instanceID=staged-1');
    const state = await waitUntil(async () => {
      const answer = await api('/v1.0/workflows/dapr/staged-1');
      return answer.json?.properties?.['dapr.workflow.custom_status'] ? answer.json : undefined;
    });
    assert.equal(state.properties['dapr.workflow.custom_status'], 'waiting for go'); // stored verbatim, as the SDK sent it
  });

  it('answers the health probes Dapr SDKs poll at start-up', async () => {
    assert.equal((await api('/v1.0/healthz')).status, 204);
    assert.equal((await api('/v1.0/healthz/outbound')).status, 204);
  });
});

describe('errors in Dapr\'s shape', () => {
  const huge = 'x'.repeat(4 * 1024 * 1024 + 1);
  const cases: readonly {
    readonly name: string;
    readonly method?: string;
    readonly path: string;
    readonly body?: string;
    readonly status: number;
    readonly errorCode: string;
  }[] = [
    { name: 'malformed JSON input on start', method: 'POST', path: '/v1.0/workflows/dapr/Greeter/start', body: '{"name":', status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
    { name: 'malformed JSON event data', method: 'POST', path: '/v1.0/workflows/dapr/order-1001/raiseEvent/Approval', body: 'yes please', status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
    { name: 'malformed JSON terminate output', method: 'POST', path: '/v1.0/workflows/dapr/order-1001/terminate', body: '{', status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
    { name: 'get of an unknown instance', path: '/v1.0/workflows/dapr/no-such-instance', status: 404, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' },
    { name: 'pause of an unknown instance', method: 'POST', path: '/v1.0/workflows/dapr/no-such-instance/pause', status: 404, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' },
    { name: 'resume of an unknown instance', method: 'POST', path: '/v1.0/workflows/dapr/no-such-instance/resume', status: 404, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' },
    { name: 'terminate of an unknown instance', method: 'POST', path: '/v1.0/workflows/dapr/no-such-instance/terminate', status: 404, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' },
    { name: 'purge of an unknown instance', method: 'POST', path: '/v1.0/workflows/dapr/no-such-instance/purge', status: 404, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' },
    { name: 'missing workflow name', method: 'POST', path: '/v1.0/workflows/dapr//start', status: 400, errorCode: 'ERR_WORKFLOW_NAME_MISSING' },
    { name: 'invalid instance ID', method: 'POST', path: '/v1.0/workflows/dapr/Greeter/start?instanceID=bad%24id', status: 400, errorCode: 'ERR_INSTANCE_ID_INVALID' },
    { name: 'too long instance ID', method: 'POST', path: `/v1.0/workflows/dapr/Greeter/start?instanceID=${'a'.repeat(65)}`, status: 400, errorCode: 'ERR_INSTANCE_ID_TOO_LONG' },
    { name: 'missing event name', method: 'POST', path: '/v1.0/workflows/dapr/order-1001/raiseEvent/', status: 400, errorCode: 'ERR_WORKFLOW_EVENT_NAME_MISSING' },
    { name: 'unknown workflow component', method: 'POST', path: '/v1.0/workflows/temporal/Greeter/start', status: 400, errorCode: 'ERR_WORKFLOW_COMPONENT_NOT_FOUND' },
    { name: 'body over 4 MiB', method: 'POST', path: '/v1.0/workflows/dapr/Greeter/start', body: huge, status: 413, errorCode: 'ERR_BODY_TOO_LARGE' },
    { name: 'unknown route', path: '/v1.0/state/statestore/key', status: 404, errorCode: 'ERR_NOT_FOUND' },
    { name: 'unknown API version', path: '/v2.0/workflows/dapr/order-1001', status: 404, errorCode: 'ERR_NOT_FOUND' },
    { name: 'GET on a POST route', path: '/v1.0/workflows/dapr/Greeter/start', status: 405, errorCode: 'ERR_METHOD_NOT_ALLOWED' },
    { name: 'DELETE on an instance', method: 'DELETE', path: '/v1.0/workflows/dapr/order-1001', status: 405, errorCode: 'ERR_METHOD_NOT_ALLOWED' },
    { name: 'broken percent-encoding', path: '/v1.0/workflows/dapr/%E0%A4%A', status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.status} ${testCase.errorCode} for ${testCase.name}`, async () => {
      const answer = await api(testCase.path, {
        method: testCase.method ?? 'GET',
        ...(testCase.body !== undefined && { body: testCase.body }),
      });
      assert.equal(answer.status, testCase.status, answer.text);
      assert.equal(answer.json?.errorCode, testCase.errorCode, answer.text);
      assert.equal(typeof answer.json.message, 'string');
      assert.ok(answer.json.message.length > 0);
    });
  }

  it('names the allowed method on 405', async () => {
    const answer = await api('/v1.0/workflows/dapr/x/pause');
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('allow'), 'POST');
  });

  it('refuses a declared huge body at once and closes the connection', async () => {
    const reply = await rawExchange(
      'POST /v1.0/workflows/dapr/Greeter/start HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n',
    );
    assert.match(reply, /^HTTP\/1\.1 413 /);
    assert.match(reply, /ERR_BODY_TOO_LARGE/);
  });

  it('survives bytes that are not HTTP, and keeps answering', async () => {
    const reply = await rawExchange('\u0000\u0001 not http at all\r\n\r\n');
    assert.match(reply, /^HTTP\/1\.1 400 /);
    assert.equal((await api('/v1.0/healthz')).status, 204);
  });
});

/** Sends raw bytes on a fresh connection and returns everything the server answers until it closes. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(sidecar.engine.httpPort!, '127.0.0.1');
    let reply = '';
    socket.setTimeout(5_000, () => {
      socket.destroy();
      resolve(reply);
    });
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('end', () => resolve(reply));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('API token', () => {
  let secured: SidecarHarness;
  let securedBase: string;

  before(async () => {
    secured = await startSidecar({ httpPort: 0, apiToken: 's3cret' });
    securedBase = `http://127.0.0.1:${secured.engine.httpPort}`;
  });

  after(async () => {
    await secured.close();
  });

  it('refuses requests without the dapr-api-token header', async () => {
    const answer = await api('/v1.0/workflows/dapr/Greeter/start', { method: 'POST', apiBase: securedBase });
    assert.equal(answer.status, 401);
    assert.equal(answer.json.errorCode, 'ERR_UNAUTHORIZED');
  });

  it('refuses a wrong token', async () => {
    const answer = await api('/v1.0/workflows/dapr/anything', { apiBase: securedBase, headers: { 'dapr-api-token': 'guess' } });
    assert.equal(answer.status, 401);
  });

  it('serves requests with the right token, and health probes without one', async () => {
    const started = await api('/v1.0/workflows/dapr/Greeter/start?instanceID=with-token', {
      method: 'POST',
      apiBase: securedBase,
      headers: { 'dapr-api-token': 's3cret' },
    });
    assert.equal(started.status, 202);
    assert.deepEqual(started.json, { instanceID: 'with-token' });
    assert.equal((await api('/v1.0/healthz', { apiBase: securedBase })).status, 204);
  });
});
