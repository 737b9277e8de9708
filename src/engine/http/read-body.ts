/**
 * Reads a request body with a size limit, never holding more than the limit in memory.
 * A body over the limit is refused: what the client still sends is read and dropped up to
 * a hard cap (so an ordinary client gets to read the 413 answer), and past the cap the
 * connection is cut.
 */
import type { IncomingMessage } from 'node:http';
import { bodyTooLarge, DaprApiError } from '../dapr-api-error.js';

/** How much of an oversized body is read and dropped before the connection is cut. */
const DISCARD_CAP_BYTES = 64 * 1024 * 1024;

/** The outcome of reading a body: its text, or the refusal to send (and whether to cut the connection afterwards). */
export type BodyResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: DaprApiError; readonly closeConnection: boolean };

/** Reads the whole body as UTF-8 text if it is at most `limitBytes` long. Never rejects. */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > DISCARD_CAP_BYTES) {
      resolve({ ok: false, error: bodyTooLarge(limitBytes), closeConnection: true });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
      if (!result.ok) request.on('error', () => {}); // the socket may still fail after we answered
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limitBytes) {
        chunks.push(chunk);
      } else {
        chunks.length = 0; // over the limit: keep nothing, just drain
        if (received > DISCARD_CAP_BYTES) {
          finish({ ok: false, error: bodyTooLarge(limitBytes), closeConnection: true });
          request.resume();
        }
      }
    };
    const onEnd = (): void => {
      if (received > limitBytes) {
        finish({ ok: false, error: bodyTooLarge(limitBytes), closeConnection: false });
      } else {
        finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
      }
    };
    const onError = (): void => {
      finish({
        ok: false,
        error: new DaprApiError(400, 'ERR_MALFORMED_REQUEST', 'the request body could not be read'),
        closeConnection: true,
      });
    };
    const onAborted = onError;
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}
