/**
 * The tracker's bulk read: with many instances due, one QueryInstances (the embedded
 * sidecar serves it) replaces a get per instance; where the sidecar does not serve it
 * (daprd), the tracker falls back to one get each and stops asking. Real client, real engine;
 * the client is only wrapped to count its calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectSidecar } from '../../src/client/grpc-client.js';
import { UnsupportedBySidecarError } from '../../src/client/errors.js';
import type { SidecarClient } from '../../src/client/types.js';
import { createTracker } from '../../src/tracker/index.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';

const COUNT = 150;
let sidecar: SidecarHarness;

/**
 * The real client, counting get and queryInstances calls; `queryUnsupported` makes the bulk
 * read answer as daprd does. The change feed is left out, so the tracker polls.
 */
function countingClient(queryUnsupported: boolean) {
  const real = connectSidecar({ address: sidecar.address, useTls: false, origin: 'test' });
  const counts = { get: 0, query: 0 };
  const client: SidecarClient = Object.create(real, {
    readChanges: { value: undefined },
    get: { value: (id: string, payloads: boolean) => (counts.get++, real.get(id, payloads)) },
    queryInstances: {
      value: async () => {
        counts.query++;
        if (queryUnsupported) throw new UnsupportedBySidecarError('The sidecar does not implement QueryInstances.');
        return real.queryInstances();
      },
    },
  });
  return { client, counts, close: () => real.close() };
}

before(async () => {
  sidecar = await startSidecar();
  // No worker is connected: the instances stay PENDING, so every refresh has them all due.
  for (let i = 0; i < COUNT; i++) await sidecar.client.scheduleNewWorkflow('NobodyHostsThis', i, `bulk-${i}`);
});

after(async () => {
  await sidecar.close();
});

describe('tracker bulk refresh', () => {
  it('reads many due instances with QueryInstances instead of a get each', async () => {
    const { client, counts, close } = countingClient(false);
    const tracker = createTracker({ client, refreshMs: 60_000 });
    try {
      tracker.start();
      await waitUntil(() => tracker.snapshot().instances.length === COUNT, { timeoutMs: 10_000 });
      await tracker.refreshNow();
      assert.equal(counts.get, 0, 'no per-instance gets while the bulk read works');
      assert.ok(counts.query >= 2, `one bulk read per refresh, got ${counts.query}`);
      assert.ok(tracker.snapshot().instances.every((instance) => instance.status === 'PENDING' && instance.name === 'NobodyHostsThis'));
    } finally {
      tracker.stop();
      await close();
    }
  });

  it('falls back to one get each where QueryInstances is unsupported, and stops asking for it', async () => {
    const { client, counts, close } = countingClient(true);
    const tracker = createTracker({ client, refreshMs: 60_000 });
    try {
      tracker.start();
      await waitUntil(() => tracker.snapshot().instances.length === COUNT, { timeoutMs: 15_000 });
      await tracker.refreshNow();
      assert.equal(counts.query, 1, 'asked once, then never again');
      assert.ok(counts.get >= COUNT, `a get per instance, got ${counts.get}`);
    } finally {
      tracker.stop();
      await close();
    }
  });
});
