/**
 * The mapping from thrown errors to gRPC statuses: each typed engine error keeps its
 * sentence under its code; anything else becomes INTERNAL with a sentence that reveals nothing.
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { describe, it } from 'node:test';
import { EngineClosedError, FailedPreconditionError, InstanceExistsError, InstanceNotFoundError, InvalidArgumentError, PayloadTooLargeError, UnauthenticatedError } from '../../../src/model/index.js';
import { grpcFailureFor, INTERNAL_ERROR_DETAILS } from '../../../src/engine/grpc/status-for-error.js';

describe('grpcFailureFor', () => {
  const cases = [
    [new InvalidArgumentError('Bad ID.'), status.INVALID_ARGUMENT],
    [new InstanceNotFoundError('No such instance.'), status.NOT_FOUND],
    [new InstanceExistsError('Already running.'), status.ALREADY_EXISTS],
    [new FailedPreconditionError('Not suspended.'), status.FAILED_PRECONDITION],
    [new PayloadTooLargeError('Too large.'), status.RESOURCE_EXHAUSTED],
    [new UnauthenticatedError('No token.'), status.UNAUTHENTICATED],
    [new EngineClosedError('Closing.'), status.UNAVAILABLE],
  ] as const;

  for (const [error, code] of cases) {
    it(`maps ${error.name} to ${status[code]} with its sentence`, () => {
      assert.deepEqual(grpcFailureFor(error), { code, details: error.message, isUnexpected: false });
    });
  }

  it('maps anything else to INTERNAL without revealing it, flagged for the log', () => {
    for (const thrown of [new Error('SQLITE_CORRUPT at /secret/path'), 'a string', undefined]) {
      assert.deepEqual(grpcFailureFor(thrown), { code: status.INTERNAL, details: INTERNAL_ERROR_DETAILS, isUnexpected: true });
    }
  });
});
