/**
 * One gRPC channel to a sidecar, shared by the SDK's DaprWorkflowClient and the raw stubs,
 * with one interceptor that every call goes through: it adds the `dapr-api-token` header
 * when a token is set, gives each call a deadline (so a dead or hung sidecar fails within
 * seconds instead of hanging), and keeps track of calls in flight so they can be cancelled
 * (on abort, or when the connection closes).
 */
import * as grpc from '@grpc/grpc-js';
import type { SidecarTarget } from './sidecar-address.js';

/** How long an ordinary call may take before it fails with DEADLINE_EXCEEDED. */
export const DEFAULT_CALL_DEADLINE_MS = 5_000;

/** Methods that wait on the server side; their deadline comes from `withDeadline`. */
const WAITING_METHODS = new Set(['WaitForInstanceStart', 'WaitForInstanceCompletion']);

/** The longest any waiting call may last when no deadline was given. */
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

function methodName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The shared channel and the interceptor every client on it must use. */
export class SidecarChannel {
  /** The channel itself; pass it as `channelOverride`. */
  readonly channel: grpc.Channel;
  /** The interceptor to install on every client that uses the channel. */
  readonly interceptor: grpc.Interceptor;
  private readonly inFlight = new Set<grpc.InterceptingCall>();
  private scopedDeadline: number | undefined;
  private lastStarted: grpc.InterceptingCall | undefined;
  private closed = false;

  constructor(
    readonly target: SidecarTarget,
    /** The deadline of ordinary calls. */
    private readonly callTimeoutMs = DEFAULT_CALL_DEADLINE_MS,
  ) {
    const credentials = target.useTls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    this.channel = new grpc.Channel(target.address, credentials, {
      'grpc.max_receive_message_length': 128 * 1024 * 1024,
      'grpc.max_send_message_length': 128 * 1024 * 1024,
      'grpc.primary_user_agent': 'dapr-workflow-tui',
      // Reconnect soon after a sidecar comes back, instead of backing off for minutes.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2_000,
    });
    this.interceptor = (options, nextCall) => {
      const method = methodName(options.method_definition.path);
      let deadline = options.deadline;
      if (deadline === undefined) {
        deadline = WAITING_METHODS.has(method)
          ? (this.scopedDeadline ?? Date.now() + MAX_WAIT_MS)
          : Date.now() + this.callTimeoutMs;
      }
      const apiToken = this.target.apiToken;
      const call: grpc.InterceptingCall = new grpc.InterceptingCall(nextCall({ ...options, deadline }), {
        start: (metadata, _listener, next) => {
          if (apiToken && metadata.get('dapr-api-token').length === 0) metadata.set('dapr-api-token', apiToken);
          next(metadata, {
            onReceiveStatus: (status, nextStatus) => {
              this.inFlight.delete(call);
              nextStatus(status);
            },
          });
        },
      });
      this.inFlight.add(call);
      this.lastStarted = call;
      return call;
    };
  }

  /**
   * Runs `start` (which must start exactly one gRPC call synchronously, as the SDK's methods
   * do) with a deadline for a waiting call, and returns the call it started so it can be
   * cancelled.
   */
  startWithDeadline<T>(deadline: number, start: () => T): { result: T; call: grpc.InterceptingCall | undefined } {
    this.scopedDeadline = deadline;
    this.lastStarted = undefined;
    try {
      const result = start();
      return { result, call: this.lastStarted };
    } finally {
      this.scopedDeadline = undefined;
    }
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Cancels every call in flight and closes the channel. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.inFlight) call.cancelWithStatus(grpc.status.CANCELLED, 'The connection to the sidecar was closed.');
    this.inFlight.clear();
    this.channel.close();
  }
}
