/**
 * The `dapr workflow`-style verbs of the command line: run, list, status, history, suspend,
 * resume, terminate, raise-event, purge, rerun and wait, named and flagged as the Dapr CLI's
 * `dapr workflow` commands. They talk to a sidecar over gRPC: `--sidecar HOST:PORT`, else
 * DAPR_GRPC_ENDPOINT, else DAPR_HOST + DAPR_GRPC_PORT, else 127.0.0.1:50001 (the embedded
 * sidecar of a running console or `serve`).
 */
import type { Command } from 'commander';
import { addHistoryCommand } from './history-verb.js';
import { addLifecycleCommands } from './lifecycle-verbs.js';
import { addListCommand } from './list-verb.js';
import { addPurgeCommand } from './purge-verb.js';
import { addRaiseEventCommand } from './raise-event-verb.js';
import { addRerunCommand } from './rerun-verb.js';
import { addRunCommand } from './run-verb.js';
import { addStatusCommand } from './status-verb.js';
import { addWaitCommand } from './wait-verb.js';

/**
 * Registers every verb on `program`, which must define the global options `--sidecar`,
 * `--api-token` and `--json`. Each verb sets process.exitCode (0 success, 1 failure, 2 bad
 * arguments) and prints failures as one sentence on stderr.
 */
export function addVerbCommands(program: Command): void {
  addRunCommand(program);
  addListCommand(program);
  addStatusCommand(program);
  addHistoryCommand(program);
  addLifecycleCommands(program);
  addRaiseEventCommand(program);
  addPurgeCommand(program);
  addRerunCommand(program);
  addWaitCommand(program);
}
