/**
 * Runs the `dapr-workflow-tui` command line with the process's arguments and exits with
 * its code once all of its output has been written. The program itself is built in
 * program.ts.
 */
import { exitAfterOutput, exitQuietlyWhenOutputCloses } from './exit-after-output.js';
import { main } from './program.js';

exitQuietlyWhenOutputCloses();
await exitAfterOutput(await main(process.argv.slice(2)));
