/**
 * Continuation tokens for newest-first paging: an opaque string that encodes the position
 * (creation time, instance ID) of the last item of a page.
 */
import { InvalidArgumentError } from '../../model/index.js';

/** Where the previous page ended. */
export interface PagePosition {
  readonly createdAt: number;
  readonly instanceId: string;
}

/** Encodes a position as an opaque token. */
export function encodePageToken(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.instanceId]), 'utf8').toString('base64url');
}

/** Decodes a token made by encodePageToken; throws InvalidArgumentError for anything else. */
export function decodePageToken(token: string): PagePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { createdAt: value[0], instanceId: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError('The continuation token is not one this sidecar issued; start again without it.');
}
