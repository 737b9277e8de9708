/**
 * Worker loss: the process hosting the workflow runtime (a separate process from the
 * sidecar) is killed with SIGKILL in the middle of an activity. The sidecar keeps the work
 * item, hands it to the next worker that connects, and the instance completes with the right
 * output. The activity's own journal shows it ran twice (at-least-once), the steps that had
 * already completed ran once, and the history records each activity's result exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { connectSidecar, type SidecarConnection } from '../../src/client/grpc-client.js';
import { expectedJournaledOutput, JOURNALED_STEPS_WORKFLOW, type JournalEntry } from '../fixtures/crash/journal-workflows.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { killHard, startChild, type RunningChild } from '../soak/child-processes.js';

const WORKER_HOST = fileURLToPath(new URL('../fixtures/crash/worker-host.ts', import.meta.url));

let sidecar: SidecarHarness;
let client: SidecarConnection;
let dir: string;
const workers: RunningChild[] = [];

function readJournal(file: string): JournalEntry[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as JournalEntry);
}

async function startWorker(journal: string, holdStep?: number): Promise<RunningChild> {
  const env: NodeJS.ProcessEnv = { ...process.env, CRASH_JOURNAL: journal };
  if (holdStep !== undefined) env.CRASH_HOLD_STEP = String(holdStep);
  else delete env.CRASH_HOLD_STEP;
  const worker = await startChild({ args: ['--import', 'tsx', WORKER_HOST, sidecar.address], readyLine: /^READY (\d+)$/, env, timeoutMs: 30_000 });
  workers.push(worker);
  return worker;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dapr-workflow-tui-worker-loss-'));
  sidecar = await startSidecar();
  client = connectSidecar({ address: sidecar.address, useTls: false, origin: 'test' });
});

after(async () => {
  await Promise.allSettled(workers.map((worker) => killHard(worker)));
  await client?.close();
  await sidecar?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('re-delivers an activity whose worker process was killed mid-run, and the instance completes', async () => {
  const journal = join(dir, 'journal.jsonl');
  const instanceId = 'worker-loss-1';
  const first = await startWorker(journal, 2);
  await client.start(JOURNALED_STEPS_WORKFLOW, { instanceId, input: JSON.stringify({ steps: 3, work_ms: 10 }) });

  // The second step's activity signals through the journal that it is running; kill its process then.
  const started = await waitUntil(
    () => readJournal(journal).find((entry) => entry.step === 2 && entry.phase === 'start' && entry.pid === first.pid),
    { timeoutMs: 30_000, what: 'the second activity to start in the first worker' },
  );
  await killHard(first);

  const during = await client.get(instanceId, true);
  assert.equal(during?.status, 'RUNNING', 'the instance waits for its activity while no worker is connected');
  assert.match(during?.customStatus ?? '', /Step 2 of 3/);

  const second = await startWorker(journal);
  const done = await client.waitForCompletion(instanceId, 30_000);
  assert.equal(done.status, 'COMPLETED');
  assert.deepEqual(JSON.parse(done.output!), expectedJournaledOutput(3));

  const entries = readJournal(journal);
  const startsOf = (step: number) => entries.filter((entry) => entry.step === step && entry.phase === 'start');
  assert.deepEqual(startsOf(1).map((entry) => entry.pid), [first.pid], 'a completed step is not run again');
  assert.deepEqual(startsOf(2).map((entry) => entry.pid), [first.pid, second.pid], 'the interrupted step ran again in the new worker');
  assert.ok(startsOf(2).every((entry) => entry.taskId === started.taskId), 'it is the same task, delivered again');
  assert.deepEqual(
    entries.filter((entry) => entry.step === 2 && entry.phase === 'end').map((entry) => entry.pid),
    [second.pid],
    'the killed attempt never finished',
  );
  assert.deepEqual(startsOf(3).map((entry) => entry.pid), [second.pid]);

  const history = await client.history(instanceId);
  const scheduled = history.filter((event) => event.kind === 'TaskScheduled').map((event) => event.eventId);
  const completed = history.flatMap((event) => (event.kind === 'TaskCompleted' ? [event.taskScheduledId] : []));
  assert.equal(scheduled.length, 3);
  assert.deepEqual([...completed].sort(), [...scheduled].sort(), 'each activity result is recorded exactly once');
});
