/**
 * How the sidecar connection sends its calls: every call the console and the verbs make is
 * one unary gRPC call, so a transport is a unary call and a close. Two implement it: the
 * grpc-js channel (sidecar-channel.ts), long-lived with reconnects, for the console and
 * everything that stays connected; and node:http2 alone (http2-transport.ts), for a verb
 * that makes a few calls and exits without paying for loading grpc-js.
 */

/** One RPC: its path and its message codecs (grpc-js's MethodDefinition fits). */
export interface UnaryMethod<Req, Res> {
  /** `/<service>/<method>`. */
  readonly path: string;
  requestSerialize(message: Req): Buffer;
  responseDeserialize(bytes: Buffer): Res;
}

/** When a call gives up. */
export interface UnaryCallOptions {
  /** Absolute time (ms since the epoch) after which the call fails with DEADLINE_EXCEEDED. */
  readonly deadline: number;
  /** Aborting cancels the call; it fails with CANCELLED. */
  readonly signal?: AbortSignal;
}

/**
 * A way to make unary calls to one sidecar. A failed call rejects with an error that carries
 * the gRPC status (`code`, `details`), which client/grpc-error-mapping.ts turns into a typed
 * error; the `dapr-api-token` of the target goes with every call.
 */
export interface UnaryTransport {
  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: UnaryCallOptions): Promise<Res>;
  /** True once close() was called. */
  readonly isClosed: boolean;
  /** Cancels every call in flight and releases the connection. Idempotent. */
  close(): void;
}
