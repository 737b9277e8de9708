/**
 * The embedded sidecar's change feed: one RPC that daprd does not have, on a service of its
 * own (`dapr.workflowtui.v1.ChangeFeed`), so daprd answers UNIMPLEMENTED and a client falls
 * back to polling. Dapr's QueryInstances cannot carry "changed since": its InstanceQuery has
 * created-time bounds only, and a removed instance leaves no row to find. The feed instead
 * follows one store-wide change sequence, which also reports removals.
 *
 *   ReadInstanceChangesRequest  { string cursor = 1; uint32 max_changes = 2; bool fetch_inputs_and_outputs = 3; }
 *   ReadInstanceChangesResponse { string cursor = 1; bool reset = 2; repeated OrchestrationState changed = 3;
 *                                 repeated string removed_instance_ids = 4; bool has_more = 5; }
 *
 * An empty cursor asks for the current position (answered with reset = true).
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { InstanceState } from '../model/index.js';
import { BinaryReader, BinaryWriter, pb } from './sdk-proto.js';
import { instanceStateFromPb, instanceStateToPb } from './state-codec.js';

/** Asks what changed after `cursor`. */
export interface ReadInstanceChangesRequest {
  /** Empty or absent: only the current position is answered. */
  readonly cursor?: string;
  /** At most this many changes (0: the sidecar's default). */
  readonly maxChanges?: number;
  readonly fetchInputsAndOutputs?: boolean;
}

/** What changed: see WorkflowEngine.readChanges. */
export interface ReadInstanceChangesResponse {
  readonly cursor: string;
  readonly reset: boolean;
  readonly changed: readonly InstanceState[];
  readonly removedInstanceIds: readonly string[];
  readonly hasMore: boolean;
}

function finish(writer: BinaryWriter): Buffer {
  return Buffer.from(writer.getResultBuffer());
}

function readFields(bytes: Uint8Array, readField: (reader: BinaryReader, field: number) => boolean): void {
  const reader = new BinaryReader(bytes);
  while (reader.nextField()) {
    if (reader.isEndGroup()) break;
    if (!readField(reader, reader.getFieldNumber())) reader.skipField();
  }
}

/** The bytes of a request. */
export function encodeReadInstanceChangesRequest(message: ReadInstanceChangesRequest): Buffer {
  const writer = new BinaryWriter();
  if (message.cursor) writer.writeString(1, message.cursor);
  if (message.maxChanges) writer.writeUint32(2, message.maxChanges);
  if (message.fetchInputsAndOutputs) writer.writeBool(3, true);
  return finish(writer);
}

/** A request read from bytes. */
export function decodeReadInstanceChangesRequest(bytes: Uint8Array): ReadInstanceChangesRequest {
  let cursor = '';
  let maxChanges = 0;
  let fetchInputsAndOutputs = false;
  readFields(bytes, (reader, field) => {
    if (field === 1) cursor = reader.readString();
    else if (field === 2) maxChanges = reader.readUint32();
    else if (field === 3) fetchInputsAndOutputs = reader.readBool();
    else return false;
    return true;
  });
  return { cursor, maxChanges, fetchInputsAndOutputs };
}

/** The bytes of a response. */
export function encodeReadInstanceChangesResponse(message: ReadInstanceChangesResponse): Buffer {
  const writer = new BinaryWriter();
  writer.writeString(1, message.cursor);
  if (message.reset) writer.writeBool(2, true);
  for (const state of message.changed) {
    writer.writeMessage(3, instanceStateToPb(state), pb.OrchestrationState.serializeBinaryToWriter);
  }
  for (const id of message.removedInstanceIds) writer.writeString(4, id);
  if (message.hasMore) writer.writeBool(5, true);
  return finish(writer);
}

/** A response read from bytes. */
export function decodeReadInstanceChangesResponse(bytes: Uint8Array): ReadInstanceChangesResponse {
  let cursor = '';
  let reset = false;
  let hasMore = false;
  const changed: InstanceState[] = [];
  const removedInstanceIds: string[] = [];
  readFields(bytes, (reader, field) => {
    if (field === 1) cursor = reader.readString();
    else if (field === 2) reset = reader.readBool();
    else if (field === 3) {
      const state = new pb.OrchestrationState();
      reader.readMessage(state, pb.OrchestrationState.deserializeBinaryFromReader);
      changed.push(instanceStateFromPb(state));
    } else if (field === 4) removedInstanceIds.push(reader.readString());
    else if (field === 5) hasMore = reader.readBool();
    else return false;
    return true;
  });
  return { cursor, reset, changed, removedInstanceIds, hasMore };
}

/** `ReadInstanceChanges`, for `server.addService` and `client.makeUnaryRequest`. */
export const readInstanceChangesMethod: MethodDefinition<ReadInstanceChangesRequest, ReadInstanceChangesResponse> = {
  path: '/dapr.workflowtui.v1.ChangeFeed/ReadInstanceChanges',
  originalName: 'readInstanceChanges',
  requestStream: false,
  responseStream: false,
  requestSerialize: encodeReadInstanceChangesRequest,
  requestDeserialize: decodeReadInstanceChangesRequest,
  responseSerialize: encodeReadInstanceChangesResponse,
  responseDeserialize: decodeReadInstanceChangesResponse,
};

/** The change feed service, for `server.addService`. */
export const changeFeedService = { readInstanceChanges: readInstanceChangesMethod } satisfies ServiceDefinition;
