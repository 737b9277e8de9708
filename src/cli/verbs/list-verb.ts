/**
 * `list [--filter-name NAME] [--filter-status STATUS] [--filter-max-age AGE] [--limit N] [-o FORMAT]`:
 * the instances the sidecar knows, oldest first. Read in pages (QueryInstances) where the
 * sidecar serves it, else ListInstanceIDs and a bounded number of gets at once (daprd).
 */
import type { Command } from 'commander';
import type { RuntimeStatus } from '../../client/types.js';
import { LIST_SHORT_HEADERS, LIST_WIDE_HEADERS, listRow } from './instance-views.js';
import { effectiveFormat, outputFormatOption } from './output-option.js';
import { instanceToJson, renderJson, renderTable, renderYaml } from './output.js';
import { parseStatusArgument } from './status-argument.js';
import { parseDurationOrTimestamp } from './time-arguments.js';
import { VerbUsageError } from './verb-errors.js';
import { runVerb, verbOptions } from './verb-runner.js';

interface ListOptions {
  readonly filterName?: string;
  readonly filterStatus?: string;
  readonly filterMaxAge?: string;
  readonly limit?: string;
  readonly output?: string;
}

/** Parses --limit: a positive whole number. */
function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new VerbUsageError(`--limit takes a whole number of instances from 1 up, not "${text}".`);
  }
  return Number(text);
}

/** Registers `list`. */
export function addListCommand(program: Command): void {
  program
    .command('list')
    .alias('ls')
    .description('list workflow instances (needs ListInstanceIDs: the embedded sidecar, or Dapr 1.17+)')
    .option('-w, --filter-name <name>', 'only instances of this workflow')
    .option('-s, --filter-status <status>', 'only instances in this runtime status (RUNNING, COMPLETED, FAILED, ...)')
    .option('-m, --filter-max-age <age>', 'only instances created within a duration (24h) or since a timestamp')
    .option('-n, --limit <n>', 'at most this many instances (the newest)')
    .addOption(outputFormatOption())
    .action(async (_options: ListOptions, command: Command) => {
      await runVerb(command, async ({ client, json, print, note, target }) => {
        const options = verbOptions<ListOptions>(command);
        const format = effectiveFormat(options.output, json);
        const status: RuntimeStatus | undefined =
          options.filterStatus === undefined ? undefined : parseStatusArgument(options.filterStatus, '--filter-status');
        const since =
          options.filterMaxAge === undefined
            ? undefined
            : parseDurationOrTimestamp(options.filterMaxAge, '--filter-max-age', 'past').getTime();

        const limit = parseLimit(options.limit);
        const newestFirst = await client.listInstances({
          includePayloads: true,
          ...(options.filterName !== undefined && { name: options.filterName }),
          ...(status !== undefined && { statuses: [status] }),
          ...(since !== undefined && { createdFrom: since }),
          ...(limit !== undefined && { limit }),
        });
        const instances = [...newestFirst].sort((a, b) => a.createdAt - b.createdAt || a.instanceId.localeCompare(b.instanceId));

        if (format === 'json') return void print(renderJson(instances.map(instanceToJson)));
        if (format === 'yaml') return void print(renderYaml(instances.map(instanceToJson)));
        if (instances.length === 0) return void note(`No workflow instances found at ${target.address}.`);
        const wide = format === 'wide';
        const now = Date.now();
        print(
          renderTable(
            wide ? LIST_WIDE_HEADERS : LIST_SHORT_HEADERS,
            instances.map((instance) => listRow(instance, wide, now)),
            wide ? undefined : 48,
          ),
        );
      });
    });
}
