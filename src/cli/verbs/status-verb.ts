/**
 * `status ID [-o FORMAT]`: one instance's state, with its input, output, custom status and
 * failure details.
 */
import type { Command } from 'commander';
import { InstanceNotFoundError } from '../../client/errors.js';
import { renderInstance } from './instance-views.js';
import { effectiveFormat, outputFormatOption } from './output-option.js';
import { instanceToJson, renderJson, renderYaml } from './output.js';
import { runVerb, verbOptions } from './verb-runner.js';

/** Registers `status`. */
export function addStatusCommand(program: Command): void {
  program
    .command('status')
    .description("show one workflow instance's status, input, output and failure")
    .argument('<instance-id>', 'the instance')
    .addOption(outputFormatOption())
    .action(async (instanceId: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print, target }) => {
        const format = effectiveFormat(verbOptions<{ output?: string }>(command).output, json);
        const instance = await client.get(instanceId, true);
        if (instance === undefined) {
          throw new InstanceNotFoundError(`No workflow instance with ID ${instanceId} exists at ${target.address}.`);
        }
        if (format === 'json') print(renderJson(instanceToJson(instance)));
        else if (format === 'yaml') print(renderYaml(instanceToJson(instance)));
        else print(renderInstance(instance));
      });
    });
}
