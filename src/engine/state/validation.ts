/**
 * Checks of what callers send the engine: instance IDs, workflow names and payload sizes.
 * Each failure is a typed error carrying one sentence that says what is allowed.
 */
import { INSTANCE_ID_PATTERN, InvalidArgumentError, MAX_PAYLOAD_BYTES, PayloadTooLargeError } from '../../model/index.js';

/** Throws InvalidArgumentError unless the ID is non-empty letters, digits, `_` and `-`. */
export function validateInstanceId(instanceId: string): void {
  if (!INSTANCE_ID_PATTERN.test(instanceId)) {
    const shown = instanceId.length > 80 ? `${instanceId.slice(0, 80)}…` : instanceId;
    throw new InvalidArgumentError(
      `The instance ID ${JSON.stringify(shown)} is not valid: use only letters, digits, "_" and "-".`,
    );
  }
}

/** Throws InvalidArgumentError when the workflow name is missing or blank. */
export function validateWorkflowName(name: string | undefined): asserts name is string {
  if (!name || name.trim() === '') {
    throw new InvalidArgumentError('A workflow name is required to start an instance.');
  }
}

/** The size of a payload in UTF-8 bytes (0 when absent). */
export function payloadBytes(payload: string | undefined): number {
  return payload === undefined ? 0 : Buffer.byteLength(payload, 'utf8');
}

/** The sentence that refuses a payload of `bytes` bytes, naming what it was. */
export function payloadTooLargeMessage(what: string, bytes: number): string {
  return `The ${what} is ${bytes} bytes, over the limit of ${MAX_PAYLOAD_BYTES} bytes (4 MiB).`;
}

/** Throws PayloadTooLargeError when the payload is over MAX_PAYLOAD_BYTES. */
export function validatePayload(what: string, payload: string | undefined): void {
  // Cheap first test: a string of n UTF-16 units has at most 3n UTF-8 bytes.
  if (payload === undefined || payload.length * 3 <= MAX_PAYLOAD_BYTES) return;
  const bytes = payloadBytes(payload);
  if (bytes > MAX_PAYLOAD_BYTES) throw new PayloadTooLargeError(payloadTooLargeMessage(what, bytes));
}

/** Throws InvalidArgumentError for a tag with an empty key, PayloadTooLargeError when the tags together are over the payload limit. */
export function validateTags(tags: Readonly<Record<string, string>> | undefined): void {
  if (tags === undefined) return;
  if (Object.keys(tags).some((key) => key === '')) throw new InvalidArgumentError('A tag needs a non-empty key.');
  validatePayload('set of tags', JSON.stringify(tags));
}
