/**
 * The mapping of gRPC failures to the client's typed errors, for the texts daprd 1.18 answers
 * with (recorded from a real daprd by test/real-dapr and the conformance run): each becomes
 * the typed error, and where the embedded sidecar has one, the same sentence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { sidecarErrorFromGrpc } from '../../src/client/grpc-error-mapping.js';
import { ConflictError, InstanceNotFoundError, SidecarError, UnsupportedBySidecarError } from '../../src/client/errors.js';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details });
const context = (method: string, instanceId?: string) => ({ address: '127.0.0.1:50001', method, instanceId });

describe('daprd\'s refusals as typed errors', () => {
  it('"no such instance exists" is InstanceNotFoundError naming the instance, as the embedded sidecar says it', () => {
    for (const details of ['no such instance exists', 'failed to suspend workflow: no such instance exists']) {
      const error = sidecarErrorFromGrpc(grpcError(status.UNKNOWN, details), context('SuspendInstance', 'order-7'));
      assert.ok(error instanceof InstanceNotFoundError);
      assert.equal(error.message, 'No workflow instance with the ID "order-7" exists.');
    }
  });

  it('purge of an unfinished instance is a ConflictError in one sentence', () => {
    const error = sidecarErrorFromGrpc(grpcError(status.UNKNOWN, 'orchestration has not yet completed'), context('PurgeInstances', 'order-7'));
    assert.ok(error instanceof ConflictError);
    assert.equal(error.message, 'The instance "order-7" has not finished; only finished instances (COMPLETED, FAILED, TERMINATED) can be purged.');
  });

  it('a taken ID is a ConflictError naming it; the embedded sidecar\'s own sentence is kept', () => {
    const daprd = sidecarErrorFromGrpc(grpcError(status.ALREADY_EXISTS, "an active workflow with ID 'order-7' already exists"), context('StartInstance', 'order-7'));
    assert.ok(daprd instanceof ConflictError);
    assert.equal(daprd.message, 'An instance with the ID "order-7" already exists.');
    const embedded = sidecarErrorFromGrpc(grpcError(status.ALREADY_EXISTS, 'An instance with the ID "order-7" already exists and is RUNNING.'), context('StartInstance', 'order-7'));
    assert.equal(embedded.message, 'An instance with the ID "order-7" already exists and is RUNNING.');
  });

  it('no connected worker is said plainly', () => {
    const error = sidecarErrorFromGrpc(
      grpcError(status.FAILED_PRECONDITION, 'did not find address for actor dapr.internal.default.workflow-tui.workflow/x'),
      context('StartInstance', 'x'),
    );
    assert.ok(error instanceof ConflictError);
    assert.match(error.message, /^No workflow worker is connected to daprd for this app/);
  });

  it('QueryInstances and purge by filter are UnsupportedBySidecarError', () => {
    const query = sidecarErrorFromGrpc(
      grpcError(status.UNKNOWN, 'failed to proxy request: required metadata dapr-callee-app-id or dapr-app-id not found'),
      context('QueryInstances'),
    );
    assert.ok(query instanceof UnsupportedBySidecarError);
    assert.equal(query.message, 'The sidecar at 127.0.0.1:50001 does not implement QueryInstances.');
    const purge = sidecarErrorFromGrpc(grpcError(status.UNKNOWN, 'Multi-instance purge is not unimplemented'), context('PurgeInstances'));
    assert.ok(purge instanceof UnsupportedBySidecarError);
    assert.match(purge.message, /cannot purge by filter/);
  });

  it('any other UNKNOWN stays a SidecarError carrying daprd\'s text', () => {
    const error = sidecarErrorFromGrpc(grpcError(status.UNKNOWN, 'something else broke'), context('GetInstance', 'x'));
    assert.equal(error.constructor, SidecarError);
    assert.match(error.message, /Something else broke\./);
  });
});

describe('unserved RPCs', () => {
  const query = context('QueryInstances');
  it('reads UNIMPLEMENTED and daprd\'s proxy refusals as UnsupportedBySidecarError', () => {
    for (const failure of [
      { code: status.UNIMPLEMENTED, details: '' },
      { code: status.UNKNOWN, details: 'failed to proxy request: required metadata dapr-callee-app-id or dapr-app-id not found' },
      { code: status.UNKNOWN, details: 'cannot proxy request: missing dapr-callee-app-id or dapr-app-id metadata' },
    ]) {
      const mapped = sidecarErrorFromGrpc(grpcError(failure.code, failure.details), query);
      assert.ok(mapped instanceof UnsupportedBySidecarError, `${failure.details}: ${mapped.constructor.name}`);
      assert.match(mapped.message, /QueryInstances/);
    }
  });

  it('keeps other UNKNOWN failures as failures', () => {
    const mapped = sidecarErrorFromGrpc(grpcError(status.UNKNOWN, 'state store is down'), query);
    assert.ok(mapped instanceof SidecarError && !(mapped instanceof UnsupportedBySidecarError));
  });
});
