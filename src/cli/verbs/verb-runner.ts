/**
 * What every verb shares: reading the program's global options (`--sidecar`, `--api-token`,
 * `--json`), connecting to the sidecar, and ending with one sentence on stderr and an exit
 * code when anything fails. A verb's body only talks to the client and prints.
 */
import type { Command } from 'commander';
import { resolveSidecarTarget, SidecarAddressError, type SidecarTarget } from '../../client/sidecar-address.js';
import type { SidecarConnection } from '../../client/sidecar-connection.js';
import { describeError, SidecarUnreachableError } from '../../client/errors.js';
import { parseJsonPayload } from '../../client/json-payload.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, VerbUsageError } from './verb-errors.js';

/** The program-wide options a verb reads (defined on the root program). */
export interface VerbGlobalOptions {
  readonly sidecar?: string;
  readonly apiToken?: string;
  readonly json?: boolean;
}

/** What a verb's body gets. */
export interface VerbContext {
  readonly client: SidecarConnection;
  readonly target: SidecarTarget;
  /** True when `--json` was given: print machine-readable output only. */
  readonly json: boolean;
  /** Writes to stdout as is. */
  print(text: string): void;
  /** Writes one line to stderr. */
  note(line: string): void;
}

/** A verb's body: resolves to its exit code (0 when it returns nothing). */
export type VerbBody = (context: VerbContext) => Promise<number | void>;

/** One sentence for a failure, with a hint on how to get a sidecar when none answers. */
export function describeVerbError(error: unknown, target: SidecarTarget | undefined): string {
  if (error instanceof SidecarUnreachableError && target !== undefined) {
    const reason = error.reason ? ` (${error.reason})` : '';
    const port = target.address.slice(target.address.lastIndexOf(':') + 1);
    const hint =
      target.origin === 'default'
        ? 'start one with `dapr-workflow-tui serve` (or open the console), or name another with --sidecar HOST:PORT'
        : `check the address (from ${target.origin}), or start one there with \`dapr-workflow-tui serve --grpc-port ${port}\``;
    return `No sidecar answers at ${target.address}${reason}; ${hint}.`;
  }
  return describeError(error);
}

/** Parses a JSON flag value before anything is sent; a bad one is a usage error naming the flag. */
export function jsonArgument(text: string | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    parseJsonPayload(text, flag);
  } catch (error) {
    throw new VerbUsageError(describeError(error));
  }
  return text;
}

/** The options of the command, including the program's global ones. */
export function verbOptions<T extends object>(command: Command): T & VerbGlobalOptions {
  return command.optsWithGlobals<T & VerbGlobalOptions>();
}

/**
 * Runs a verb against the sidecar the options name: connects, runs `body`, closes, and sets
 * `process.exitCode` (0 on success, 1 on failure, 2 for bad arguments) after writing one
 * sentence to stderr for any failure. Never throws.
 */
export async function runVerb(command: Command, body: VerbBody): Promise<void> {
  const options = verbOptions<object>(command);
  let target: SidecarTarget | undefined;
  let client: SidecarConnection | undefined;
  let code: number = EXIT_OK;
  try {
    target = resolveSidecarTarget(options);
    // Loaded on demand: `--help` and bad arguments never pay for the protocol. A verb makes a
    // few calls and exits: node:http2 serves them without loading grpc-js.
    const [{ openSidecarConnection }, { Http2Transport }] = await Promise.all([
      import('../../client/sidecar-connection.js'),
      import('../../client/http2-transport.js'),
    ]);
    client = openSidecarConnection(target, new Http2Transport(target));
    const context: VerbContext = {
      client,
      target,
      json: Boolean(options.json),
      print: (text) => void process.stdout.write(text),
      note: (line) => void process.stderr.write(`${line}\n`),
    };
    code = (await body(context)) ?? EXIT_OK;
  } catch (error) {
    process.stderr.write(`${describeVerbError(error, target)}\n`);
    code = error instanceof VerbUsageError || error instanceof SidecarAddressError ? EXIT_USAGE : EXIT_FAILURE;
  } finally {
    await client?.close();
  }
  process.exitCode = code;
}
