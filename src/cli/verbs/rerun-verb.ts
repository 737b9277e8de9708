/**
 * `rerun INSTANCE-ID [--event-id N] [--new-instance-id ID] [--input JSON]`: starts a new
 * instance from a finished one's history up to an activity's event (Dapr 1.16+
 * RerunWorkflowFromEvent), flags as the Dapr CLI's `dapr workflow rerun` has them; prints the
 * new instance's ID.
 */
import type { Command } from 'commander';
import { INSTANCE_ID_PATTERN } from '../../model/index.js';
import { safeLine } from '../../text/safe-text.js';
import { renderJson } from './output.js';
import { VerbUsageError } from './verb-errors.js';
import { jsonArgument, runVerb, verbOptions } from './verb-runner.js';

interface RerunOptions {
  readonly eventId?: string;
  readonly newInstanceId?: string;
  readonly input?: string;
}

/** The event ID of `--event-id`: a whole number from 0 to 2^32-1 (0, the first event, when not given). */
export function parseEventId(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value > 0xffffffff) {
    throw new VerbUsageError(`--event-id takes a whole number of 0 or more (an event ID from \`history\`), not "${text}".`);
  }
  return value;
}

/** Registers `rerun`. */
export function addRerunCommand(program: Command): void {
  program
    .command('rerun')
    .description('rerun a finished workflow instance from one of its activities, as a new instance; prints its ID')
    .argument('<instance-id>', 'the finished instance to rerun')
    .option('-e, --event-id <id>', "the event ID of the activity to rerun from (see `history`); 0 when not given")
    .option('--new-instance-id <id>', 'the new instance ID; a random one when not given')
    .option('-x, --input <json>', "the rerun activity's new input, as JSON text")
    .action(async (instanceId: string, _options: RerunOptions, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        const options = verbOptions<RerunOptions>(command);
        const eventId = parseEventId(options.eventId);
        if (options.newInstanceId !== undefined && !INSTANCE_ID_PATTERN.test(options.newInstanceId)) {
          throw new VerbUsageError(`--new-instance-id takes letters, digits, "_" and "-" only, not "${options.newInstanceId}".`);
        }
        const input = jsonArgument(options.input, '--input');
        const newInstanceId = await client.rerunWorkflowFromEvent({
          sourceInstanceId: instanceId,
          eventId,
          ...(options.newInstanceId !== undefined && { newInstanceId: options.newInstanceId }),
          ...(input !== undefined && { input, overwriteInput: true }),
        });
        print(json ? renderJson({ instanceId, eventId, newInstanceId }) : `Rerunning workflow instance: ${safeLine(newInstanceId)}\n`);
      });
    });
}
