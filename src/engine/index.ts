/**
 * createEngine: the single place that wires the embedded sidecar together — the SQLite store
 * (a file under the data directory, or in memory), the engine core over it, the gRPC server
 * the SDK talks to and, when asked, the Dapr workflow HTTP API. Everything binds 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from './backend.js';
import { EngineCore, type EngineLog } from './core/engine-core.js';
import type { WorkflowEngine } from './engine.js';
import { startGrpcServer } from './grpc/server.js';
import { startHttpServer } from './http/server.js';
import { openSqliteBackend } from './sqlite/sqlite-backend.js';
import { DEFAULT_GRPC_PORT } from '../model/index.js';

/** Options of the embedded sidecar. */
export interface EngineOptions {
  /** gRPC port (default 50001, Dapr's default; 0 picks a free port). */
  readonly grpcPort?: number;
  /** Dapr HTTP API port, or 'off' (the default). 0 picks a free port. */
  readonly httpPort?: number | 'off';
  /** Directory of the store file; ignored when inMemory is set. */
  readonly dataDir?: string;
  /** Keep everything in memory (lost when the process ends). Also the default without dataDir. */
  readonly inMemory?: boolean;
  /** When set, every call must carry it as `dapr-api-token`. */
  readonly apiToken?: string;
  readonly log?: EngineLog;
}

/** A running embedded sidecar. */
export interface RunningEngine {
  readonly engine: WorkflowEngine;
  /** "127.0.0.1:PORT" of the gRPC endpoint. */
  readonly grpcAddress: string;
  readonly grpcPort: number;
  /** The HTTP API port, when enabled. */
  readonly httpPort?: number;
  /** Stops the servers (worker streams end), then closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** The address the embedded sidecar binds. */
export const ENGINE_HOST = '127.0.0.1';
/** The store's file name inside the data directory. */
export const STORE_FILE_NAME = 'workflows.db';

/** Opens the store, starts the engine and its servers; rejects with one sentence when one cannot start. */
export async function createEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const log: EngineLog = options.log ?? (() => {});
  const backend = openBackend(options, log);
  const engine = new EngineCore({ backend, log });
  const closers: (() => Promise<void>)[] = [];
  try {
    const grpc = await startGrpcServer(engine, {
      host: ENGINE_HOST,
      port: options.grpcPort ?? DEFAULT_GRPC_PORT,
      ...(options.apiToken !== undefined && { apiToken: options.apiToken }),
      logError: (method, error) => log('error', `gRPC ${method} failed unexpectedly: ${describe(error)}`),
      logNotice: (message) => log('warn', message),
    });
    closers.push(() => grpc.close());
    let httpPort: number | undefined;
    if (typeof options.httpPort === 'number') {
      const http = await startHttpServer(engine, {
        host: ENGINE_HOST,
        port: options.httpPort,
        ...(options.apiToken !== undefined && { apiToken: options.apiToken }),
      });
      closers.push(() => http.close());
      httpPort = http.port;
    }
    log('info', `Embedded sidecar listening on ${ENGINE_HOST}:${grpc.port} (gRPC)${httpPort !== undefined ? ` and ${ENGINE_HOST}:${httpPort} (HTTP)` : ''}.`);
    let closing: Promise<void> | undefined;
    return {
      engine,
      grpcAddress: `${ENGINE_HOST}:${grpc.port}`,
      grpcPort: grpc.port,
      ...(httpPort !== undefined && { httpPort }),
      close() {
        closing ??= shutDown(closers, engine);
        return closing;
      },
    };
  } catch (error) {
    await shutDown(closers, engine);
    throw error;
  }
}

function openBackend(options: EngineOptions, log: EngineLog): Backend {
  if (options.inMemory || !options.dataDir) return openSqliteBackend({ file: ':memory:' });
  mkdirSync(options.dataDir, { recursive: true });
  return openSqliteBackend({ file: join(options.dataDir, STORE_FILE_NAME), onWarning: (message) => log('warn', message) });
}

async function shutDown(closers: readonly (() => Promise<void>)[], engine: EngineCore): Promise<void> {
  await Promise.allSettled(closers.map((close) => close()));
  await engine.close();
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
