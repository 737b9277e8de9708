/**
 * `run NAME [--instance-id ID] [--input JSON] [--start-time RFC3339|DURATION]`: starts a
 * workflow instance and prints its ID.
 */
import type { Command } from 'commander';
import { INSTANCE_ID_PATTERN } from '../../model/index.js';
import { renderJson } from './output.js';
import { parseDurationOrTimestamp } from './time-arguments.js';
import { VerbUsageError } from './verb-errors.js';
import { jsonArgument, runVerb, verbOptions } from './verb-runner.js';

interface RunOptions {
  readonly instanceId?: string;
  readonly input?: string;
  readonly startTime?: string;
}

/** Registers `run`. */
export function addRunCommand(program: Command): void {
  program
    .command('run')
    .description('start a new workflow instance; prints its instance ID')
    .argument('<name>', 'the workflow to start (its registered name)')
    .option('-i, --instance-id <id>', 'the instance ID (letters, digits, _ and -); a random one when not given')
    .option('-x, --input <json>', 'the input, as JSON text')
    .option('-s, --start-time <time>', 'start later: an RFC 3339 time (2024-01-02T15:04:05Z) or a duration from now (30s, 1.5h)')
    .action(async (name: string, _options: RunOptions, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        const options = verbOptions<RunOptions>(command);
        if (options.instanceId !== undefined && !INSTANCE_ID_PATTERN.test(options.instanceId)) {
          throw new VerbUsageError(
            `--instance-id takes letters, digits, "_" and "-" only, not "${options.instanceId}".`,
          );
        }
        const input = jsonArgument(options.input, '--input');
        const startAt =
          options.startTime === undefined ? undefined : parseDurationOrTimestamp(options.startTime, '--start-time', 'future');
        const instanceId = await client.start(name, { instanceId: options.instanceId, input, startAt });
        print(json ? renderJson({ instanceId }) : `Workflow instance started successfully: ${instanceId}\n`);
      });
    });
}
