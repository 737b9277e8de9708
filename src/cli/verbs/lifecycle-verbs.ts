/**
 * `suspend ID [--reason TEXT]`, `resume ID [--reason TEXT]` and `terminate ID [--output JSON]`:
 * one lifecycle action on one instance.
 */
import type { Command } from 'commander';
import { safeLine } from '../../text/safe-text.js';
import { renderJson } from './output.js';
import { jsonArgument, runVerb, verbOptions } from './verb-runner.js';

/** Registers `suspend`, `resume` and `terminate`. */
export function addLifecycleCommands(program: Command): void {
  program
    .command('suspend')
    .description('suspend (pause) a running workflow instance; new events are held until it resumes')
    .argument('<instance-id>', 'the instance')
    .option('-r, --reason <text>', 'why, recorded in the history')
    .action(async (instanceId: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        await client.suspend(instanceId, verbOptions<{ reason?: string }>(command).reason);
        print(json ? renderJson({ instanceId, action: 'suspend' }) : `Workflow '${safeLine(instanceId)}' suspended successfully\n`);
      });
    });

  program
    .command('resume')
    .description('resume a suspended workflow instance')
    .argument('<instance-id>', 'the instance')
    .option('-r, --reason <text>', 'why, recorded in the history')
    .action(async (instanceId: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        await client.resume(instanceId, verbOptions<{ reason?: string }>(command).reason);
        print(json ? renderJson({ instanceId, action: 'resume' }) : `Workflow '${safeLine(instanceId)}' resumed successfully\n`);
      });
    });

  program
    .command('terminate')
    .description('terminate a workflow instance (and its child workflows)')
    .argument('<instance-id>', 'the instance')
    .option('-o, --output <json>', 'the output to record, as JSON text')
    .action(async (instanceId: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        const output = jsonArgument(verbOptions<{ output?: string }>(command).output, '--output');
        await client.terminate(instanceId, output);
        print(json ? renderJson({ instanceId, action: 'terminate' }) : `Workflow '${safeLine(instanceId)}' terminated successfully\n`);
      });
    });
}
