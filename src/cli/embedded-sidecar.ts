/**
 * Starts the embedded sidecar for the console and `serve`, turning the ways it can fail to
 * start (a port taken, a data directory that cannot be written) into one sentence.
 */
import { mkdirSync } from 'node:fs';
import { ConfigurationError, readDaprConfiguration, type SidecarConfiguration } from '../engine/config/dapr-configuration.js';
import { createEngine } from '../engine/index.js';
import { StoreOpenError } from '../engine/sqlite/store-errors.js';
import type { LogLevel } from '../runtime/types.js';
import { CliUsageError, type EmbeddedSidecarSettings } from './options.js';

/** A running embedded sidecar. */
export interface EmbeddedSidecar {
  /** `127.0.0.1:PORT` of its gRPC endpoint. */
  readonly grpcAddress: string;
  /** Its HTTP API port, when enabled. */
  readonly httpPort?: number;
  /** Where its data lives, or undefined in memory. */
  readonly dataDir?: string;
  close(): Promise<void>;
}

/** Starts the embedded sidecar; throws CliUsageError with one sentence when it cannot. */
export async function startEmbeddedSidecar(
  settings: EmbeddedSidecarSettings,
  log: (level: LogLevel, message: string) => void,
): Promise<EmbeddedSidecar> {
  if (settings.dataDir) {
    try {
      mkdirSync(settings.dataDir, { recursive: true });
    } catch (error) {
      throw new CliUsageError(`Cannot create the data directory ${settings.dataDir}: ${(error as Error).message}`);
    }
  }
  let configuration: SidecarConfiguration = {};
  if (settings.configFile !== undefined) {
    try {
      configuration = readDaprConfiguration(settings.configFile);
    } catch (error) {
      if (error instanceof ConfigurationError) throw new CliUsageError(error.message);
      throw error;
    }
  }
  try {
    const engine = await createEngine({
      grpcPort: settings.grpcPort,
      httpPort: settings.httpPort,
      dataDir: settings.dataDir,
      inMemory: settings.inMemory,
      apiToken: settings.apiToken,
      ...(configuration.retention !== undefined && { retention: configuration.retention }),
      log,
    });
    return { grpcAddress: engine.grpcAddress, httpPort: engine.httpPort, dataDir: settings.dataDir, close: () => engine.close() };
  } catch (error) {
    if (error instanceof StoreOpenError) throw new CliUsageError(error.message);
    const message = String((error as Error)?.message ?? error);
    if (/EADDRINUSE|address already in use|No address added/i.test(message)) {
      throw new CliUsageError(
        `A port of the embedded sidecar is already in use (gRPC ${settings.grpcPort}, HTTP ${settings.httpPort}): ` +
          'another console or `dapr-workflow-tui serve` may be running. Attach to it with --sidecar 127.0.0.1:' +
          `${settings.grpcPort}, or pick other ports with --grpc-port 0 --http-port off.`,
      );
    }
    if (/SQLITE|database/i.test(message)) {
      throw new CliUsageError(`The embedded sidecar cannot open its store in ${settings.dataDir}: ${message}`);
    }
    throw error;
  }
}
