/**
 * The embedded sidecar's gRPC server: `TaskHubSidecarService` exactly as the `@dapr/dapr` SDK
 * calls it, plus Dapr 1.17's ListInstanceIDs and GetInstanceHistory, and the embedded
 * sidecar's own change feed (ReadInstanceChanges). It only translates
 * between the wire and the engine; RPCs the sidecar does not offer answer UNIMPLEMENTED.
 */
import { createServer } from 'node:net';
import {
  Server,
  ServerCredentials,
  status,
  type handleUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { WorkflowEngine } from '../engine.js';
import { changeFeedService, listAndHistoryService, TaskHubSidecarServiceService } from '../../protocol/index.js';
import { changeFeedRpcs } from './change-feed-rpc.js';
import { checkApiToken } from './api-token.js';
import { clientRpcs, listAndHistoryRpcs } from './client-rpcs.js';
import { answerWithError, type HandlerContext } from './unary-handler.js';
import { WorkerStreams, workerRpcs } from './worker-rpcs.js';

/** Where to listen, and the API token to require (none: every call is accepted). */
export interface GrpcServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly apiToken?: string;
  /** Where unexpected handler errors go (the caller only gets a short sentence). Default: console.error. */
  readonly logError?: (method: string, error: unknown) => void;
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

/** A handler that answers UNIMPLEMENTED (after the token check, like every other call). */
function unimplemented(context: HandlerContext, method: string): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    try {
      checkApiToken(call.metadata, context.apiToken);
    } catch (error) {
      answerWithError(context, method, error, callback);
      return;
    }
    callback({ code: status.UNIMPLEMENTED, details: `${method} is not supported by the embedded sidecar.` });
  };
}

function pascalCase(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** The SDK's service implemented: every method the sidecar offers, UNIMPLEMENTED for the rest. */
function sidecarService(implemented: UntypedServiceImplementation, context: HandlerContext): UntypedServiceImplementation {
  const service: UntypedServiceImplementation = {};
  for (const key of Object.keys(TaskHubSidecarServiceService)) {
    service[key] = implemented[key] ?? unimplemented(context, pascalCase(key));
  }
  return service;
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
  server.addService(
    TaskHubSidecarServiceService,
    sidecarService({ ...clientRpcs(engine, context), ...workerRpcs(engine, context, streams) }, context),
  );
  server.addService(listAndHistoryService, listAndHistoryRpcs(engine, context));
  server.addService(changeFeedService, changeFeedRpcs(engine, context));

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
