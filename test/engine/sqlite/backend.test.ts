/**
 * The storage contract, run as one suite over both SQLite modes (a file in a temporary
 * directory, and in memory): creation and replacement, turn commits, activity answers,
 * inboxes, termination, queries with paging, purges, write groups and reloading pending work.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Backend, InstanceRecord, NewInboxEvent, TurnCommit } from '../../../src/engine/backend.js';
import { InstanceExistsError, InvalidArgumentError, type HistoryEvent, type RuntimeStatus } from '../../../src/model/index.js';
import { openSqliteBackend } from '../../../src/engine/sqlite/sqlite-backend.js';

const T0 = 1_700_000_000_000;

function record(instanceId: string, overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return { instanceId, name: 'flow', status: 'PENDING', executionId: `${instanceId}-e1`, createdAt: T0, lastUpdatedAt: T0, ...overrides };
}

function started(instanceId: string, executionId = `${instanceId}-e1`): NewInboxEvent {
  return { event: { eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'flow', executionId } };
}

function raised(name: string, input?: string): HistoryEvent {
  return { eventId: -1, timestamp: T0, kind: 'EventRaised', name, ...(input !== undefined && { input }) };
}

function turnCommit(instanceId: string, overrides: Partial<TurnCommit> = {}): TurnCommit {
  return {
    instanceId,
    executionId: `${instanceId}-e1`,
    consumedInboxSeqs: [],
    resetHistory: false,
    historyAppend: [],
    update: { status: 'RUNNING', executionId: `${instanceId}-e1`, lastUpdatedAt: T0 + 1 },
    activities: [],
    selfInbox: [],
    carryUndeliveredEvents: false,
    dropPendingWork: false,
    childStarts: [],
    messages: [],
    ...overrides,
  };
}

for (const mode of ['file', 'memory'] as const) {
  describe(`SQLite backend (${mode})`, () => {
    let dir: string;
    let backend: Backend;
    const open = () => openSqliteBackend({ file: mode === 'file' ? join(dir, 'store.db') : ':memory:' });

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dwt-backend-'));
      backend = open();
    });
    afterEach(() => {
      backend.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('creates an instance with its first inbox event, and reads it back', () => {
      backend.createInstance(record('a', { input: '{"x":1}' }), started('a'));
      assert.deepEqual(backend.getInstance('a'), record('a', { input: '{"x":1}' }));
      const inbox = backend.getDeliverableInbox('a', T0);
      assert.equal(inbox.length, 1);
      assert.equal(inbox[0]!.event.kind, 'ExecutionStarted');
      assert.equal(backend.getInstance('missing'), undefined);
      assert.deepEqual(backend.getHistory('missing'), []);
    });

    it('refuses a duplicate of a non-terminal instance and replaces a terminal one', () => {
      backend.createInstance(record('a'), started('a'));
      assert.throws(() => backend.createInstance(record('a'), started('a')), InstanceExistsError);
      backend.finishInstance('a', [raised('x')], { status: 'COMPLETED', executionId: 'a-e1', lastUpdatedAt: T0 }, []);
      backend.createInstance(record('a', { executionId: 'a-e2', name: 'other' }), started('a', 'a-e2'));
      const replaced = backend.getInstance('a');
      assert.equal(replaced?.name, 'other');
      assert.equal(replaced?.status, 'PENDING');
      assert.deepEqual(backend.getHistory('a'), [], 'the old history is dropped');
    });

    it('commits a turn: history appended in order, inbox consumed, activities and timers added', () => {
      backend.createInstance(record('a'), started('a'));
      assert.ok(backend.appendInbox('a', { event: raised('early') }));
      const inbox = backend.getDeliverableInbox('a', T0);
      const fired: HistoryEvent = { eventId: -1, timestamp: T0 + 5000, kind: 'TimerFired', timerId: 2, fireAt: T0 + 5000 };
      const result = backend.commitTurn(
        turnCommit('a', {
          consumedInboxSeqs: inbox.map((entry) => entry.seq),
          historyAppend: [
            ...inbox.map((entry) => entry.event),
            { eventId: 1, timestamp: T0, kind: 'TaskScheduled', name: 'step' },
            { eventId: 2, timestamp: T0, kind: 'TimerCreated', fireAt: T0 + 5000 },
          ],
          update: { status: 'RUNNING', executionId: 'a-e1', lastUpdatedAt: T0 + 1, customStatus: '"c"' },
          activities: [{ instanceId: 'a', executionId: 'a-e1', taskId: 1, name: 'step', input: '1' }],
          selfInbox: [{ event: fired, visibleAt: T0 + 5000 }],
        }),
      );
      assert.deepEqual(result, { notifiedInstanceIds: [] });
      assert.deepEqual(
        backend.getHistory('a').map((event) => event.kind),
        ['ExecutionStarted', 'EventRaised', 'TaskScheduled', 'TimerCreated'],
      );
      assert.equal(backend.getInstance('a')?.customStatus, '"c"');
      assert.equal(backend.getInstance('a')?.status, 'RUNNING');
      assert.deepEqual(backend.getDeliverableInbox('a', T0 + 4999), [], 'the timer is not deliverable early');
      assert.deepEqual(backend.getDeliverableInbox('a', T0 + 5000).map((entry) => entry.event), [fired]);
      assert.ok(backend.hasActivityTask('a', 'a-e1', 1));
    });

    it('refuses a turn for another execution or a terminal instance, changing nothing', () => {
      backend.createInstance(record('a'), started('a'));
      assert.equal(backend.commitTurn(turnCommit('a', { executionId: 'stale' })), undefined);
      backend.finishInstance('a', [], { status: 'TERMINATED', executionId: 'a-e1', lastUpdatedAt: T0 }, []);
      assert.equal(backend.commitTurn(turnCommit('a')), undefined);
      assert.equal(backend.getInstance('a')?.status, 'TERMINATED');
    });

    it('answers an activity once: the task goes, the result lands in the inbox', () => {
      backend.createInstance(record('a'), started('a'));
      backend.commitTurn(turnCommit('a', { activities: [{ instanceId: 'a', executionId: 'a-e1', taskId: 1, name: 'step' }] }));
      const done: HistoryEvent = { eventId: -1, timestamp: T0, kind: 'TaskCompleted', taskScheduledId: 1, result: '2' };
      assert.equal(backend.completeActivity('a', 'other-run', 1, done), false, 'a result for another run is dropped');
      assert.equal(backend.completeActivity('a', 'a-e1', 1, done), true);
      assert.equal(backend.completeActivity('a', 'a-e1', 1, done), false, 'a second answer is dropped');
      assert.equal(backend.hasActivityTask('a', 'a-e1', 1), false);
      assert.deepEqual(backend.getDeliverableInbox('a', T0).at(-1)?.event, done);
    });

    it('starts children and delivers messages only to live instances', () => {
      backend.createInstance(record('parent'), started('parent'));
      backend.createInstance(record('done'), started('done'));
      backend.finishInstance('done', [], { status: 'COMPLETED', executionId: 'done-e1', lastUpdatedAt: T0 }, []);
      const child = record('parent:0001', { parent: { instanceId: 'parent', name: 'flow', taskScheduledId: 1 }, parentInstanceId: 'parent' });
      const result = backend.commitTurn(
        turnCommit('parent', {
          childStarts: [{ record: child, startEvent: started('parent:0001') }],
          messages: [
            { instanceId: 'done', event: raised('late') },
            { instanceId: 'nobody', event: raised('lost') },
            { instanceId: 'parent:0001', event: raised('hello') },
          ],
        }),
      );
      assert.deepEqual(result?.notifiedInstanceIds, ['parent:0001', 'parent:0001']);
      assert.deepEqual(backend.getInstance('parent:0001')?.parent, { instanceId: 'parent', name: 'flow', taskScheduledId: 1 });
      assert.deepEqual(backend.getActiveChildIds('parent'), ['parent:0001']);
      assert.deepEqual(backend.getDeliverableInbox('done', T0), []);
    });

    it('continue-as-new keeps only events a new run understands, after its first events', () => {
      backend.createInstance(record('a'), started('a'));
      const first = backend.getDeliverableInbox('a', T0);
      backend.commitTurn(turnCommit('a', { consumedInboxSeqs: first.map((e) => e.seq), historyAppend: first.map((e) => e.event) }));
      backend.commitTurn(turnCommit('a', { activities: [{ instanceId: 'a', executionId: 'a-e1', taskId: 1, name: 'step' }] }));
      // Arrived while the continue-as-new turn ran:
      backend.appendInbox('a', { event: raised('kept', '1') });
      backend.appendInbox('a', { event: { eventId: -1, timestamp: T0, kind: 'TaskCompleted', taskScheduledId: 9 } });
      backend.appendInbox('a', { event: { eventId: -1, timestamp: T0, kind: 'TimerFired', timerId: 3, fireAt: T0 + 9 }, visibleAt: T0 + 9 });
      const newStart: HistoryEvent = { eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'flow', executionId: 'a-e2', input: '2' };
      backend.commitTurn(
        turnCommit('a', {
          resetHistory: true,
          update: { status: 'RUNNING', executionId: 'a-e2', lastUpdatedAt: T0 + 2, input: '2' },
          selfInbox: [{ event: newStart }, { event: raised('carried') }],
          carryUndeliveredEvents: true,
        }),
      );
      assert.deepEqual(backend.getHistory('a'), []);
      assert.equal(backend.getInstance('a')?.executionId, 'a-e2');
      assert.deepEqual(
        backend.getDeliverableInbox('a', T0 + 100).map((entry) => entry.event.kind === 'EventRaised' ? entry.event.name : entry.event.kind),
        ['ExecutionStarted', 'carried', 'kept'],
      );
      assert.equal(backend.hasActivityTask('a', 'a-e1', 1), false, 'the old run\'s activities are dropped');
    });

    it('appendInbox ignores unknown and terminal instances, and can rewrite the status with it', () => {
      assert.equal(backend.appendInbox('nobody', { event: raised('x') }), false);
      backend.createInstance(record('a'), started('a'));
      const suspended: HistoryEvent = { eventId: -1, timestamp: T0, kind: 'ExecutionSuspended' };
      assert.equal(backend.appendInbox('a', { event: suspended }, { status: 'SUSPENDED', executionId: 'a-e1', lastUpdatedAt: T0 + 5 }), true);
      assert.equal(backend.getInstance('a')?.status, 'SUSPENDED');
      assert.equal(backend.getInstance('a')?.lastUpdatedAt, T0 + 5);
      backend.finishInstance('a', [], { status: 'TERMINATED', executionId: 'a-e1', lastUpdatedAt: T0 }, []);
      assert.equal(backend.appendInbox('a', { event: raised('late') }), false);
    });

    it('finishInstance drops pending work, notifies the parent, and is refused twice', () => {
      backend.createInstance(record('p'), started('p'));
      backend.createInstance(record('c', { parent: { instanceId: 'p', name: 'flow', taskScheduledId: 2 } }), started('c'));
      backend.commitTurn(turnCommit('c', { activities: [{ instanceId: 'c', executionId: 'c-e1', taskId: 1, name: 'step' }] }));
      const notice = { instanceId: 'p', event: { eventId: -1, timestamp: T0, kind: 'SubOrchestrationInstanceFailed', taskScheduledId: 2, failure: { errorType: 'X', errorMessage: 'y' } } as HistoryEvent };
      const terminated: HistoryEvent = { eventId: -1, timestamp: T0, kind: 'ExecutionTerminated', recurse: true };
      const result = backend.finishInstance('c', [terminated], { status: 'TERMINATED', executionId: 'c-e1', lastUpdatedAt: T0, output: '"bye"' }, [notice]);
      assert.deepEqual(result, { notifiedInstanceIds: ['p'] });
      assert.equal(backend.getInstance('c')?.output, '"bye"');
      assert.deepEqual(backend.getDeliverableInbox('c', T0), []);
      assert.equal(backend.hasActivityTask('c', 'c-e1', 1), false);
      assert.deepEqual(backend.getHistory('c').at(-1), terminated);
      assert.equal(backend.finishInstance('c', [], { status: 'TERMINATED', executionId: 'c-e1', lastUpdatedAt: T0 }, []), undefined);
    });

    it('queries newest first with filters and opaque continuation tokens', () => {
      const statuses: RuntimeStatus[] = ['RUNNING', 'COMPLETED', 'FAILED'];
      for (let i = 0; i < 7; i++) {
        backend.createInstance(record(`i${i}`, { createdAt: T0 + i }), started(`i${i}`));
        backend.commitTurn(turnCommit(`i${i}`, { update: { status: statuses[i % 3]!, executionId: `i${i}-e1`, lastUpdatedAt: T0 } }));
      }
      const first = backend.queryInstances({ maxInstanceCount: 3 });
      assert.deepEqual(first.items.map((r) => r.instanceId), ['i6', 'i5', 'i4']);
      assert.ok(first.continuationToken);
      const second = backend.queryInstances({ maxInstanceCount: 3, continuationToken: first.continuationToken });
      assert.deepEqual(second.items.map((r) => r.instanceId), ['i3', 'i2', 'i1']);
      const third = backend.queryInstances({ maxInstanceCount: 3, continuationToken: second.continuationToken });
      assert.deepEqual(third.items.map((r) => r.instanceId), ['i0']);
      assert.equal(third.continuationToken, undefined);
      assert.deepEqual(
        backend.queryInstances({ statuses: ['COMPLETED'], createdFrom: T0 + 2 }).items.map((r) => r.instanceId),
        ['i4'],
      );
      assert.deepEqual(backend.queryInstances({ instanceIdPrefix: 'i1' }).items.map((r) => r.instanceId), ['i1']);
      assert.throws(() => backend.queryInstances({ continuationToken: 'garbage' }), InvalidArgumentError);

      const ids = backend.listInstanceIds(4);
      assert.deepEqual(ids.items, ['i6', 'i5', 'i4', 'i3']);
      assert.deepEqual(backend.listInstanceIds(4, ids.continuationToken).items, ['i2', 'i1', 'i0']);
    });

    it('purges an instance with its terminal descendants, and by filter only terminal ones', () => {
      backend.createInstance(record('root'), started('root'));
      backend.createInstance(record('kid', { parent: { instanceId: 'root', name: 'flow', taskScheduledId: 1 } }), started('kid'));
      backend.createInstance(record('grandkid', { parent: { instanceId: 'kid', name: 'flow', taskScheduledId: 1 } }), started('grandkid'));
      for (const id of ['root', 'kid', 'grandkid']) {
        backend.finishInstance(id, [], { status: 'COMPLETED', executionId: `${id}-e1`, lastUpdatedAt: T0 }, []);
      }
      assert.equal(backend.purgeInstance('root', true), 3);
      assert.equal(backend.getInstance('grandkid'), undefined);
      assert.equal(backend.purgeInstance('root', true), 0);

      backend.createInstance(record('old', { createdAt: T0 - 100 }), started('old'));
      backend.createInstance(record('new', { createdAt: T0 + 100 }), started('new'));
      backend.createInstance(record('live', { createdAt: T0 - 100 }), started('live'));
      backend.finishInstance('old', [], { status: 'FAILED', executionId: 'old-e1', lastUpdatedAt: T0 }, []);
      backend.finishInstance('new', [], { status: 'FAILED', executionId: 'new-e1', lastUpdatedAt: T0 }, []);
      assert.equal(backend.purgeInstances({ createdTo: T0 }), 1);
      assert.equal(backend.getInstance('old'), undefined);
      assert.ok(backend.getInstance('new'));
      assert.ok(backend.getInstance('live'), 'a running instance is never purged by filter');
      assert.equal(backend.purgeInstances({ statuses: ['COMPLETED'] }), 0);
    });

    it('lists pending work: ready instances in arrival order, future timers, unanswered activities', () => {
      backend.createInstance(record('b'), started('b'));
      backend.createInstance(record('a'), started('a'));
      backend.createInstance(record('later'), { ...started('later'), visibleAt: T0 + 1000 });
      backend.commitTurn(turnCommit('b', {
        consumedInboxSeqs: backend.getDeliverableInbox('b', T0).map((e) => e.seq),
        activities: [{ instanceId: 'b', executionId: 'b-e1', taskId: 1, name: 'step', input: '"i"' }],
      }));
      const pending = backend.loadPendingWork(T0);
      assert.deepEqual(pending.readyInstanceIds, ['a']);
      assert.deepEqual(pending.timers, [{ instanceId: 'later', visibleAt: T0 + 1000 }]);
      assert.deepEqual(pending.activities, [{ instanceId: 'b', executionId: 'b-e1', taskId: 1, name: 'step', input: '"i"' }]);
    });

    it("lists an unanswered activity with the version and execution ID its TaskScheduled event records", () => {
      backend.createInstance(record('b'), started('b'));
      backend.commitTurn(turnCommit('b', {
        consumedInboxSeqs: backend.getDeliverableInbox('b', T0).map((e) => e.seq),
        historyAppend: [{ eventId: 1, timestamp: T0, kind: 'TaskScheduled', name: 'step', version: '2', taskExecutionId: 'x-1' }],
        activities: [{ instanceId: 'b', executionId: 'b-e1', taskId: 1, name: 'step', version: '2', taskExecutionId: 'x-1' }],
      }));
      if (mode === 'file') {
        backend.close();
        backend = open();
      }
      assert.deepEqual(backend.loadPendingWork(T0).activities, [
        { instanceId: 'b', executionId: 'b-e1', taskId: 1, name: 'step', version: '2', taskExecutionId: 'x-1' },
      ]);
    });

    it('makes a write group visible at once and durable at commitGroup; a failing write inside it is undone alone', () => {
      backend.beginGroup();
      backend.createInstance(record('a'), started('a'));
      assert.throws(() => backend.createInstance(record('a'), started('a')), InstanceExistsError);
      backend.appendInbox('a', { event: raised('x') });
      assert.equal(backend.getDeliverableInbox('a', T0).length, 2, 'reads see the open group');
      backend.commitGroup();
      backend.commitGroup(); // no group: no-op
      if (mode === 'file') {
        backend.close();
        backend = open();
      }
      assert.equal(backend.getDeliverableInbox('a', T0).length, 2);
    });

    if (mode === 'file') {
      it('keeps everything across a reopen of the file, a timer time to the nanosecond included', () => {
        // 9999-12-31T23:59:59.999999999Z with its origin, as a worker's wait-forever timer sends it.
        const timer: HistoryEvent = {
          eventId: 2,
          timestamp: T0,
          kind: 'TimerCreated',
          fireAt: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
          fireAtSubMsNanos: 999_999,
          origin: { kind: 'externalEvent', name: 'go' },
        };
        backend.createInstance(record('a', { input: '"in"' }), started('a'));
        backend.commitTurn(turnCommit('a', { historyAppend: [raised('h'), timer], update: { status: 'RUNNING', executionId: 'a-e1', lastUpdatedAt: T0, input: '"in"' } }));
        backend.close();
        backend = open();
        assert.equal(backend.getInstance('a')?.input, '"in"');
        assert.deepEqual(backend.getHistory('a'), [raised('h'), timer]);
      });
    }
  });
}
