/**
 * The long-lived connection to a sidecar: the sidecar connection (./sidecar-connection.ts)
 * on the grpc-js channel (./sidecar-channel.ts), which reconnects soon after the sidecar
 * comes back. The console, the tracker and the tests use it; a verb uses the lighter
 * node:http2 transport instead (./http2-transport.ts).
 */
import type { SidecarTarget } from './sidecar-address.js';
import { SidecarChannel } from './sidecar-channel.js';
import { openSidecarConnection, type ConnectOptions, type SidecarConnection } from './sidecar-connection.js';

export type { ConnectOptions, ListFilter, PurgeCriteria, SidecarConnection } from './sidecar-connection.js';

/**
 * Connects to the sidecar at `target` over a grpc-js channel. Nothing is sent until the first
 * call; a sidecar that does not answer makes that call fail within seconds with
 * SidecarUnreachableError.
 */
export function connectSidecar(target: SidecarTarget, options: ConnectOptions = {}): SidecarConnection {
  return openSidecarConnection(target, new SidecarChannel(target), options);
}
