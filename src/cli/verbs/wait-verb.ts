/**
 * `wait ID [--timeout SECONDS]`: waits until an instance finishes and prints its final
 * state. Exit code 0 when it COMPLETED, 1 when it failed, was terminated, or the wait timed
 * out, so scripts can chain on it.
 */
import type { Command } from 'commander';
import { renderInstance } from './instance-views.js';
import { instanceToJson, renderJson } from './output.js';
import { EXIT_FAILURE, VerbUsageError } from './verb-errors.js';
import { runVerb, verbOptions } from './verb-runner.js';

/** The default --timeout, in seconds (the SDK's default wait). */
export const DEFAULT_WAIT_SECONDS = 60;

/** Parses --timeout: seconds, more than 0 and at most a day. */
export function parseTimeoutSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_WAIT_SECONDS;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(seconds > 0) || seconds > 86_400) {
    throw new VerbUsageError(`--timeout takes seconds, more than 0 and at most 86400, not "${text}".`);
  }
  return seconds;
}

/** Registers `wait`. */
export function addWaitCommand(program: Command): void {
  program
    .command('wait')
    .description('wait until a workflow instance finishes; exit code 0 only when it COMPLETED')
    .argument('<instance-id>', 'the instance')
    .option('-t, --timeout <seconds>', `how long to wait (default ${DEFAULT_WAIT_SECONDS})`)
    .action(async (instanceId: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print, note }) => {
        const seconds = parseTimeoutSeconds(verbOptions<{ timeout?: string }>(command).timeout);
        const instance = await client.waitForCompletion(instanceId, seconds * 1000);
        print(json ? renderJson(instanceToJson(instance)) : renderInstance(instance));
        if (instance.status === 'COMPLETED') return undefined;
        note(`Workflow instance ${instance.instanceId} finished as ${instance.status}.`);
        return EXIT_FAILURE;
      });
    });
}
