/**
 * The tracker on the embedded sidecar's change feed (real client, real engine; the client is
 * only wrapped to count calls): one listing, then one read per refresh whatever the store's
 * size, starts, terminations and purges seen within a refresh; against a sidecar without the
 * feed (as daprd answers: UNIMPLEMENTED) it asks once and polls, telling how long a sweep takes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectSidecar } from '../../src/client/grpc-client.js';
import { UnsupportedBySidecarError } from '../../src/client/errors.js';
import type { SidecarClient } from '../../src/client/types.js';
import { createTracker } from '../../src/tracker/index.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';

const COUNT = 1200;
let sidecar: SidecarHarness;

function countingClient(hasFeed: boolean) {
  const real = connectSidecar({ address: sidecar.address, useTls: false, origin: 'test' });
  const counts = { get: 0, list: 0, query: 0, changes: 0 };
  const client: SidecarClient = Object.create(real, {
    get: { value: (id: string, payloads: boolean) => (counts.get++, real.get(id, payloads)) },
    listInstanceIds: { value: () => (counts.list++, real.listInstanceIds()) },
    queryInstances: { value: () => (counts.query++, real.queryInstances()) },
    queryInstancesPage: { value: (...args: Parameters<typeof real.queryInstancesPage>) => (counts.query++, real.queryInstancesPage(...args)) },
    readChanges: {
      value: async (...args: Parameters<typeof real.readChanges>) => {
        counts.changes++;
        if (!hasFeed) throw new UnsupportedBySidecarError('The sidecar does not implement ReadInstanceChanges.');
        return real.readChanges(...args);
      },
    },
  });
  return { client, counts, close: () => real.close() };
}

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({
    workflows: {
      async *waitsForGo(ctx) {
        return yield ctx.waitForExternalEvent('go');
      },
    },
  });
  for (let i = 0; i < COUNT; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, j) => sidecar.client.scheduleNewWorkflow('NobodyHostsThis', i + j, `feed-${i + j}`)));
  }
});

after(() => sidecar.close());

describe('tracker on the change feed', () => {
  it('lists once, then reads only what changed, and sees starts, terminations and purges', async () => {
    const { client, counts, close } = countingClient(true);
    const tracker = createTracker({ client, refreshMs: 60_000 });
    try {
      tracker.start();
      await waitUntil(() => tracker.snapshot().instances.length === COUNT, { what: 'the first listing' });
      assert.equal(tracker.snapshot().refreshMode, 'change-feed');
      assert.equal(tracker.snapshot().listsAllInstances, true);
      const afterListing = { ...counts };
      for (let i = 0; i < 5; i += 1) await tracker.refreshNow();
      assert.equal(counts.changes - afterListing.changes, 5, 'one feed read per refresh');
      assert.equal(counts.get + counts.list + counts.query, afterListing.get + afterListing.list + afterListing.query, 'no gets, lists or queries while nothing changes');

      const id = await sidecar.client.scheduleNewWorkflow('waitsForGo', undefined, 'feed-live');
      await waitUntil(async () => (await tracker.refreshNow(), tracker.snapshot().instances.find((row) => row.instanceId === id)?.status === 'RUNNING'), { what: 'the new instance running' });
      await sidecar.client.terminateWorkflow(id, 'stop');
      await waitUntil(async () => (await tracker.refreshNow(), tracker.snapshot().instances.find((row) => row.instanceId === id)?.status === 'TERMINATED'), { what: 'the termination' });
      await sidecar.client.purgeWorkflow(id);
      await tracker.refreshNow();
      assert.equal(tracker.snapshot().instances.some((row) => row.instanceId === id), false, 'the purged instance is gone');
      assert.equal(tracker.snapshot().instances.length, COUNT);
    } finally {
      tracker.stop();
      await close();
    }
  });

  it('asks a sidecar without the feed once, then polls and says how long a sweep takes', async () => {
    const { client, counts, close } = countingClient(false);
    const tracker = createTracker({ client, refreshMs: 1000, unfinishedPerRefresh: 100 });
    try {
      tracker.start();
      await waitUntil(() => tracker.snapshot().instances.length === COUNT, { timeoutMs: 20_000, what: 'the polled listing' });
      await tracker.refreshNow();
      assert.equal(counts.changes, 1, 'the feed is asked for once');
      const snapshot = tracker.snapshot();
      assert.equal(snapshot.refreshMode, 'polling');
      assert.equal(snapshot.sweepMs, Math.ceil(COUNT / 100) * 1000, 'twelve refreshes re-read every unfinished row');
    } finally {
      tracker.stop();
      await close();
    }
  });
});
