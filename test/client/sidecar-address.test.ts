/** Which sidecar the console and the verbs talk to: the flag, then Dapr's own variables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSidecarNamed, parseEndpoint, resolveSidecarTarget, SidecarAddressError } from '../../src/client/sidecar-address.js';

describe('parseEndpoint', () => {
  it('reads HOST:PORT, URLs and IPv6, with TLS for https', () => {
    assert.deepEqual(parseEndpoint('127.0.0.1:50001'), { address: '127.0.0.1:50001', useTls: false });
    assert.deepEqual(parseEndpoint('http://localhost:50001'), { address: 'localhost:50001', useTls: false });
    assert.deepEqual(parseEndpoint('https://dapr.example:443/'), { address: 'dapr.example:443', useTls: true });
    assert.deepEqual(parseEndpoint('dapr.example:50001?tls=true'), { address: 'dapr.example:50001', useTls: true });
    assert.deepEqual(parseEndpoint('[::1]:50001'), { address: '[::1]:50001', useTls: false });
  });

  it('refuses what is not an address, in one sentence', () => {
    for (const bad of ['localhost', 'ftp://x:1', 'host:99999', 'a b:1', '']) {
      assert.throws(() => parseEndpoint(bad), (error: Error) => error instanceof SidecarAddressError && /HOST:PORT|scheme/.test(error.message));
    }
  });
});

describe('resolveSidecarTarget', () => {
  it('prefers --sidecar, then DAPR_GRPC_ENDPOINT, then DAPR_HOST + DAPR_GRPC_PORT, then the default', () => {
    const env = { DAPR_GRPC_ENDPOINT: 'https://remote:443', DAPR_HOST: 'h', DAPR_GRPC_PORT: '1234' };
    assert.equal(resolveSidecarTarget({ sidecar: '10.0.0.1:5' }, env).origin, '--sidecar');
    assert.deepEqual(resolveSidecarTarget({}, env), { address: 'remote:443', useTls: true, apiToken: undefined, origin: 'DAPR_GRPC_ENDPOINT' });
    assert.equal(resolveSidecarTarget({}, { DAPR_HOST: 'h', DAPR_GRPC_PORT: '1234' }).address, 'h:1234');
    assert.equal(resolveSidecarTarget({}, { DAPR_GRPC_PORT: '1234' }).address, '127.0.0.1:1234');
    assert.deepEqual(resolveSidecarTarget({}, {}), { address: '127.0.0.1:50001', useTls: false, apiToken: undefined, origin: 'default' });
  });

  it('takes the token from --api-token, else DAPR_API_TOKEN', () => {
    assert.equal(resolveSidecarTarget({ apiToken: 'flag' }, { DAPR_API_TOKEN: 'env' }).apiToken, 'flag');
    assert.equal(resolveSidecarTarget({}, { DAPR_API_TOKEN: 'env' }).apiToken, 'env');
  });

  it('knows when the user named a sidecar', () => {
    assert.equal(isSidecarNamed({}, {}), false);
    assert.equal(isSidecarNamed({}, { DAPR_GRPC_PORT: '1' }), true);
    assert.equal(isSidecarNamed({ sidecar: 'x:1' }, {}), true);
  });
});
