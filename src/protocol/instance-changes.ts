/**
 * The embedded sidecar's change feed: one RPC that daprd does not have, on a service of its
 * own (`dapr.workflowtui.v1.ChangeFeed`), so daprd answers UNIMPLEMENTED and a client falls
 * back to polling. Dapr's QueryInstances cannot carry "changed since": its InstanceQuery has
 * created-time bounds only, and a removed instance leaves no row to find. The feed instead
 * follows one store-wide change sequence, which also reports removals.
 *
 *   ReadInstanceChangesRequest  { string cursor = 1; uint32 max_changes = 2; bool fetch_inputs_and_outputs = 3; }
 *   ReadInstanceChangesResponse { string cursor = 1; bool reset = 2; repeated WorkflowState changed = 3;
 *                                 repeated string removed_instance_ids = 4; bool has_more = 5; }
 *
 * An empty cursor asks for the current position (answered with reset = true).
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';
import type { ChangesPage, InstanceState } from '../model/index.js';
import { instanceStateFromPb, instanceStateToPb } from './state-codec.js';
import { wire } from './wire.js';

/** Asks what changed after `cursor`. */
export interface ReadInstanceChangesRequest {
  /** Empty or absent: only the current position is answered. */
  readonly cursor?: string;
  /** At most this many changes (0: the sidecar's default). */
  readonly maxChanges?: number;
  readonly fetchInputsAndOutputs?: boolean;
}

/** What changed: see WorkflowEngine.readChanges (field 4 is `removed_instance_ids` on the wire). */
export type ReadInstanceChangesResponse = ChangesPage<InstanceState>;

/** Field keys (field number << 3 | wire type) of the two messages. */
const LENGTH_DELIMITED = 2;
const VARINT = 0;
const key = (field: number, type: number): number => (field << 3) | type;

function toBuffer(writer: protobuf.Writer): Buffer {
  const bytes = writer.finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads every field of `bytes`, handing each field number to `readField`, which consumes it or returns false to skip it. */
function readFields(bytes: Uint8Array, readField: (reader: protobuf.Reader, field: number) => boolean): void {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (!readField(reader, tag >>> 3)) reader.skipType(tag & 7);
  }
}

/** The bytes of a request. */
export function encodeReadInstanceChangesRequest(message: ReadInstanceChangesRequest): Buffer {
  const writer = protobuf.Writer.create();
  if (message.cursor) writer.uint32(key(1, LENGTH_DELIMITED)).string(message.cursor);
  if (message.maxChanges) writer.uint32(key(2, VARINT)).uint32(message.maxChanges);
  if (message.fetchInputsAndOutputs) writer.uint32(key(3, VARINT)).bool(true);
  return toBuffer(writer);
}

/** A request read from bytes. */
export function decodeReadInstanceChangesRequest(bytes: Uint8Array): ReadInstanceChangesRequest {
  let cursor = '';
  let maxChanges = 0;
  let fetchInputsAndOutputs = false;
  readFields(bytes, (reader, field) => {
    if (field === 1) cursor = reader.string();
    else if (field === 2) maxChanges = reader.uint32();
    else if (field === 3) fetchInputsAndOutputs = reader.bool();
    else return false;
    return true;
  });
  return { cursor, maxChanges, fetchInputsAndOutputs };
}

/** The bytes of a response. */
export function encodeReadInstanceChangesResponse(message: ReadInstanceChangesResponse): Buffer {
  const writer = protobuf.Writer.create();
  writer.uint32(key(1, LENGTH_DELIMITED)).string(message.cursor);
  if (message.reset) writer.uint32(key(2, VARINT)).bool(true);
  for (const state of message.changed) {
    wire.WorkflowState.encode(instanceStateToPb(state), writer.uint32(key(3, LENGTH_DELIMITED)).fork()).ldelim();
  }
  for (const id of message.removedIds) writer.uint32(key(4, LENGTH_DELIMITED)).string(id);
  if (message.hasMore) writer.uint32(key(5, VARINT)).bool(true);
  return toBuffer(writer);
}

/** A response read from bytes. */
export function decodeReadInstanceChangesResponse(bytes: Uint8Array): ReadInstanceChangesResponse {
  let cursor = '';
  let reset = false;
  let hasMore = false;
  const changed: InstanceState[] = [];
  const removedIds: string[] = [];
  readFields(bytes, (reader, field) => {
    if (field === 1) cursor = reader.string();
    else if (field === 2) reset = reader.bool();
    else if (field === 3) changed.push(instanceStateFromPb(wire.WorkflowState.decode(reader, reader.uint32())));
    else if (field === 4) removedIds.push(reader.string());
    else if (field === 5) hasMore = reader.bool();
    else return false;
    return true;
  });
  return { cursor, reset, changed, removedIds, hasMore };
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
