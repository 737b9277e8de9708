/**
 * The embedded sidecar's gRPC server: `TaskHubSidecarService` as Dapr's current protocol
 * defines it (src/protocol/task-hub-sidecar.proto), plus
 * the workflow and metadata methods of Dapr's runtime service (`dapr.proto.runtime.v1.Dapr`). It only translates between the wire and
 * the engine; RPCs the sidecar does not offer answer UNIMPLEMENTED naming the RPC, and
 * fields a request carries that the protocol description does not know are logged once per
 * (message, field number).
 */
import { createServer } from 'node:net';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { WorkflowEngine } from '../engine.js';
import { sidecarServiceDefinition, type SidecarMethod, type UnknownField } from '../../protocol/index.js';
import { clientRpcs } from './client-rpcs.js';
import { addDaprRuntimeService } from './dapr-runtime-rpcs.js';
import { unimplementedHandler, type HandlerContext } from './unary-handler.js';
import { WorkerStreams, workerRpcs } from './worker-rpcs.js';

/** Where to listen, and the API token to require (none: every call is accepted). */
export interface GrpcServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly apiToken?: string;
  /** Where unexpected handler errors go (the caller only gets a short sentence). Default: console.error. */
  readonly logError?: (method: string, error: unknown) => void;
  /** Where the one-line notices of unknown request fields go. Default: console.error. */
  readonly logNotice?: (message: string) => void;
}

/** A running gRPC server. */
export interface RunningGrpcServer {
  /** The port actually bound (the chosen one when 0 was asked for). */
  readonly port: number;
  /** Ends every worker stream (workers see the stream end), then stops the server. Safe to call twice. */
  close(): Promise<void>;
}

/** Requests a little over the engine's 4 MiB payload limit still arrive, so the engine's sentence explains the refusal. */
const MAX_RECEIVE_BYTES = 16 * 1024 * 1024;
/** Matches what the SDK's client accepts. */
const MAX_SEND_BYTES = 128 * 1024 * 1024;
/** How long close() lets calls in progress finish before cutting them off. */
const SHUTDOWN_GRACE_MS = 300;

function defaultLogError(method: string, error: unknown): void {
  console.error(`[sidecar] ${method} failed unexpectedly:`, error);
}

function pascalCase(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** The service implemented: every method the sidecar offers, UNIMPLEMENTED for the rest of the protocol's RPCs. */
function sidecarService(
  definition: Record<string, unknown>,
  implemented: UntypedServiceImplementation,
  context: HandlerContext,
): UntypedServiceImplementation {
  const service: UntypedServiceImplementation = {};
  for (const key of Object.keys(definition)) {
    service[key] = implemented[key] ?? unimplementedHandler(context, pascalCase(key));
  }
  return service;
}

/** Reports each (message, field number) a client sends that the protocol description lacks, the first time it is seen. */
function unknownFieldReporter(log: (message: string) => void): (method: SidecarMethod, fields: readonly UnknownField[]) => void {
  const seen = new Set<string>();
  return (method, fields) => {
    for (const field of fields) {
      const key = `${field.message}#${field.fieldNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      log(
        `[sidecar] ${method}: the request carried field ${field.fieldNumber} of ${field.message}, which this sidecar's protocol ` +
          'description does not know; it was ignored (as daprd ignores fields it does not know). A newer SDK may need a newer sidecar.',
      );
    }
  };
}

function bindAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Why a bind failed, in a few words (grpc-js wraps the system error in a long message). */
function bindFailureReason(error: Error): string {
  if (/EADDRINUSE/.test(error.message)) return 'address already in use (EADDRINUSE)';
  if (/EACCES/.test(error.message)) return 'permission denied (EACCES)';
  return error.message.replace(/[.\s]+$/, '');
}

/**
 * Tries the address with a plain socket first, so a taken port is reported in one sentence
 * (grpc-js would also print its own error line on the console). Resolves with the error when
 * the address is taken, undefined when it is free.
 */
function probeAddress(host: string, port: number): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

/** Starts the gRPC server for `engine` on host:port; rejects with one sentence when it cannot listen. */
export async function startGrpcServer(engine: WorkflowEngine, options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const context: HandlerContext = { apiToken: options.apiToken, logError: options.logError ?? defaultLogError };
  const streams = new WorkerStreams();
  const server = new Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': MAX_SEND_BYTES,
  });
  const definition = sidecarServiceDefinition(unknownFieldReporter(options.logNotice ?? ((line) => console.error(line))));
  server.addService(
    definition,
    sidecarService(definition, { ...clientRpcs(engine, context), ...workerRpcs(engine, context, streams) }, context),
  );
  addDaprRuntimeService(server, engine, context);

  const address = bindAddress(options.host, options.port);
  if (options.port !== 0) {
    const taken = await probeAddress(options.host, options.port);
    if (taken) throw new Error(`The sidecar cannot listen for gRPC on ${address}: ${bindFailureReason(taken)}.`);
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) reject(new Error(`The sidecar cannot listen for gRPC on ${address}: ${bindFailureReason(error)}.`));
      else resolve(boundPort);
    });
  });

  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        streams.endAll();
        const cutOff = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(cutOff);
          resolve();
        });
      });
      return closing;
    },
  };
}
