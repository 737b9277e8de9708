/**
 * `purge ID... | --all-older-than AGE [--all-filter-status STATUS] | --all`: removes finished
 * (COMPLETED, FAILED, TERMINATED) instances and their history from the sidecar's store.
 */
import type { Command } from 'commander';
import { describeError } from '../../client/errors.js';
import type { PurgeCriteria } from '../../client/sidecar-connection.js';
import { safeLine } from '../../text/safe-text.js';
import { renderJson } from './output.js';
import { parseStatusArgument } from './status-argument.js';
import { parseDurationOrTimestamp } from './time-arguments.js';
import { EXIT_FAILURE, VerbUsageError } from './verb-errors.js';
import { runVerb, verbOptions } from './verb-runner.js';

interface PurgeOptions {
  readonly allOlderThan?: string;
  readonly allFilterStatus?: string;
  readonly all?: boolean;
}

/** The purge a command line asks for: named instances, or every finished one matching criteria. */
export type PurgeRequest = { readonly kind: 'ids'; readonly instanceIds: readonly string[] } | { readonly kind: 'filter'; readonly criteria: PurgeCriteria };

/** Checks the combination of arguments and flags, as the Dapr CLI does; throws VerbUsageError. */
export function purgeRequestOf(instanceIds: readonly string[], options: PurgeOptions): PurgeRequest {
  const byFilter = options.allOlderThan !== undefined || Boolean(options.all);
  if (options.allOlderThan !== undefined && options.all) {
    throw new VerbUsageError('Use either --all or --all-older-than, not both.');
  }
  if (options.allFilterStatus !== undefined && options.allOlderThan === undefined) {
    throw new VerbUsageError('--all-filter-status can only be used with --all-older-than.');
  }
  if (byFilter && instanceIds.length > 0) {
    throw new VerbUsageError('Instance IDs cannot be combined with --all or --all-older-than.');
  }
  if (!byFilter) {
    if (instanceIds.length === 0) {
      throw new VerbUsageError('Name one or more instance IDs to purge, or use --all-older-than AGE or --all.');
    }
    return { kind: 'ids', instanceIds };
  }
  return {
    kind: 'filter',
    criteria: {
      createdBefore:
        options.allOlderThan === undefined ? undefined : parseDurationOrTimestamp(options.allOlderThan, '--all-older-than', 'past'),
      statuses:
        options.allFilterStatus === undefined ? undefined : [parseStatusArgument(options.allFilterStatus, '--all-filter-status')],
    },
  };
}

/** Registers `purge`. */
export function addPurgeCommand(program: Command): void {
  program
    .command('purge')
    .description('purge finished workflow instances (COMPLETED, FAILED, TERMINATED) and their history')
    .argument('[instance-ids...]', 'the instances to purge')
    .option('--all-older-than <age>', 'purge every finished instance created before a duration ago (720h) or a timestamp')
    .option('--all-filter-status <status>', 'with --all-older-than: only instances in this status')
    .option('--all', 'purge every finished instance (use with care)')
    .action(async (instanceIds: string[], _options: PurgeOptions, command: Command) => {
      await runVerb(command, async ({ client, json, print, note }) => {
        const request = purgeRequestOf(instanceIds, verbOptions<PurgeOptions>(command));
        if (request.kind === 'filter') {
          const count = await client.purgeWhere(request.criteria);
          print(json ? renderJson({ purgedCount: count }) : `Purged ${count} workflow instance${count === 1 ? '' : 's'}\n`);
          return;
        }
        const purged: string[] = [];
        const failed: { instanceId: string; error: string }[] = [];
        for (const instanceId of request.instanceIds) {
          try {
            await client.purge(instanceId);
            purged.push(instanceId);
            if (!json) print(`Workflow '${safeLine(instanceId)}' purged successfully\n`);
          } catch (error) {
            failed.push({ instanceId, error: describeError(error) });
            note(`Could not purge ${safeLine(instanceId)}: ${describeError(error)}`);
          }
        }
        if (json) print(renderJson({ purgedCount: purged.length, purged, failed }));
        return failed.length > 0 ? EXIT_FAILURE : undefined;
      });
    });
}
