/**
 * The tracker against a fake sidecar client with controllable answers: which instances it
 * shows, that refreshes never overlap, that calls are bounded, that finished instances are
 * left alone, that payloads come for the selected instance (and, when polling, for changed
 * rows on screen) only, and that an unreachable
 * sidecar leads to backoff and a recovery without help.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SidecarUnreachableError } from '../../src/client/errors.js';
import { createTracker, type InstanceTracker } from '../../src/tracker/index.js';
import type { PollingInstanceTracker } from '../../src/tracker/instance-tracker.js';
import { deferred, FakeSidecarClient, waitUntil } from './fake-sidecar-client.js';

const scratch = mkdtempSync(join(tmpdir(), 'tracker-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function ids(tracker: InstanceTracker): string[] {
  return tracker.snapshot().instances.map((instance) => instance.instanceId);
}

function setup(options: { canList?: boolean; storeFile?: string; concurrency?: number } = {}) {
  let clock = 1_000_000;
  const now = () => clock;
  const client = new FakeSidecarClient(now);
  client.canList = options.canList ?? true;
  const tracker = createTracker({
    client,
    refreshMs: 1000,
    now,
    storeFile: options.storeFile,
    concurrency: options.concurrency,
  });
  return {
    client,
    tracker,
    advance(ms: number) {
      clock += ms;
    },
  };
}

test('shows every listed instance, newest first, and says the sidecar lists all', async () => {
  const { client, tracker, advance } = setup();
  client.add({ instanceId: 'old' });
  advance(10);
  client.add({ instanceId: 'new' });
  await tracker.refreshNow();
  assert.deepEqual(ids(tracker), ['new', 'old']);
  assert.equal(tracker.snapshot().listsAllInstances, true);
  assert.equal(tracker.snapshot().connection.status, 'connected');
});

test('without ListInstanceIDs it asks once, then shows only started and watched instances', async () => {
  const { client, tracker } = setup({ canList: false });
  client.add({ instanceId: 'foreign' });
  client.add({ instanceId: 'watched-one' });
  const id = await client.start('order', { instanceId: 'mine' });
  tracker.track(id);
  assert.ok(await tracker.watch('watched-one'));
  await tracker.refreshNow();
  await tracker.refreshNow();
  assert.deepEqual(ids(tracker).sort(), ['mine', 'watched-one']);
  assert.equal(tracker.snapshot().listsAllInstances, false);
  assert.equal(client.count('listInstanceIds'), 1);
});

test('watching an unknown ID adds nothing and says so', async () => {
  const { tracker } = setup({ canList: false });
  assert.equal(await tracker.watch('nope'), undefined);
  await tracker.refreshNow();
  assert.deepEqual(ids(tracker), []);
});

test('refreshes never overlap: requests during a refresh are merged into one that follows', async () => {
  const { client, tracker } = setup();
  client.add({ instanceId: 'a' });
  const gate = deferred();
  client.hold = gate.promise;
  const first = tracker.refreshNow();
  const second = tracker.refreshNow();
  const third = tracker.refreshNow(['a']);
  await waitUntil(() => client.listsInFlight === 1, 1000, 'the first list call');
  client.hold = undefined;
  gate.resolve();
  await Promise.all([first, second, third]);
  assert.equal(client.maxListsInFlight, 1);
  assert.equal(client.count('listInstanceIds'), 2, 'one refresh in flight plus one merged follow-up');
});

test('get-state calls are bounded', async () => {
  const { client, tracker } = setup({ concurrency: 4 });
  for (let index = 0; index < 60; index += 1) client.add({ instanceId: `i-${index}` });
  const gate = deferred();
  client.hold = gate.promise;
  const refresh = tracker.refreshNow();
  setTimeout(() => {
    client.hold = undefined;
    gate.resolve();
  }, 20);
  await refresh;
  assert.equal(tracker.snapshot().instances.length, 60);
  assert.ok(client.maxGetsInFlight <= 4, `at most 4 gets at once, saw ${client.maxGetsInFlight}`);
  assert.ok(client.maxGetsInFlight >= 2, 'calls do run concurrently');
});

test('finished instances are not re-polled every refresh, but re-checked rarely', async () => {
  const { client, tracker, advance } = setup();
  client.add({ instanceId: 'done', status: 'COMPLETED' });
  client.add({ instanceId: 'busy', status: 'RUNNING' });
  await tracker.refreshNow();
  for (let tick = 0; tick < 5; tick += 1) {
    advance(1000);
    await tracker.refreshNow();
  }
  assert.equal(client.count('get', 'done'), 1);
  assert.equal(client.count('get', 'busy'), 6);
  advance(60_000);
  await tracker.refreshNow();
  assert.equal(client.count('get', 'done'), 2, 're-checked once the re-check interval passed');
});

test('an instance that finishes is shown finished, then left alone', async () => {
  const { client, tracker, advance } = setup();
  client.add({ instanceId: 'x' });
  await tracker.refreshNow();
  client.setStatus('x', 'COMPLETED');
  advance(1000);
  await tracker.refreshNow();
  assert.equal(tracker.snapshot().instances[0]?.status, 'COMPLETED');
  const gets = client.count('get', 'x');
  advance(1000);
  await tracker.refreshNow();
  assert.equal(client.count('get', 'x'), gets);
});

test('nothing changes → the snapshot stays the same object and nobody is notified', async () => {
  const { client, tracker, advance } = setup();
  client.add({ instanceId: 'done', status: 'COMPLETED' });
  await tracker.refreshNow();
  const before = tracker.snapshot();
  let notified = 0;
  tracker.subscribe(() => {
    notified += 1;
  });
  advance(1000);
  await tracker.refreshNow();
  assert.equal(notified, 0);
  assert.equal(tracker.snapshot(), before);
});

test('payloads are fetched for the selected instance only when nothing is on screen', async () => {
  const { client, tracker } = setup();
  client.add({ instanceId: 'a', input: '{"n":1}', customStatus: '"waiting"' });
  client.add({ instanceId: 'b', input: '{"n":2}' });
  await tracker.refreshNow();
  tracker.select('a');
  await waitUntil(() => tracker.snapshot().selected?.instanceId === 'a', 2000, 'payloads of a');
  await tracker.refreshNow();
  const withPayloads = client.calls.filter((call) => call.method === 'get' && call.args[1] === true);
  assert.ok(withPayloads.length >= 1);
  assert.ok(withPayloads.every((call) => call.args[0] === 'a'));
  assert.equal(tracker.snapshot().selected?.input, '{"n":1}');
  assert.equal(tracker.snapshot().instances.find((row) => row.instanceId === 'a')?.preview, '"waiting"');
  assert.equal(tracker.snapshot().instances.find((row) => row.instanceId === 'a')?.input, undefined, 'rows carry no payloads');
});

test('polling: rows on screen are read with payloads once per change of state, rows off screen never', async () => {
  const { client, tracker, advance } = setup();
  client.add({ instanceId: 'shown', customStatus: '"step 1"', input: '{"big":"x"}' });
  client.add({ instanceId: 'done', status: 'COMPLETED', output: '"result"' });
  client.add({ instanceId: 'hidden', customStatus: '"off screen"' });
  tracker.prioritize(['shown', 'done']);
  await tracker.refreshNow();
  const row = (id: string) => tracker.snapshot().instances.find((instance) => instance.instanceId === id);
  assert.equal(tracker.snapshot().refreshMode, 'polling');
  assert.equal(row('shown')?.preview, '"step 1"');
  assert.equal(row('done')?.preview, '"result"');
  assert.equal(row('hidden')?.preview, undefined, 'off screen: no payloads read');
  assert.equal(row('shown')?.input, undefined, 'rows carry no payloads');
  const payloadReads = (id: string) => client.calls.filter((call) => call.method === 'get' && call.args[0] === id && call.args[1] === true).length;
  assert.equal(payloadReads('hidden'), 0);

  for (let tick = 0; tick < 3; tick += 1) {
    advance(1000);
    await tracker.refreshNow();
  }
  assert.equal(payloadReads('shown'), 1, 'unchanged: read with payloads once');
  assert.equal(payloadReads('done'), 1);

  advance(1000);
  client.setStatus('shown', 'RUNNING', { customStatus: '"step 2"' });
  await tracker.refreshNow();
  assert.equal(row('shown')?.preview, '"step 2"');
  assert.equal(payloadReads('shown'), 2, 'changed: read with payloads again');
  assert.equal(payloadReads('hidden'), 0);
});

test('purged instances drop out, also from the started set', async () => {
  const file = join(scratch, 'purge.json');
  const { client, tracker, advance } = setup({ storeFile: file });
  await client.start('order', { instanceId: 'p1' });
  tracker.track('p1');
  client.setStatus('p1', 'COMPLETED');
  await tracker.refreshNow(['p1']);
  assert.deepEqual(ids(tracker), ['p1']);
  await client.purge('p1');
  advance(1000);
  await tracker.refreshNow();
  assert.deepEqual(ids(tracker), []);
  await (tracker as PollingInstanceTracker).settled();
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).started, []);
});

test('purged instances drop out even when the sidecar cannot list (after the re-check)', async () => {
  const { client, tracker, advance } = setup({ canList: false });
  await client.start('order', { instanceId: 'p2' });
  tracker.track('p2');
  client.setStatus('p2', 'TERMINATED');
  await tracker.refreshNow(['p2']);
  await client.purge('p2');
  await tracker.refreshNow(['p2']);
  assert.deepEqual(ids(tracker), []);
  advance(1);
});

test('started and watched IDs survive a restart through the store file', async () => {
  const file = join(scratch, 'nested', 'tracked.json');
  const first = setup({ canList: false, storeFile: file });
  await first.client.start('order', { instanceId: 's1' });
  first.client.add({ instanceId: 'w1' });
  first.tracker.track('s1');
  await first.tracker.watch('w1');
  first.tracker.stop();

  const second = setup({ canList: false, storeFile: file });
  for (const [id, instance] of first.client.instances) second.client.instances.set(id, instance);
  await second.tracker.refreshNow();
  assert.deepEqual(ids(second.tracker).sort(), ['s1', 'w1']);
});

test('an unreadable store file counts as empty', async () => {
  const file = join(scratch, 'broken.json');
  (await import('node:fs')).writeFileSync(file, '{not json');
  const { tracker } = setup({ canList: false, storeFile: file });
  await tracker.refreshNow();
  assert.deepEqual(ids(tracker), []);
});

test('unreachable sidecar: disconnected, growing backoff, and recovery by itself', async () => {
  const client = new FakeSidecarClient();
  client.add({ instanceId: 'a' });
  const tracker = createTracker({ client, refreshMs: 10, maxBackoffMs: 80 });
  tracker.start();
  await waitUntil(() => tracker.snapshot().connection.status === 'connected', 2000, 'first connection');
  assert.deepEqual(ids(tracker), ['a']);

  client.isUnreachable = true;
  await waitUntil(() => tracker.snapshot().connection.failures >= 4, 3000, 'several failed attempts');
  const connection = tracker.snapshot().connection;
  assert.equal(connection.status, 'disconnected');
  assert.ok(connection.error instanceof SidecarUnreachableError);
  assert.deepEqual(ids(tracker), ['a'], 'the last known rows stay visible');

  // Attempts thin out: the gaps between list calls grow instead of staying at refreshMs.
  const times: number[] = [];
  const original = client.listInstanceIds.bind(client);
  client.listInstanceIds = async () => {
    times.push(Date.now());
    return original();
  };
  await waitUntil(() => times.length >= 3, 3000, 'three more attempts');
  const gaps = times.slice(1).map((time, index) => time - times[index]!);
  assert.ok(gaps.every((gap) => gap >= 60), `backed-off gaps, got ${gaps.join(', ')} ms`);

  client.isUnreachable = false;
  await waitUntil(() => tracker.snapshot().connection.status === 'connected', 3000, 'recovery');
  assert.equal(tracker.snapshot().connection.failures, 0);
  tracker.stop();
});

test('after stop, no more calls are made', async () => {
  const client = new FakeSidecarClient();
  const tracker = createTracker({ client, refreshMs: 5 });
  tracker.start();
  await waitUntil(() => client.count('listInstanceIds') >= 2, 2000, 'polling');
  tracker.stop();
  const calls = client.calls.length;
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(client.calls.length, calls);
});

test('a long first load is published while it runs', async () => {
  const { client, tracker } = setup({ concurrency: 1 });
  for (let index = 0; index < 40; index += 1) client.add({ instanceId: `slow-${index}` });
  const original = client.get.bind(client);
  client.get = async (id, includePayloads) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return original(id, includePayloads);
  };
  const seen: number[] = [];
  tracker.subscribe(() => seen.push(tracker.snapshot().instances.length));
  await tracker.refreshNow();
  assert.equal(tracker.snapshot().instances.length, 40);
  assert.ok(seen.some((count) => count > 0 && count < 40), `partial counts were published: ${seen.join(', ')}`);
});

test('thousands of running instances: a bounded number of calls per refresh, the ones on screen every time', async () => {
  let clock = 1_000_000;
  const client = new FakeSidecarClient(() => clock);
  for (let index = 0; index < 100; index += 1) client.add({ instanceId: `run-${index}` });
  const tracker = createTracker({ client, refreshMs: 1000, now: () => clock, unfinishedPerRefresh: 10 });
  await tracker.refreshNow();
  assert.equal(tracker.snapshot().instances.length, 100, 'the first load fetches everything');
  tracker.prioritize(['run-5']);
  const before = client.count('get');
  for (let tick = 0; tick < 10; tick += 1) {
    clock += 1000;
    await tracker.refreshNow();
  }
  const withoutPayloads = (id?: string) =>
    client.calls.filter((call) => call.method === 'get' && call.args[1] === false && (id === undefined || call.args[0] === id)).length;
  assert.equal(withoutPayloads() - before, 10 * 11, 'ten per refresh plus the one on screen');
  assert.equal(withoutPayloads('run-5'), 11, 'the one on screen is polled every time');
  assert.equal(client.count('get') - before, 10 * 11 + 1, 'its payloads once: its state did not change');
  assert.ok(client.count('get', 'run-99') >= 2, 'the others take turns');
});
