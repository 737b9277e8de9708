/**
 * The `dapr-workflow-tui` command line program: the console (default), `serve`, and the
 * `dapr workflow`-style verbs. Every failure ends as one sentence on stderr and a non-zero
 * exit code; never a stack trace.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { describeError } from '../client/errors.js';
import { safeText } from '../text/safe-text.js';
import { addVerbCommands } from './verbs/index.js';
import { CliUsageError, type RawOptions } from './options.js';
import { packageVersion } from './package-version.js';
import { COMPLETION_SHELLS, type CompletionShell } from './shell-completion.js';

/**
 * Builds the whole command-line program. Each command loads what it runs only when it runs:
 * `--help`, `--version` and `completion` load nothing but commander, the verbs no Ink, React,
 * SQLite or workflow runtime (see test/cli/lazy-loading.test.ts).
 */
export function buildProgram(): Command {
  const program = new Command('dapr-workflow-tui')
    .description('A full-screen console for Dapr Workflow instances, with an embedded Dapr-compatible sidecar.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--sidecar <host:port>', 'attach to a running sidecar (also DAPR_GRPC_ENDPOINT, or DAPR_HOST + DAPR_GRPC_PORT)')
    .option('--api-token <token>', 'sent as dapr-api-token (also DAPR_API_TOKEN); the embedded sidecar then requires it')
    .option('--grpc-port <n>', 'embedded sidecar gRPC port (0 = a free port)', '50001')
    .option('--http-port <n|off>', 'embedded sidecar Dapr HTTP API port, or off', '3500')
    .option('--data-dir <dir>', 'embedded sidecar store (default: your XDG data dir)')
    .option('--in-memory', 'keep the embedded sidecar in memory only')
    .option('--config <file>', 'a Dapr Configuration file for the embedded sidecar (honors spec.workflow.stateRetentionPolicy)')
    .option('--workflows <module>', 'register your own workflows and activities from a JS or TS module')
    .option('--no-runtime', 'host no workflows in this process')
    .option('--refresh <ms>', 'poll interval of the console', '1000')
    .option('--time-scale <factor>', 'scale the bundled workflows\' durations (0.1 = ten times faster)', '1')
    .option('--read-only', 'no lifecycle actions')
    .option('--json', 'machine-readable output (verbs)')
    .addOption(new Option('--verbose', 'serve: print every log line to stderr').hideHelp())
    .showSuggestionAfterError()
    // commander quotes the offending argument back; a typed or pasted escape must not reach the terminal.
    .configureOutput({ outputError: (text, write) => write(safeText(text)) })
    .exitOverride()
    .action(async (_options, command: Command) => {
      // Loaded on demand: the verbs start faster without Ink, React and the engine.
      const { runConsoleCommand } = await import('./console-command.js');
      await runConsoleCommand(command.optsWithGlobals<RawOptions>());
    });

  program
    .command('serve')
    .description('run the embedded sidecar and the workflow runtime without a UI, until SIGINT/SIGTERM')
    .option('--verbose', 'print every log line to stderr')
    .action(async (_options, command: Command) => {
      const { runServe } = await import('./serve-command.js');
      await runServe(command.optsWithGlobals<RawOptions>());
    });

  addVerbCommands(program);

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices([...COMPLETION_SHELLS]))
    .action(async (shell: CompletionShell) => {
      const { completionScript } = await import('./shell-completion.js');
      process.stdout.write(completionScript(program, shell));
    });
  return program;
}

/** Runs the command line with the given arguments and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (or the help text).
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`${error instanceof CliUsageError ? error.message : describeError(error)}\n`);
    return error instanceof CliUsageError ? 2 : 1;
  }
}
