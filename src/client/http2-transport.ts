/**
 * The node:http2 transport: unary gRPC calls over one HTTP/2 session, for a command-line verb
 * that makes a few calls and exits. grpc-js alone takes about as long to load as the rest of
 * a verb's start-up; a unary call needs only what HTTP/2 already gives (a POST with
 * `te: trailers`, a 5-byte length prefix on each message, the status in the trailers), so
 * the verbs use this and the console keeps grpc-js for its reconnects. Failures reject with
 * the same gRPC status codes grpc-js would give (`code`, `details`), so one mapping serves
 * both transports.
 */
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { Status } from '@grpc/grpc-js/build/src/constants.js';
import type { SidecarTarget } from './sidecar-address.js';
import type { UnaryCallOptions, UnaryMethod, UnaryTransport } from './unary-transport.js';

/** A failed call: the gRPC status the server (or the transport, for its own failures) gave. */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: Status,
    readonly details: string,
  ) {
    super(`${code} ${Status[code] ?? 'UNKNOWN'}: ${details}`);
    this.name = 'GrpcStatusError';
  }
}

/** The gRPC status for an HTTP status that came without one (the gRPC over HTTP/2 spec's table). */
function statusForHttp(httpStatus: number): Status {
  switch (httpStatus) {
    case 400:
      return Status.INTERNAL;
    case 401:
      return Status.UNAUTHENTICATED;
    case 403:
      return Status.PERMISSION_DENIED;
    case 404:
      return Status.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return Status.UNAVAILABLE;
    default:
      return Status.UNKNOWN;
  }
}

/** `grpc-timeout`: at most eight digits and a unit. */
function grpcTimeout(ms: number): string {
  const whole = Math.max(1, Math.ceil(ms));
  return whole < 1e8 ? `${whole}m` : `${Math.min(99_999_999, Math.ceil(whole / 1000))}S`;
}

/** `grpc-message` is percent-encoded UTF-8. */
function decodeGrpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The messages of a response body: each a compressed flag, a 4-byte length and the bytes. */
function messagesOf(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    if (body.length - at < 5) throw new GrpcStatusError(Status.INTERNAL, 'The sidecar sent a truncated gRPC message.');
    if (body[at] !== 0) throw new GrpcStatusError(Status.INTERNAL, 'The sidecar sent a compressed gRPC message, which this client does not ask for.');
    const length = body.readUInt32BE(at + 1);
    if (body.length - at - 5 < length) throw new GrpcStatusError(Status.INTERNAL, 'The sidecar sent a truncated gRPC message.');
    messages.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return messages;
}

/** A transport failure in a few words: the system's code (ECONNREFUSED, …) and message. */
function describeCause(error: Error): string {
  return `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim();
}

/** Unary gRPC calls on node:http2, on one session (opened again if it drops). */
export class Http2Transport implements UnaryTransport {
  private session: ClientHttp2Session | undefined;
  private sessionError: Error | undefined;
  private readonly inFlight = new Set<(error: GrpcStatusError) => void>();
  private closed = false;

  /** Connects at once, so that the handshake overlaps whatever the caller loads next. */
  constructor(readonly target: SidecarTarget) {
    this.connected();
  }

  private connected(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    this.sessionError = undefined;
    const session = connect(`${this.target.useTls ? 'https' : 'http'}://${this.target.address}`);
    // A refused or dropped connection fails the calls on it (each sees the stream's error too).
    session.on('error', (error) => {
      this.sessionError = error;
    });
    this.session = session;
    return session;
  }

  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: UnaryCallOptions): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      if (this.closed) {
        reject(new GrpcStatusError(Status.CANCELLED, 'The connection to the sidecar was closed.'));
        return;
      }
      const payload = method.requestSerialize(request);
      const frame = Buffer.allocUnsafe(5 + payload.length);
      frame[0] = 0;
      frame.writeUInt32BE(payload.length, 1);
      payload.copy(frame, 5);

      const remaining = options.deadline - Date.now();
      const stream = this.connected().request({
        [constants.HTTP2_HEADER_METHOD]: 'POST',
        [constants.HTTP2_HEADER_PATH]: method.path,
        [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
        [constants.HTTP2_HEADER_TE]: 'trailers',
        [constants.HTTP2_HEADER_USER_AGENT]: 'dapr-workflow-tui',
        'grpc-timeout': grpcTimeout(remaining),
        ...(this.target.apiToken ? { 'dapr-api-token': this.target.apiToken } : {}),
      });

      let settled = false;
      const chunks: Buffer[] = [];
      let httpStatus = 0;
      let grpcStatus: string | undefined;
      let grpcMessage = '';
      const finish = (error: GrpcStatusError | undefined, response?: Res): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.inFlight.delete(fail);
        if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
        if (error) reject(error);
        else resolve(response as Res);
      };
      const fail = (error: GrpcStatusError): void => finish(error);
      const onAbort = (): void => fail(new GrpcStatusError(Status.CANCELLED, 'Cancelled on client'));
      const timer = setTimeout(() => fail(new GrpcStatusError(Status.DEADLINE_EXCEEDED, 'Deadline exceeded')), Math.max(0, remaining));
      this.inFlight.add(fail);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });

      const readStatus = (headers: IncomingHttpHeaders): void => {
        const value = headerText(headers, 'grpc-status');
        if (value !== undefined) {
          grpcStatus = value;
          grpcMessage = decodeGrpcMessage(headers['grpc-message']);
        }
      };
      stream.on('response', (headers) => {
        httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
        readStatus(headers);
      });
      stream.on('trailers', readStatus);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => {
        // A refused connection or an untrusted TLS certificate fails the session; the stream
        // only says it was cancelled because of it.
        const cause = this.sessionError ?? (error.cause instanceof Error ? error.cause : error);
        fail(new GrpcStatusError(Status.UNAVAILABLE, describeCause(cause)));
      });
      stream.on('close', () => {
        if (settled) return;
        if (grpcStatus === undefined) {
          if (httpStatus !== 0 && httpStatus !== 200) {
            fail(new GrpcStatusError(statusForHttp(httpStatus), `The sidecar answered HTTP ${httpStatus} without a gRPC status.`));
          } else {
            const cause = this.sessionError;
            fail(new GrpcStatusError(Status.UNAVAILABLE, cause ? describeCause(cause) : 'The connection was closed before the sidecar answered.'));
          }
          return;
        }
        const code = Number(grpcStatus) as Status;
        if (code !== Status.OK) {
          fail(new GrpcStatusError(Number.isInteger(code) ? code : Status.UNKNOWN, grpcMessage));
          return;
        }
        try {
          const messages = messagesOf(Buffer.concat(chunks));
          if (messages.length !== 1) {
            throw new GrpcStatusError(Status.INTERNAL, `The sidecar sent ${messages.length} messages where one was expected.`);
          }
          finish(undefined, method.responseDeserialize(messages[0]!));
        } catch (error) {
          fail(error instanceof GrpcStatusError ? error : new GrpcStatusError(Status.INTERNAL, `The sidecar's answer could not be read: ${(error as Error).message}`));
        }
      });
      stream.end(frame);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fail of [...this.inFlight]) fail(new GrpcStatusError(Status.CANCELLED, 'The connection to the sidecar was closed.'));
    this.session?.close();
  }
}
