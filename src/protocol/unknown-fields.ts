/**
 * Finds the fields of an encoded message that the protocol description does not know (what
 * a newer SDK may send): protobuf decoders skip them silently, so the sidecar reports each
 * (message, field number) once instead. Walks nested messages the description knows.
 */
import protobuf from 'protobufjs/minimal.js';
import { KNOWN_FIELDS } from './generated/known-fields.js';

/** One field the description does not know, as `Message.field` paths name it. */
export interface UnknownField {
  /** The message that carried it, e.g. `CreateInstanceRequest` or `HistoryEvent`. */
  readonly message: string;
  readonly fieldNumber: number;
}

const MAX_DEPTH = 32;

function scan(bytes: Uint8Array, messageName: string, found: UnknownField[], depth: number): void {
  const known = KNOWN_FIELDS[messageName];
  if (!known || depth > MAX_DEPTH) return;
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (!(fieldNumber in known)) {
      found.push({ message: messageName, fieldNumber });
      reader.skipType(wireType);
      continue;
    }
    const nested = known[fieldNumber];
    if (wireType === 2 && nested) {
      scan(reader.bytes(), nested, found, depth + 1);
    } else {
      reader.skipType(wireType);
    }
  }
}

/** The unknown fields of an encoded `messageName` (nested messages included); [] when it cannot be read. */
export function unknownFieldsOf(bytes: Uint8Array, messageName: string): UnknownField[] {
  const found: UnknownField[] = [];
  try {
    scan(bytes, messageName, found, 0);
  } catch {
    // Undecodable bytes are the decoder's to refuse; nothing to report here.
  }
  return found;
}
