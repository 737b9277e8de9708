/**
 * The API token check every gRPC call passes when the sidecar was given a token: the call's
 * `dapr-api-token` metadata must equal it (compared in constant time).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { UnauthenticatedError } from '../../model/index.js';

/** True when the metadata carries exactly the expected token. */
export function hasApiToken(metadata: Metadata, expected: string): boolean {
  const values = metadata.get('dapr-api-token');
  if (values.length !== 1) return false;
  const given = Buffer.from(String(values[0]));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Throws UnauthenticatedError unless the metadata carries the token (no token, or an empty one, configured: every call passes). */
export function checkApiToken(metadata: Metadata, expected: string | undefined): void {
  if (expected === undefined || expected === '' || hasApiToken(metadata, expected)) return;
  throw new UnauthenticatedError('The call lacks the right dapr-api-token metadata for this sidecar.');
}
