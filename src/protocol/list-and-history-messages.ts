/**
 * The messages of Dapr 1.17's `ListInstanceIDs` and `GetInstanceHistory` RPCs, which the
 * SDK's generated classes lack, with Dapr's field numbers:
 *
 *   ListInstanceIDsRequest     { optional string continuationToken = 1; optional uint32 pageSize = 2; }
 *   ListInstanceIDsResponse    { repeated string instanceIds = 1; optional string continuationToken = 2; }
 *   GetInstanceHistoryRequest  { string instanceId = 1; }
 *   GetInstanceHistoryResponse { repeated HistoryEvent events = 1; }
 *
 * Messages are plain objects; each has an encoder to bytes and a decoder from bytes. Decoders
 * skip fields they do not know, as protobuf readers must.
 */
import { BinaryReader, BinaryWriter, pb } from './sdk-proto.js';

/** Asks for one page of instance IDs. */
export interface ListInstanceIdsRequest {
  readonly continuationToken?: string;
  readonly pageSize?: number;
}

/** One page of instance IDs and, when more remain, the token of the next page. */
export interface ListInstanceIdsResponse {
  readonly instanceIds: readonly string[];
  readonly continuationToken?: string;
}

/** Asks for the history of one instance. */
export interface GetInstanceHistoryRequest {
  readonly instanceId: string;
}

/** An instance's history, as the SDK's protobuf history events. */
export interface GetInstanceHistoryResponse {
  readonly events: readonly pb.HistoryEvent[];
}

function finish(writer: BinaryWriter): Buffer {
  return Buffer.from(writer.getResultBuffer());
}

/** Reads every field of `bytes`, handing each field number to `readField`, which must consume it or return false to skip it. */
function readFields(bytes: Uint8Array, readField: (reader: BinaryReader, field: number) => boolean): void {
  const reader = new BinaryReader(bytes);
  while (reader.nextField()) {
    if (reader.isEndGroup()) break;
    if (!readField(reader, reader.getFieldNumber())) reader.skipField();
  }
}

/** The bytes of a ListInstanceIDsRequest; optional fields are written only when given. */
export function encodeListInstanceIdsRequest(message: ListInstanceIdsRequest): Buffer {
  const writer = new BinaryWriter();
  if (message.continuationToken !== undefined) writer.writeString(1, message.continuationToken);
  if (message.pageSize !== undefined) writer.writeUint32(2, message.pageSize);
  return finish(writer);
}

/** A ListInstanceIDsRequest read from bytes. */
export function decodeListInstanceIdsRequest(bytes: Uint8Array): ListInstanceIdsRequest {
  let continuationToken: string | undefined;
  let pageSize: number | undefined;
  readFields(bytes, (reader, field) => {
    if (field === 1) continuationToken = reader.readString();
    else if (field === 2) pageSize = reader.readUint32();
    else return false;
    return true;
  });
  return {
    ...(continuationToken !== undefined && { continuationToken }),
    ...(pageSize !== undefined && { pageSize }),
  };
}

/** The bytes of a ListInstanceIDsResponse. */
export function encodeListInstanceIdsResponse(message: ListInstanceIdsResponse): Buffer {
  const writer = new BinaryWriter();
  for (const instanceId of message.instanceIds) writer.writeString(1, instanceId);
  if (message.continuationToken !== undefined) writer.writeString(2, message.continuationToken);
  return finish(writer);
}

/** A ListInstanceIDsResponse read from bytes. */
export function decodeListInstanceIdsResponse(bytes: Uint8Array): ListInstanceIdsResponse {
  const instanceIds: string[] = [];
  let continuationToken: string | undefined;
  readFields(bytes, (reader, field) => {
    if (field === 1) instanceIds.push(reader.readString());
    else if (field === 2) continuationToken = reader.readString();
    else return false;
    return true;
  });
  return { instanceIds, ...(continuationToken !== undefined && { continuationToken }) };
}

/** The bytes of a GetInstanceHistoryRequest. */
export function encodeGetInstanceHistoryRequest(message: GetInstanceHistoryRequest): Buffer {
  const writer = new BinaryWriter();
  if (message.instanceId !== '') writer.writeString(1, message.instanceId);
  return finish(writer);
}

/** A GetInstanceHistoryRequest read from bytes (an absent ID reads as empty). */
export function decodeGetInstanceHistoryRequest(bytes: Uint8Array): GetInstanceHistoryRequest {
  let instanceId = '';
  readFields(bytes, (reader, field) => {
    if (field !== 1) return false;
    instanceId = reader.readString();
    return true;
  });
  return { instanceId };
}

/** The bytes of a GetInstanceHistoryResponse. */
export function encodeGetInstanceHistoryResponse(message: GetInstanceHistoryResponse): Buffer {
  const writer = new BinaryWriter();
  for (const event of message.events) {
    writer.writeMessage(1, event, pb.HistoryEvent.serializeBinaryToWriter);
  }
  return finish(writer);
}

/** A GetInstanceHistoryResponse read from bytes. */
export function decodeGetInstanceHistoryResponse(bytes: Uint8Array): GetInstanceHistoryResponse {
  const events: pb.HistoryEvent[] = [];
  readFields(bytes, (reader, field) => {
    if (field !== 1) return false;
    const event = new pb.HistoryEvent();
    reader.readMessage(event, pb.HistoryEvent.deserializeBinaryFromReader);
    events.push(event);
    return true;
  });
  return { events };
}
