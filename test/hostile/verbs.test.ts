/**
 * The hostile-input corpus through the command-line verbs, each run as a real process
 * against an embedded sidecar this test starts (the real SDK's WorkflowRuntime hosts the
 * workflows). Hostile arguments get one sentence on stderr and exit 2 (or the sidecar's
 * refusal and exit 1); hostile text stored by workflows is printed safely by every output
 * format: no raw ESC, BEL, C1 or other control character reaches stdout or stderr, human
 * output keeps the readable part, and JSON/YAML keep the exact text as escapes.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getInstanceHistoryMethod, type GetInstanceHistoryResponse } from '../../src/protocol/index.js';
import { TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';
import { captureConsole, LogBuffer } from '../../src/runtime/index.js';
import { startSidecar, statusName, waitForFinish, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { assertSameJson, displayTextCases, expectationOn, identifierCases, label, payloadCases, rawControls } from './corpus.js';
import { rawGrpc, startRequest, type RawGrpc } from './grpc-calls.js';
import { assertKeeperIntact, hostileActivities, hostileWorkflows, seedKeeper, type KeeperSnapshot } from './hostile-workflows.js';
import { OutcomeLog } from './report.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The verbs alone (the full program also loads the console; its own test covers the real bin). */
const VERB_ENTRY = ['--import', 'tsx', 'test/cli/verbs/verb-entry.ts'];
const REAL_BIN = ['bin/dapr-workflow-tui.js'];
/** The largest single argument Linux passes to a process (MAX_ARG_STRLEN). */
const MAX_ARGUMENT_BYTES = 128 * 1024;
const FUTURE = Date.now() + 24 * 3600_000;
const SEPARATOR = ' | ';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const outcomes = new OutcomeLog('verbs');
const workflowLog = new LogBuffer();
let restoreConsole: (() => void) | undefined;
let sidecar: SidecarHarness;
let grpc: RawGrpc;
let keeper: KeeperSnapshot;

/** Runs the command line with `args` against the test's sidecar, unless `args` names one (no terminal, colours off). */
function cli(args: readonly string[], entry: readonly string[] = VERB_ENTRY): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entry, ...args, ...(args.includes('--sidecar') ? [] : ['--sidecar', sidecar.address])],
      { cwd: REPO, timeout: 30_000, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs every job, at most `limit` at a time (the machine has two cores). */
async function pooled<T>(jobs: readonly (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/** Asserts neither stream carries a raw control character. */
function assertClean(result: CliResult, what: string): void {
  assert.deepEqual(rawControls(result.stdout), [], `${what}: stdout clean`);
  assert.deepEqual(rawControls(result.stderr), [], `${what}: stderr clean, got ${label(result.stderr)}`);
}

/** Asserts a failure: the exit code and exactly one line on stderr, no stack trace, nothing raw. */
function assertOneSentence(result: CliResult, code: number, pattern: RegExp, what: string): void {
  assert.equal(result.code, code, `${what}: exit code; stderr ${label(result.stderr)}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${what}: one line on stderr, got ${label(result.stderr)}`);
  assert.match(lines[0]!, pattern, what);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assertClean(result, what);
}

function finished(instanceId: string): Promise<string> {
  return waitForFinish(sidecar.client, instanceId);
}

/** The names of the events in an instance's history, read with a raw call. */
async function grpcHistoryNames(instanceId: string): Promise<string[]> {
  const history: GetInstanceHistoryResponse = await grpc.call(getInstanceHistoryMethod, { instanceId });
  return history.events.map((event) => event.eventRaised?.name ?? undefined).filter((name): name is string => name !== undefined);
}

before(async () => {
  sidecar = await startSidecar();
  restoreConsole = captureConsole(workflowLog);
  grpc = rawGrpc(sidecar.address);
  await sidecar.startRuntime({ workflows: hostileWorkflows, activities: hostileActivities });
  keeper = await seedKeeper(sidecar);
});

after(async () => {
  grpc?.close();
  restoreConsole?.();
  await sidecar?.close();
  if (outcomes.size > 0) outcomes.write();
});

test('hostile text stored by workflows is printed safely by list, status, history and wait in every format', async () => {
  const texts = displayTextCases();
  const all = texts.map((c) => c.raw).join(SEPARATOR);
  await sidecar.client.scheduleNewWorkflow('HostileEcho', { text: all }, 'verbs-sink-ok');
  await sidecar.client.scheduleNewWorkflow('HostileEcho', { text: all, fail: true }, 'verbs-sink-fail');
  // Hostile workflow names, and payloads no client would send (stored raw through gRPC, never dispatched).
  for (const [index, c] of texts.entries()) {
    await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: c.raw, instanceId: `verbs-name-${index}`, scheduledAt: FUTURE }));
  }
  await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: 'Payloads', instanceId: 'verbs-payload-sink', input: all, scheduledAt: FUTURE }));
  // Hostile event names, kept in a history.
  await sidecar.client.scheduleNewWorkflow('HostileWaiter', undefined, 'verbs-events');
  for (const c of texts) await sidecar.client.raiseEvent('verbs-events', c.raw, c.raw);
  await sidecar.client.raiseEvent('verbs-events', 'payload', 'done');
  assert.equal(await finished('verbs-sink-ok'), 'COMPLETED');
  assert.equal(await finished('verbs-sink-fail'), 'FAILED');
  assert.equal(await finished('verbs-events'), 'COMPLETED');

  const runs: [string, string[]][] = [
    ['list wide', ['list', '-o', 'wide']],
    ['list json', ['list', '-o', 'json']],
    ['list yaml', ['list', '-o', 'yaml']],
    ['status ok', ['status', 'verbs-sink-ok']],
    ['status failed', ['status', 'verbs-sink-fail']],
    ['status payloads', ['status', 'verbs-payload-sink']],
    ['history wide', ['history', 'verbs-events', '-o', 'wide']],
    ['wait failed', ['wait', 'verbs-sink-fail', '--timeout', '5']],
  ];
  const results = new Map((await pooled(runs.map(([name, args]) => async () => [name, await cli(args)] as const))));
  for (const [name, result] of results) {
    if (name !== 'wait failed') assert.equal(result.code, 0, `${name}: ${label(result.stderr)}`);
    assertClean(result, name);
  }

  const statusOk = results.get('status ok')!.stdout;
  const statusFailed = results.get('status failed')!.stdout;
  const statusPayloads = results.get('status payloads')!.stdout;
  const historyWide = results.get('history wide')!.stdout;
  const listWide = results.get('list wide')!.stdout;
  const listJson = JSON.parse(results.get('list json')!.stdout) as { instanceId: string; name: string; customStatus?: string; output?: string }[];
  const eventNames = await grpcHistoryNames('verbs-events');
  const waited = results.get('wait failed')!;
  assert.equal(waited.code, 1);
  assert.match(waited.stderr, /finished as FAILED/);

  for (const [index, c] of texts.entries()) {
    assert.ok(statusOk.includes(c.visible), `${c.id}: status shows ${label(c.visible)} (custom status, output)`);
    assert.ok(statusFailed.includes(c.visible), `${c.id}: status shows ${label(c.visible)} (failure)`);
    assert.ok(statusPayloads.includes(c.visible), `${c.id}: status shows ${label(c.visible)} (input)`);
    assert.ok(historyWide.includes(c.visible), `${c.id}: history shows the event name`);
    assert.ok(listWide.includes(c.visible), `${c.id}: list shows the workflow name`);
    assert.equal(listJson.find((item) => item.instanceId === `verbs-name-${index}`)?.name, c.raw, `${c.id}: list --json keeps the name exactly`);
    assert.ok(eventNames.includes(c.raw), `${c.id}: the event name is kept exactly`);
    outcomes.record('display-texts', c.id, 'shown safely (list, status, history, wait); JSON/YAML exact as escapes');
  }
  assert.equal(listJson.find((item) => item.instanceId === 'verbs-sink-ok')?.customStatus, all);
  assert.equal((listJson.find((item) => item.instanceId === 'verbs-sink-fail') as { failure?: { errorMessage: string } } | undefined)?.failure?.errorMessage, all);
  assert.ok(results.get('list yaml')!.stdout.includes('verbs-sink-ok'));
});

test('hostile payload arguments: bad JSON refused in one sentence before anything is sent; good JSON reaches the workflow', async () => {
  const jobs: (() => Promise<void>)[] = [];
  for (const [index, c] of payloadCases().entries()) {
    const expected = expectationOn(c, 'verbs');
    if (expected === 'not-applicable' || Buffer.byteLength(c.raw) > MAX_ARGUMENT_BYTES) {
      outcomes.record('payloads', c.id, 'n/a (over the 128 KiB limit of one argument)');
      continue;
    }
    const instanceId = `verbs-p-${index}`;
    if (expected === 'invalid-json' || expected === 'too-deep') {
      const pattern = expected === 'too-deep' ? /^--(input|output) is valid JSON but nested too deeply to send\.$/ : /^--(input|output) is not valid JSON: /;
      jobs.push(async () => {
        assertOneSentence(await cli(['run', 'HostileWaiter', '--instance-id', instanceId, '--input', c.raw]), 2, pattern, `${c.id} run`);
        if (c.id === 'json-raw-escape-in-string') {
          // The other flags that take JSON share the check; one case shows it for each.
          assertOneSentence(await cli(['raise-event', `${keeper.instanceId}/payload`, '--input', c.raw]), 2, pattern, `${c.id} raise-event`);
          assertOneSentence(await cli(['terminate', keeper.instanceId, '--output', c.raw]), 2, pattern, `${c.id} terminate`);
        }
        assert.equal(statusName(await sidecar.client.getWorkflowState(instanceId, false)), 'MISSING', `${c.id}: nothing started`);
        outcomes.record('payloads', c.id, expected === 'too-deep' ? 'exit 2: "nested too deeply to send"' : 'exit 2: "not valid JSON", nothing sent');
      });
      continue;
    }
    jobs.push(async () => {
      const run = await cli(['run', 'HostileWaiter', '--instance-id', instanceId, '--input', c.raw]);
      assert.equal(run.code, 0, `${c.id}: ${label(run.stderr)}`);
      assertClean(run, c.id);
      const state = await sidecar.client.getWorkflowState(instanceId, true);
      assertSameJson(state?.serializedInput, c.raw, `${c.id}: the input arrived unchanged`);
      if (c.id === 'raw-c1-in-string') {
        const raise = await cli(['raise-event', `${instanceId}/payload`, '--input', c.raw]);
        assert.equal(raise.code, 0, `${c.id}: ${label(raise.stderr)}`);
        assert.equal(await finished(instanceId), 'COMPLETED', c.id);
        const done = await sidecar.client.getWorkflowState(instanceId, true);
        assertSameJson(done?.serializedOutput, c.raw, `${c.id}: the event data arrived unchanged`);
      }
      outcomes.record('payloads', c.id, 'exit 0; reached the sidecar unchanged');
    });
  }
  await pooled(jobs);
});

test('hostile instance IDs, workflow names and event names as arguments', async () => {
  const jobs: (() => Promise<void>)[] = [];
  for (const [index, c] of identifierCases().entries()) {
    if (c.kind === 'instance-id') {
      jobs.push(async () => {
        assertOneSentence(await cli(['run', 'HostileWaiter', '--instance-id', c.raw]), 2, /^--instance-id takes letters, digits, "_" and "-" only/, `${c.id} run`);
        if (c.id === 'instance-id-escape') {
          assertOneSentence(await cli(['status', c.raw]), 1, /(does not exist|No workflow instance)/i, `${c.id} status`);
          outcomes.record('identifiers', c.id, 'run: exit 2, one sentence; status: exit 1 "does not exist"');
        } else {
          outcomes.record('identifiers', c.id, 'run: exit 2, one sentence');
        }
      });
    } else if (c.kind === 'workflow-name') {
      jobs.push(async () => {
        const run = await cli(['run', c.raw, '--instance-id', `verbs-n-${index}`, '--json']);
        if (c.expect === 'missing-name') {
          assertOneSentence(run, 1, /A workflow name is required to start an instance\./, c.id);
          outcomes.record('identifiers', c.id, 'exit 1: "A workflow name is required"');
          return;
        }
        assert.equal(run.code, 0, `${c.id}: ${label(run.stderr)}`);
        assertClean(run, c.id);
        assert.equal((await sidecar.client.getWorkflowState(`verbs-n-${index}`, false))?.name, c.raw);
        outcomes.record('identifiers', c.id, 'exit 0; name stored as typed');
      });
    } else {
      jobs.push(async () => {
        const instanceId = `verbs-e-${index}`;
        await sidecar.client.scheduleNewWorkflow('HostileWaiter', undefined, instanceId);
        const raise = await cli(['raise-event', `${instanceId}/${c.raw}`, '--input', '"x"']);
        if (c.expect === 'missing-name') {
          assertOneSentence(raise, 2, /raise-event takes INSTANCE-ID\/EVENT-NAME/, c.id);
          outcomes.record('identifiers', c.id, 'exit 2: "raise-event takes INSTANCE-ID/EVENT-NAME"');
          return;
        }
        assert.equal(raise.code, 0, `${c.id}: ${label(raise.stderr)}`);
        assertClean(raise, c.id);
        const history = await sidecar.client.getWorkflowState(instanceId, false).then(() => grpcHistoryNames(instanceId));
        assert.ok(history.includes(c.raw), `${c.id}: the name arrived as typed`);
        outcomes.record('identifiers', c.id, 'exit 0; name arrived as typed, printed safely');
      });
    }
  }
  await pooled(jobs);
});

test('hostile option names and global options are refused in one clean sentence', async () => {
  const evil = '\u001b]0;pwned\u0007\u001b[2J\u009b31m';
  const cases: [string, string[], readonly string[], number][] = [
    ['unknown-option-with-escapes', ['list', `--x${evil}`], REAL_BIN, 2],
    ['unknown-verb-with-escapes', [`lis${evil}`], REAL_BIN, 2],
    ['sidecar-address-with-escapes', ['list', '--sidecar', `${evil}:1`], VERB_ENTRY, 2],
    ['status-filter-with-escapes', ['list', '--filter-status', evil], VERB_ENTRY, 2],
    ['start-time-with-escapes', ['run', 'X', '--start-time', evil], VERB_ENTRY, 2],
  ];
  const results = await pooled(cases.map(([, args, entry]) => () => cli(args, entry)));
  for (const [index, [id, , , code]] of cases.entries()) {
    const result = results[index]!;
    assert.equal(result.code, code, `${id}: ${label(result.stderr)}`);
    assertClean(result, id);
    outcomes.record('barrage', `verbs-${id}`, `exit ${result.code}, one clean line`);
  }
});

test('after the hostile arguments the sidecar still answers and the known instance is intact', async () => {
  const list = await cli(['list', '--json']);
  assert.equal(list.code, 0);
  await assertKeeperIntact(sidecar, keeper);
  outcomes.record('after', 'sidecar-answers', 'yes');
  outcomes.record('after', 'known-instance-intact', 'yes (status, payloads, history)');
});
