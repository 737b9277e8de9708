/**
 * The grpc-js transport: one channel to the sidecar that reconnects soon after the sidecar
 * comes back, shared by every call of a long-lived connection (the console, the tracker,
 * the tests). It adds the `dapr-api-token` header when a token is set and keeps track of
 * calls in flight, so they can be cancelled on abort or when the connection closes.
 */
import * as grpc from '@grpc/grpc-js';
import type { SidecarTarget } from './sidecar-address.js';
import type { UnaryCallOptions, UnaryMethod, UnaryTransport } from './unary-transport.js';

/** The grpc-js channel as a UnaryTransport. */
export class SidecarChannel implements UnaryTransport {
  private readonly client: grpc.Client;
  private readonly inFlight = new Set<grpc.ClientUnaryCall>();
  private closed = false;

  constructor(readonly target: SidecarTarget) {
    const credentials = target.useTls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    this.client = new grpc.Client(target.address, credentials, {
      'grpc.max_receive_message_length': 128 * 1024 * 1024,
      'grpc.max_send_message_length': 128 * 1024 * 1024,
      'grpc.primary_user_agent': 'dapr-workflow-tui',
      // Reconnect soon after a sidecar comes back, instead of backing off for minutes.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2_000,
    });
  }

  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: UnaryCallOptions): Promise<Res> {
    return new Promise((resolve, reject) => {
      const metadata = new grpc.Metadata();
      if (this.target.apiToken) metadata.set('dapr-api-token', this.target.apiToken);
      const { signal } = options;
      const onAbort = (): void => call.cancel();
      const call = this.client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        metadata,
        { deadline: options.deadline },
        (error, response) => {
          this.inFlight.delete(call);
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(response as Res);
        },
      );
      this.inFlight.add(call);
      if (signal?.aborted) call.cancel();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.inFlight) call.cancel();
    this.inFlight.clear();
    this.client.close();
  }
}
