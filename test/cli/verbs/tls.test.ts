/**
 * A verb against a sidecar that serves gRPC over TLS (as a remote daprd behind TLS does,
 * named `https://HOST:PORT`): the real binary makes its call on node:http2 over TLS, sends the
 * API token, and trusts the server only through the CA the user gives Node.js
 * (NODE_EXTRA_CA_CERTS); an untrusted certificate ends in one sentence that says so, the same
 * through the console's grpc-js channel.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { describeError } from '../../../src/client/errors.js';
import { connectSidecar } from '../../../src/client/grpc-client.js';
import { sidecarMethod, timestampFromMs, wire } from '../../../src/protocol/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CERT = fileURLToPath(new URL('../../fixtures/tls/localhost.crt', import.meta.url));
const KEY = fileURLToPath(new URL('../../fixtures/tls/localhost.key', import.meta.url));
const TOKEN = 'tls-test-token';

let server: Server;
let port: number;
const tokensSeen: string[] = [];

function runVerb(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/dapr-workflow-tui.js', ...args],
      { cwd: REPO, timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', FORCE_COLOR: '0', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

before(async () => {
  server = new Server();
  const getInstance = sidecarMethod('GetInstance');
  server.addService(
    { getInstance },
    {
      getInstance: (call: ServerUnaryCall<wire.GetInstanceRequest, unknown>, callback: sendUnaryData<wire.IGetInstanceResponse>) => {
        tokensSeen.push(String(call.metadata.get('dapr-api-token')[0] ?? ''));
        callback(null, {
          exists: true,
          workflowState: {
            instanceId: call.request.instanceId,
            name: 'ReviewWorkflow',
            workflowStatus: wire.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING,
            createdTimestamp: timestampFromMs(1_000),
            lastUpdatedTimestamp: timestampFromMs(2_000),
          },
        });
      },
    },
  );
  const credentials = ServerCredentials.createSsl(null, [{ cert_chain: readFileSync(CERT), private_key: readFileSync(KEY) }]);
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
});

after(() => {
  server.forceShutdown();
});

describe('a verb against a sidecar over TLS', () => {
  it('reads an instance over TLS with the API token when Node.js trusts the CA', async () => {
    const result = await runVerb(['status', 'tls-1', '--sidecar', `https://localhost:${port}`, '--api-token', TOKEN, '--json'], {
      NODE_EXTRA_CA_CERTS: CERT,
    });
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout) as { instanceId: string; name: string; status: string };
    assert.equal(status.instanceId, 'tls-1');
    assert.equal(status.name, 'ReviewWorkflow');
    assert.equal(status.status, 'RUNNING');
    assert.equal(tokensSeen.at(-1), TOKEN);
  });

  it('refuses a certificate Node.js does not trust, in one sentence that says so', async () => {
    const calls = tokensSeen.length;
    const result = await runVerb(['status', 'tls-2', '--sidecar', `https://localhost:${port}`], {});
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /certificate/i);
    assert.match(result.stderr, /NODE_EXTRA_CA_CERTS/);
    assert.equal(tokensSeen.length, calls, 'nothing reached the server');
  });

  it("gives the same sentence through the console's grpc-js channel", async () => {
    const client = connectSidecar({ address: `localhost:${port}`, useTls: true, origin: 'test' });
    try {
      const error = await client.get('tls-3', false).catch((caught: unknown) => caught);
      assert.match(describeError(error), /^The sidecar at localhost:\d+ answered with a TLS certificate Node\.js does not trust \(self-signed\); .*NODE_EXTRA_CA_CERTS/);
    } finally {
      await client.close();
    }
  });
});
