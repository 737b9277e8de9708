/**
 * Runs the `dapr-workflow-tui` command line with the process's arguments and exits with
 * its code. The program itself is built in program.ts.
 */
import { main } from './program.js';

process.exit(await main(process.argv.slice(2)));
