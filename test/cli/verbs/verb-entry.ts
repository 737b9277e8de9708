/**
 * A minimal command line for the verbs' end-to-end tests: the program's global options and
 * the verbs, run like the real entry (exit code from process.exitCode; commander's own
 * errors exit 2). Used until the full program can start in every test environment.
 */
import { Command, CommanderError } from 'commander';
import { exitAfterOutput, exitQuietlyWhenOutputCloses } from '../../../src/cli/exit-after-output.js';
import { addVerbCommands } from '../../../src/cli/verbs/index.js';

exitQuietlyWhenOutputCloses();

const program = new Command('dapr-workflow-tui')
  .option('--sidecar <host:port>')
  .option('--api-token <token>')
  .option('--json')
  .exitOverride();
addVerbCommands(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
  await exitAfterOutput(typeof process.exitCode === 'number' ? process.exitCode : 0);
} catch (error) {
  await exitAfterOutput(error instanceof CommanderError ? (error.exitCode === 0 ? 0 : 2) : 1);
}
