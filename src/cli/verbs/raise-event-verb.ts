/**
 * `raise-event ID/EVENT [--input JSON]`: delivers an external event to an instance (the
 * argument form is the Dapr CLI's).
 */
import type { Command } from 'commander';
import { safeLine } from '../../text/safe-text.js';
import { renderJson } from './output.js';
import { VerbUsageError } from './verb-errors.js';
import { jsonArgument, runVerb, verbOptions } from './verb-runner.js';

/** Splits `instance-id/event-name`; throws VerbUsageError when either part is missing. */
export function parseEventTarget(text: string): { instanceId: string; eventName: string } {
  const slash = text.indexOf('/');
  const instanceId = slash < 0 ? '' : text.slice(0, slash);
  const eventName = slash < 0 ? '' : text.slice(slash + 1);
  if (instanceId === '' || eventName === '') {
    throw new VerbUsageError(`raise-event takes INSTANCE-ID/EVENT-NAME (for example order-1/ApprovalEvent), not "${text}".`);
  }
  return { instanceId, eventName };
}

/** Registers `raise-event`. */
export function addRaiseEventCommand(program: Command): void {
  program
    .command('raise-event')
    .description('raise an external event for a workflow instance that waits for it')
    .argument('<instance-id/event-name>', 'the instance and the event, separated by a slash')
    .option('-x, --input <json>', 'the event payload, as JSON text')
    .action(async (targetText: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        const { instanceId, eventName } = parseEventTarget(targetText);
        const payload = jsonArgument(verbOptions<{ input?: string }>(command).input, '--input');
        await client.raiseEvent(instanceId, eventName, payload);
        print(
          json
            ? renderJson({ instanceId, eventName })
            : `Workflow '${safeLine(instanceId)}' raised event '${safeLine(eventName)}' successfully\n`,
        );
      });
    });
}
