/**
 * Instance state: the domain's `InstanceState` ↔ the protocol's `OrchestrationState` (what
 * GetInstance, the waits and QueryInstances answer). The SDK's message has no execution ID
 * or parent instance ID fields, so those do not cross the wire.
 */
import type { InstanceState } from '../model/index.js';
import { failureToPb, optionalFailureFromPb } from './failure-codec.js';
import { pb } from './sdk-proto.js';
import { runtimeStatusFromPb, runtimeStatusToPb } from './status-codec.js';
import { msFromTimestamp, stringValue, textOf, timestampFromMs, withoutUndefined } from './wire-values.js';

/** The protocol message for an instance's state; payloads are sent only when the state has them. */
export function instanceStateToPb(state: InstanceState): pb.OrchestrationState {
  const message = new pb.OrchestrationState();
  message.setInstanceid(state.instanceId);
  message.setName(state.name);
  message.setOrchestrationstatus(runtimeStatusToPb(state.status));
  if (state.scheduledStartAt !== undefined) message.setScheduledstarttimestamp(timestampFromMs(state.scheduledStartAt));
  message.setCreatedtimestamp(timestampFromMs(state.createdAt));
  message.setLastupdatedtimestamp(timestampFromMs(state.lastUpdatedAt));
  message.setInput(stringValue(state.input));
  message.setOutput(stringValue(state.output));
  message.setCustomstatus(stringValue(state.customStatus));
  if (state.failure !== undefined) message.setFailuredetails(failureToPb(state.failure));
  return message;
}

/** The instance state a protocol message describes (execution ID reads as empty). Throws InvalidArgumentError for an unknown status. */
export function instanceStateFromPb(message: pb.OrchestrationState): InstanceState {
  return withoutUndefined({
    instanceId: message.getInstanceid(),
    name: message.getName(),
    status: runtimeStatusFromPb(message.getOrchestrationstatus()),
    createdAt: msFromTimestamp(message.getCreatedtimestamp()) ?? 0,
    lastUpdatedAt: msFromTimestamp(message.getLastupdatedtimestamp()) ?? 0,
    scheduledStartAt: msFromTimestamp(message.getScheduledstarttimestamp()),
    input: textOf(message.getInput()),
    output: textOf(message.getOutput()),
    customStatus: textOf(message.getCustomstatus()),
    failure: optionalFailureFromPb(message.getFailuredetails()),
    executionId: '',
  });
}

/** A GetInstance-style answer: `exists` and the state, or exists=false when there is none. */
export function getInstanceResponseToPb(state: InstanceState | undefined): pb.GetInstanceResponse {
  const response = new pb.GetInstanceResponse();
  response.setExists(state !== undefined);
  if (state !== undefined) response.setOrchestrationstate(instanceStateToPb(state));
  return response;
}
