/**
 * `history ID [-o FORMAT]`: the events of an instance's current run, in order (needs
 * GetInstanceHistory: the embedded sidecar, or Dapr 1.17+).
 */
import type { Command } from 'commander';
import { HISTORY_SHORT_HEADERS, HISTORY_WIDE_HEADERS, historyRows } from './instance-views.js';
import { effectiveFormat, outputFormatOption } from './output-option.js';
import { historyEventToJson, renderJson, renderTable, renderYaml } from './output.js';
import { runVerb, verbOptions } from './verb-runner.js';

/** Registers `history`. */
export function addHistoryCommand(program: Command): void {
  program
    .command('history')
    .description("show a workflow instance's history events")
    .argument('<instance-id>', 'the instance')
    .addOption(outputFormatOption())
    .action(async (instanceId: string, _options: object, command: Command) => {
      await runVerb(command, async ({ client, json, print }) => {
        const format = effectiveFormat(verbOptions<{ output?: string }>(command).output, json);
        const events = await client.history(instanceId);
        if (format === 'json') return void print(renderJson(events.map(historyEventToJson)));
        if (format === 'yaml') return void print(renderYaml(events.map(historyEventToJson)));
        const wide = format === 'wide';
        print(renderTable(wide ? HISTORY_WIDE_HEADERS : HISTORY_SHORT_HEADERS, historyRows(events, wide), wide ? undefined : 60));
      });
    });
}
