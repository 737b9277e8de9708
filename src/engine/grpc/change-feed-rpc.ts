/**
 * The embedded sidecar's change feed RPC (src/protocol/instance-changes.ts): one call on the
 * engine's readChanges. Only the embedded sidecar serves it; the console falls back to
 * polling where it is missing (daprd).
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { WorkflowEngine } from '../engine.js';
import type { ReadInstanceChangesRequest, ReadInstanceChangesResponse } from '../../protocol/index.js';
import { unaryHandler, type HandlerContext } from './unary-handler.js';

/** Changes read per call when the caller does not say. */
const DEFAULT_MAX_CHANGES = 1000;

/** The handler of ReadInstanceChanges. */
export function changeFeedRpcs(engine: WorkflowEngine, context: HandlerContext): UntypedServiceImplementation {
  return {
    readInstanceChanges: unaryHandler(
      context,
      'ReadInstanceChanges',
      (request: ReadInstanceChangesRequest): ReadInstanceChangesResponse =>
        engine.readChanges(request.cursor || undefined, request.maxChanges || DEFAULT_MAX_CHANGES, request.fetchInputsAndOutputs ?? false),
    ),
  };
}
