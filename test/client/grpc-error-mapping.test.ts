/**
 * The client's reading of gRPC failures that say "this sidecar does not serve the RPC":
 * UNIMPLEMENTED, and daprd's answers when it hands an unknown method to service invocation
 * (gRPC UNKNOWN, "failed to proxy request" / "cannot proxy request"), as daprd 1.18 sends
 * them (seen in test/real-dapr). Both become UnsupportedBySidecarError, so the console falls
 * back (polling, ListInstanceIDs) instead of reporting the sidecar as failing.
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { describe, it } from 'node:test';
import { SidecarError, UnsupportedBySidecarError } from '../../src/client/errors.js';
import { sidecarErrorFromGrpc } from '../../src/client/grpc-error-mapping.js';

const context = { address: '127.0.0.1:50001', method: 'QueryInstances' };

describe('unserved RPCs', () => {
  it('reads UNIMPLEMENTED and daprd\'s proxy refusals as UnsupportedBySidecarError', () => {
    for (const failure of [
      { code: status.UNIMPLEMENTED, details: '' },
      { code: status.UNKNOWN, details: 'failed to proxy request: required metadata dapr-callee-app-id or dapr-app-id not found' },
      { code: status.UNKNOWN, details: 'cannot proxy request: missing dapr-callee-app-id or dapr-app-id metadata' },
    ]) {
      const mapped = sidecarErrorFromGrpc(failure, context);
      assert.ok(mapped instanceof UnsupportedBySidecarError, `${failure.details}: ${mapped.constructor.name}`);
      assert.match(mapped.message, /QueryInstances/);
    }
  });

  it('keeps other UNKNOWN failures as failures', () => {
    const mapped = sidecarErrorFromGrpc({ code: status.UNKNOWN, details: 'state store is down' }, context);
    assert.ok(mapped instanceof SidecarError && !(mapped instanceof UnsupportedBySidecarError));
  });
});
