/**
 * The verbs' argument parsing and output formatting as plain functions: durations and
 * timestamps, purge combinations, event targets, wait timeouts, tables and YAML.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseDurationOrTimestamp, parseTimestamp } from '../../../src/cli/verbs/time-arguments.js';
import { purgeRequestOf } from '../../../src/cli/verbs/purge-verb.js';
import { parseEventTarget } from '../../../src/cli/verbs/raise-event-verb.js';
import { parseEventId } from '../../../src/cli/verbs/rerun-verb.js';
import { parseTimeoutSeconds } from '../../../src/cli/verbs/wait-verb.js';
import { parseStatusArgument } from '../../../src/cli/verbs/status-argument.js';
import { renderTable, renderYaml, humanDuration } from '../../../src/cli/verbs/output.js';
import { historyRows } from '../../../src/cli/verbs/instance-views.js';
import { VerbUsageError } from '../../../src/cli/verbs/verb-errors.js';

describe('time arguments', () => {
  it('reads Go-style durations', () => {
    assert.equal(parseDuration('300ms'), 300);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('2h45m'), 9_900_000);
    assert.equal(parseDuration('720h'), 720 * 3_600_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('10'), undefined);
    assert.equal(parseDuration('h'), undefined);
  });

  it('reads timestamps, zone-less ones as UTC', () => {
    assert.equal(parseTimestamp('2023-01-02T15:04:05Z'), Date.UTC(2023, 0, 2, 15, 4, 5));
    assert.equal(parseTimestamp('2023-01-02T15:04:05'), Date.UTC(2023, 0, 2, 15, 4, 5));
    assert.equal(parseTimestamp('2023-01-02'), Date.UTC(2023, 0, 2));
    assert.equal(parseTimestamp('2023-01-02T15:04:05+02:00'), Date.UTC(2023, 0, 2, 13, 4, 5));
    assert.equal(parseTimestamp('yesterday'), undefined);
  });

  it('counts durations back for ages and forward for start times', () => {
    const now = Date.UTC(2024, 5, 1);
    assert.equal(parseDurationOrTimestamp('1h', '--filter-max-age', 'past', now).getTime(), now - 3_600_000);
    assert.equal(parseDurationOrTimestamp('30s', '--start-time', 'future', now).getTime(), now + 30_000);
    assert.throws(() => parseDurationOrTimestamp('soon', '--start-time', 'future'), (error: unknown) =>
      error instanceof VerbUsageError && /--start-time takes a duration/.test(error.message),
    );
  });
});

describe('purge arguments', () => {
  it('accepts IDs, or filters, but not both', () => {
    assert.deepEqual(purgeRequestOf(['a', 'b'], {}), { kind: 'ids', instanceIds: ['a', 'b'] });
    const byAge = purgeRequestOf([], { allOlderThan: '24h', allFilterStatus: 'failed' });
    assert.equal(byAge.kind, 'filter');
    assert.deepEqual(byAge.kind === 'filter' && byAge.criteria.statuses, ['FAILED']);
    assert.deepEqual(purgeRequestOf([], { all: true }), { kind: 'filter', criteria: { createdBefore: undefined, statuses: undefined } });
    for (const [ids, options] of [
      [[], {}],
      [['a'], { all: true }],
      [[], { all: true, allOlderThan: '1h' }],
      [[], { allFilterStatus: 'COMPLETED' }],
      [[], { allOlderThan: '1h', allFilterStatus: 'DONE' }],
    ] as const) {
      assert.throws(() => purgeRequestOf(ids, options), VerbUsageError);
    }
  });
});

describe('other arguments', () => {
  it('splits INSTANCE/EVENT at the first slash', () => {
    assert.deepEqual(parseEventTarget('order-1/Approval'), { instanceId: 'order-1', eventName: 'Approval' });
    assert.deepEqual(parseEventTarget('order-1/a/b'), { instanceId: 'order-1', eventName: 'a/b' });
    for (const bad of ['order-1', '/Approval', 'order-1/']) assert.throws(() => parseEventTarget(bad), VerbUsageError);
  });

  it('reads --event-id as a whole number, 0 when not given', () => {
    assert.equal(parseEventId(undefined), 0);
    assert.equal(parseEventId('7'), 7);
    for (const bad of ['-1', '1.5', 'x', '4294967296', '']) assert.throws(() => parseEventId(bad), VerbUsageError);
  });

  it('reads --timeout in seconds', () => {
    assert.equal(parseTimeoutSeconds(undefined), 60);
    assert.equal(parseTimeoutSeconds('0.5'), 0.5);
    for (const bad of ['0', '-1', 'ten', '1e9', '100000']) assert.throws(() => parseTimeoutSeconds(bad), VerbUsageError);
  });

  it('reads statuses in any case', () => {
    assert.equal(parseStatusArgument('suspended', '--filter-status'), 'SUSPENDED');
    assert.throws(() => parseStatusArgument('done', '--filter-status'), /RUNNING, COMPLETED/);
  });
});

describe('output', () => {
  it('aligns table columns and makes cells safe', () => {
    const table = renderTable(['NAME', 'ID'], [['a', 'x1'], ['longer\u001b[31m', 'y\nz']]);
    assert.equal(table, 'NAME    ID\na       x1\nlonger  y z\n');
  });

  it('cuts long cells in short output', () => {
    const table = renderTable(['A'], [['x'.repeat(100)]], 10);
    assert.equal(table.split('\n')[1], `${'x'.repeat(9)}…`);
  });

  it('writes YAML with quoted strings', () => {
    assert.equal(
      renderYaml([{ id: 'a', n: 1, nested: { ok: true, list: ['x'] }, empty: [] }]),
      '- id: "a"\n  n: 1\n  nested:\n    ok: true\n    list:\n      - "x"\n  empty: []\n',
    );
    assert.equal(renderYaml([]), '[]\n');
  });

  it('writes short human durations', () => {
    assert.equal(humanDuration(250), '250ms');
    assert.equal(humanDuration(65_000), '1m5s');
    assert.equal(humanDuration(3 * 86_400_000 + 3_600_000), '3d1h');
  });

  it('numbers replays and summarizes history events', () => {
    const rows = historyRows(
      [
        { eventId: -1, timestamp: 1000, kind: 'OrchestratorStarted' },
        { eventId: -1, timestamp: 1000, kind: 'ExecutionStarted', name: 'W', executionId: 'e', input: '1' },
        { eventId: 0, timestamp: 1010, kind: 'TaskScheduled', name: 'act' },
        { eventId: -1, timestamp: 2010, kind: 'OrchestratorStarted' },
        { eventId: -1, timestamp: 2010, kind: 'TaskCompleted', taskScheduledId: 0, result: '2' },
        { eventId: -1, timestamp: 2020, kind: 'ExecutionCompleted', status: 'COMPLETED', result: '2' },
      ],
      true,
      5000,
    );
    assert.deepEqual(rows.map((row) => row[0]), ['1', '1', '1', '2', '2', '2']);
    assert.deepEqual(rows[2]!.slice(1, 4), ['TaskScheduled', 'act', '0']);
    assert.equal(rows[4]![7], 'eventId=0');
    assert.equal(rows[5]![6], 'COMPLETED');
    assert.match(rows[0]![5]!, /^Age:4s$/);
  });
});
