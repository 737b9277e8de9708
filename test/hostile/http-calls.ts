/**
 * Real HTTP requests to the embedded sidecar's Dapr API for the hostile-input and security
 * tests: ordinary requests through fetch, and raw bytes over a socket for requests no HTTP
 * client would send (bad request lines, control characters in headers).
 */
import { connect } from 'node:net';

/** An answer: status, body text and the body parsed as JSON when it is JSON. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/** Sends one request to 127.0.0.1:port; `path` starts with `/`. */
export async function httpCall(
  port: number,
  method: string,
  path: string,
  options: { readonly body?: string; readonly headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    ...(options.body !== undefined && { body: options.body }),
    ...(options.headers && { headers: options.headers }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** Writes `bytes` to 127.0.0.1:port and resolves with everything the server sent back before closing (or after `timeoutMs`). */
export function rawHttp(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => socket.end(bytes));
  });
}

/** The API path of a workflow route, each part percent-encoded (`/v1.0/workflows/dapr/<parts...>`). */
export function workflowPath(...parts: string[]): string {
  return `/v1.0/workflows/dapr/${parts.map(encodeURIComponent).join('/')}`;
}
