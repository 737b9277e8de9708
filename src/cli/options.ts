/**
 * The command line's shared options (parsed by commander in main.ts) and their validation:
 * every bad value becomes a CliUsageError with one sentence.
 */
import envPaths from 'env-paths';
import { DEFAULT_GRPC_PORT, DEFAULT_HTTP_PORT } from '../model/index.js';

/** A bad command-line value; the message is one sentence for the user. */
export class CliUsageError extends Error {}

/** The options as commander hands them over (strings until validated). */
export interface RawOptions {
  readonly sidecar?: string;
  readonly apiToken?: string;
  readonly grpcPort?: string;
  readonly httpPort?: string;
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  /** A Dapr Configuration file for the embedded sidecar. */
  readonly config?: string;
  readonly workflows?: string;
  /** commander's negatable `--no-runtime`: false when given. */
  readonly runtime?: boolean;
  readonly refresh?: string;
  readonly timeScale?: string;
  readonly readOnly?: boolean;
  readonly verbose?: boolean;
}

/** Validated settings of the embedded sidecar. */
export interface EmbeddedSidecarSettings {
  readonly grpcPort: number;
  readonly httpPort: number | 'off';
  readonly dataDir?: string;
  readonly inMemory: boolean;
  readonly apiToken?: string;
  /** A Dapr Configuration file (read when the sidecar starts). */
  readonly configFile?: string;
}

/** The default data directory: the user's XDG data dir for this program. */
export function defaultDataDir(): string {
  return envPaths('dapr-workflow-tui', { suffix: '' }).data;
}

/** Parses a TCP port; 0 means "any free port". */
export function parsePort(value: string, flag: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new CliUsageError(`${flag} takes a port number from 0 to 65535 (0 picks a free port), not "${value}".`);
  }
  return Number(value);
}

/** Validates the embedded sidecar's options. */
export function embeddedSidecarSettings(options: RawOptions): EmbeddedSidecarSettings {
  if (options.inMemory && options.dataDir) {
    throw new CliUsageError('Use either --data-dir or --in-memory, not both.');
  }
  const grpcPort = options.grpcPort === undefined ? DEFAULT_GRPC_PORT : parsePort(options.grpcPort, '--grpc-port');
  let httpPort: number | 'off' = DEFAULT_HTTP_PORT;
  if (options.httpPort !== undefined) {
    httpPort = options.httpPort === 'off' ? 'off' : parsePort(options.httpPort, '--http-port');
  }
  const inMemory = Boolean(options.inMemory);
  return {
    grpcPort,
    httpPort,
    inMemory,
    dataDir: inMemory ? undefined : (options.dataDir ?? defaultDataDir()),
    apiToken: options.apiToken ?? (process.env.DAPR_API_TOKEN || undefined),
    ...(options.config !== undefined && { configFile: options.config }),
  };
}

/** Parses the console's poll interval in milliseconds. */
export function refreshInterval(options: RawOptions): number {
  if (options.refresh === undefined) return 1000;
  if (!/^\d+$/.test(options.refresh) || Number(options.refresh) < 100 || Number(options.refresh) > 600_000) {
    throw new CliUsageError(`--refresh takes milliseconds from 100 to 600000, not "${options.refresh}".`);
  }
  return Number(options.refresh);
}

/** Parses the bundled workflows' time scale (1 = real-world pace). */
export function timeScale(options: RawOptions): number {
  const value = Number(options.timeScale ?? '1');
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    throw new CliUsageError(`--time-scale takes a factor above 0 and up to 100 (0.1 runs ten times faster), not "${options.timeScale}".`);
  }
  return value;
}
