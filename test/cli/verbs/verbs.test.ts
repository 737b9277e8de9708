/**
 * The verbs end to end: each runs as a real process against an embedded sidecar this test
 * starts, with the real SDK's WorkflowRuntime hosting the test workflows. Checks human and
 * --json output, exit codes (0 success, 1 failure, 2 bad arguments) and that every failure
 * is one sentence on stderr without a stack trace. Most runs use a lean entry with just the
 * verbs (the full program also loads the console UI, which triples start-up time); the last
 * suite runs the real `bin/dapr-workflow-tui.js`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSidecar, statusOf, waitForStatus, type SidecarHarness } from '../../helpers/sidecar-harness.js';
import { testActivities, testWorkflows } from '../../client/test-workflows.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const REAL_ENTRY = ['bin/dapr-workflow-tui.js'];
const TEST_ENTRY = ['--import', 'tsx', 'test/cli/verbs/verb-entry.ts'];

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let sidecar: SidecarHarness;

/** Runs the command line with `args` (no terminal, no inherited Dapr variables). */
function cli(args: readonly string[], env: Record<string, string> = {}, entry: readonly string[] = TEST_ENTRY): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entry, ...args],
      {
        cwd: REPO,
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', FORCE_COLOR: '0', ...env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs a verb against the test's sidecar. */
function verb(...args: string[]): Promise<CliResult> {
  return cli([...args, '--sidecar', sidecar.address]);
}

/** Asserts a failure: the exit code, and exactly one line on stderr, without a stack trace. */
function assertOneSentenceFailure(result: CliResult, code: number, pattern: RegExp): void {
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
});

after(async () => {
  await sidecar.close();
});

describe('verbs on the embedded sidecar', () => {
  it('run starts a workflow and wait prints its final state', async () => {
    const run = await verb('run', 'Greeter', '--input', '{"name":"Ada"}');
    assert.equal(run.code, 0, run.stderr);
    const instanceId = /Workflow instance started successfully: (\S+)/.exec(run.stdout)?.[1];
    assert.ok(instanceId, run.stdout);

    const waited = await verb('wait', instanceId, '--timeout', '10');
    assert.equal(waited.code, 0, waited.stderr);
    assert.match(waited.stdout, /Status:\s+COMPLETED/);
    assert.match(waited.stdout, /Output:\s+"Hello, Ada!"/);
  });

  it('run --json with an instance ID, then status, list and history in every format', async () => {
    const run = await verb('run', 'Greeter', '--instance-id', 'cli-greeter', '-x', '{"name":"Lin"}', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { instanceId: 'cli-greeter' });
    await waitForStatus(sidecar.client, 'cli-greeter', 'COMPLETED');

    const [status, statusJson, list, listJson, listWide, history, historyJson] = await Promise.all([
      verb('status', 'cli-greeter'),
      verb('status', 'cli-greeter', '--json'),
      verb('list'),
      verb('list', '-o', 'json'),
      verb('list', '-o', 'wide'),
      verb('history', 'cli-greeter'),
      verb('history', 'cli-greeter', '--json'),
    ]);

    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Instance ID:\s+cli-greeter/);
    assert.match(status.stdout, /Workflow:\s+Greeter/);
    assert.match(status.stdout, /Input:\s+\{"name":"Lin"\}/);

    const state = JSON.parse(statusJson.stdout);
    assert.equal(state.instanceId, 'cli-greeter');
    assert.equal(state.status, 'COMPLETED');
    assert.equal(state.output, '"Hello, Lin!"');
    assert.ok(!Number.isNaN(Date.parse(state.createdAt)));

    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout.split('\n')[0]!, /^NAME\s+ID\s+STATUS\s+CUSTOM STATUS\s+AGE$/);
    assert.match(list.stdout, /Greeter\s+cli-greeter\s+COMPLETED/);
    const listed = JSON.parse(listJson.stdout) as { instanceId: string; status: string }[];
    assert.ok(listed.some((item) => item.instanceId === 'cli-greeter' && item.status === 'COMPLETED'));
    assert.match(listWide.stdout.split('\n')[0]!, /INSTANCE ID\s+CREATED\s+LAST UPDATE\s+STATUS/);

    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout.split('\n')[0]!, /^TYPE\s+NAME\s+EVENTID\s+ELAPSED\s+STATUS\s+DETAILS$/);
    assert.match(history.stdout, /TaskScheduled\s+greet/);
    const events = JSON.parse(historyJson.stdout) as { kind: string }[];
    assert.deepEqual(events.map((event) => event.kind).filter((kind) => kind.startsWith('Execution')), [
      'ExecutionStarted',
      'ExecutionCompleted',
    ]);
  });

  it('list filters by name, status and age', async () => {
    await sidecar.client.scheduleNewWorkflow('Approval', undefined, 'cli-filter-running');
    await waitForStatus(sidecar.client, 'cli-filter-running', 'RUNNING');
    const [filtered, tooOld, badStatus] = await Promise.all([
      verb('list', '--filter-status', 'running', '-w', 'Approval', '--filter-max-age', '1h', '--json'),
      verb('list', '--filter-max-age', '2000-01-01T00:00:00Z', '--filter-status', 'COMPLETED', '--json'),
      verb('list', '--filter-status', 'SLEEPING'),
    ]);
    const items = (result: CliResult) => JSON.parse(result.stdout) as { instanceId: string; status: string; name: string }[];
    assert.ok(items(filtered).every((item) => item.status === 'RUNNING' && item.name === 'Approval'));
    assert.ok(items(filtered).some((item) => item.instanceId === 'cli-filter-running'));
    assert.ok(items(tooOld).every((item) => item.status === 'COMPLETED'));
    assertOneSentenceFailure(badStatus, 2, /--filter-status takes one of RUNNING/);
  });

  it('suspend, resume, raise-event: the instance completes with the event payload', async () => {
    await sidecar.client.scheduleNewWorkflow('Approval', undefined, 'cli-approval');
    await waitForStatus(sidecar.client, 'cli-approval', 'RUNNING');

    const suspended = await verb('suspend', 'cli-approval', '--reason', 'lunch');
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.match(suspended.stdout, /suspended successfully/);
    assert.equal(await statusOf(sidecar.client, 'cli-approval'), 'SUSPENDED');

    const resumed = await verb('resume', 'cli-approval', '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(resumed.stdout), { instanceId: 'cli-approval', action: 'resume' });
    assert.equal(await statusOf(sidecar.client, 'cli-approval'), 'RUNNING');

    const raised = await verb('raise-event', 'cli-approval/Approval', '--input', '{"approved":true}');
    assert.equal(raised.code, 0, raised.stderr);
    assert.match(raised.stdout, /raised event 'Approval' successfully/);
    const state = await waitForStatus(sidecar.client, 'cli-approval', 'COMPLETED');
    assert.deepEqual(JSON.parse(state.serializedOutput!), { decision: { approved: true } });
  });

  it('terminate with an output, then purge by ID and by filter', async () => {
    await sidecar.client.scheduleNewWorkflow('Approval', undefined, 'cli-terminate');
    await waitForStatus(sidecar.client, 'cli-terminate', 'RUNNING');
    const terminated = await verb('terminate', 'cli-terminate', '--output', '{"by":"cli"}');
    assert.equal(terminated.code, 0, terminated.stderr);
    const state = await waitForStatus(sidecar.client, 'cli-terminate', 'TERMINATED');
    assert.deepEqual(JSON.parse(state.serializedOutput!), { by: 'cli' });

    const purged = await verb('purge', 'cli-terminate', '--json');
    assert.equal(purged.code, 0, purged.stderr);
    assert.deepEqual(JSON.parse(purged.stdout), { purgedCount: 1, purged: ['cli-terminate'], failed: [] });
    assert.equal(await statusOf(sidecar.client, 'cli-terminate'), 'MISSING');

    await sidecar.client.scheduleNewWorkflow('Greeter', { name: 'Old' }, 'cli-old');
    await waitForStatus(sidecar.client, 'cli-old', 'COMPLETED');
    const byFilter = await verb('purge', '--all-older-than', '0s', '--all-filter-status', 'COMPLETED');
    assert.equal(byFilter.code, 0, byFilter.stderr);
    assert.match(byFilter.stdout, /^Purged \d+ workflow instances?/);
    assert.equal(await statusOf(sidecar.client, 'cli-old'), 'MISSING');
  });
});

describe('rerun', () => {
  it('reruns a finished instance from its activity with a new input, as a new instance; status shows the result', async () => {
    await sidecar.client.scheduleNewWorkflow('Greeter', { name: 'Ada' }, 'cli-rerun-source');
    await waitForStatus(sidecar.client, 'cli-rerun-source', 'COMPLETED');
    const history = await verb('history', 'cli-rerun-source', '--json');
    const scheduled = (JSON.parse(history.stdout) as { kind: string; eventId: number }[]).find((event) => event.kind === 'TaskScheduled');
    assert.ok(scheduled, history.stdout);
    const rerun = await verb('rerun', 'cli-rerun-source', '--event-id', String(scheduled.eventId), '--new-instance-id', 'cli-rerun-new', '--input', '"Grace"');
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(rerun.stdout, 'Rerunning workflow instance: cli-rerun-new\n');
    const state = await waitForStatus(sidecar.client, 'cli-rerun-new', 'COMPLETED');
    assert.equal(JSON.parse(state.serializedOutput!), 'Hello, Grace!');

    const again = await verb('rerun', 'cli-rerun-source', '-e', String(scheduled.eventId), '--json');
    assert.equal(again.code, 0, again.stderr);
    const answer = JSON.parse(again.stdout) as { newInstanceId: string };
    assert.equal(JSON.parse((await waitForStatus(sidecar.client, answer.newInstanceId, 'COMPLETED')).serializedOutput!), 'Hello, Ada!');
  });

  it('refuses a bad event ID before sending anything, and a missing event with the sidecar\'s sentence', async () => {
    assertOneSentenceFailure(await verb('rerun', 'cli-rerun-source', '--event-id', 'two'), 2, /--event-id takes a whole number/);
    assertOneSentenceFailure(await verb('rerun', 'cli-rerun-source', '--event-id', '999'), 1, /event ID 999/);
  });
});

describe('verb failures', () => {
  it('refuses arguments that are not JSON before sending anything (exit 2)', async () => {
    const [output, eventInput, eventTarget] = await Promise.all([
      verb('terminate', 'whatever', '--output', 'not json'),
      verb('raise-event', 'whatever/Approval', '--input', '{oops}'),
      verb('raise-event', 'no-slash-here'),
    ]);
    assertOneSentenceFailure(output, 2, /^--output is not valid JSON/);
    assertOneSentenceFailure(eventInput, 2, /^--input is not valid JSON/);
    assertOneSentenceFailure(eventTarget, 2, /INSTANCE-ID\/EVENT-NAME/);
  });

  it('reports unknown instances and refused actions with exit 1', async () => {
    await sidecar.client.scheduleNewWorkflow('Approval', undefined, 'cli-busy');
    await waitForStatus(sidecar.client, 'cli-busy', 'RUNNING');
    const [status, suspend, purgeRunning, duplicate] = await Promise.all([
      verb('status', 'cli-nobody'),
      verb('suspend', 'cli-nobody'),
      verb('purge', 'cli-busy'),
      verb('run', 'Approval', '--instance-id', 'cli-busy'),
    ]);
    assertOneSentenceFailure(status, 1, /cli-nobody/);
    assertOneSentenceFailure(suspend, 1, /cli-nobody/);
    assertOneSentenceFailure(purgeRunning, 1, /^Could not purge cli-busy: .*RUNNING/);
    assertOneSentenceFailure(duplicate, 1, /cli-busy/);
  });

  it('wait: exit 1 when the wait times out or the instance failed', async () => {
    await sidecar.client.scheduleNewWorkflow('Approval', undefined, 'cli-slow');
    await sidecar.client.scheduleNewWorkflow('Failing', undefined, 'cli-failing');
    const [timedOut, failed] = await Promise.all([
      verb('wait', 'cli-slow', '--timeout', '0.5'),
      verb('wait', 'cli-failing', '--timeout', '10', '--json'),
    ]);
    assertOneSentenceFailure(timedOut, 1, /cli-slow did not finish within 0\.5 seconds/);
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(failed.stdout).status, 'FAILED');
    assert.match(JSON.parse(failed.stdout).failure.errorMessage, /declined/);
    assert.match(failed.stderr, /finished as FAILED/);
  });

  it('says in one sentence that no sidecar answers, naming the address and how to start one', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const [named, fromEnv] = await Promise.all([
      cli(['list', '--sidecar', `127.0.0.1:${port}`]),
      cli(['status', 'x'], { DAPR_GRPC_ENDPOINT: `127.0.0.1:${port}` }),
    ]);
    assertOneSentenceFailure(named, 1, new RegExp(`No sidecar answers at 127\\.0\\.0\\.1:${port}.*dapr-workflow-tui serve`));
    assertOneSentenceFailure(fromEnv, 1, /DAPR_GRPC_ENDPOINT/);
  });

  it('sends the API token, and says so when the sidecar refuses it', async () => {
    const secured = await startSidecar({ apiToken: 'verb-secret' });
    try {
      const [without, withEnv] = await Promise.all([
        cli(['list', '--sidecar', secured.address]),
        cli(['list', '--sidecar', secured.address, '--json'], { DAPR_API_TOKEN: 'verb-secret' }),
      ]);
      assertOneSentenceFailure(without, 1, /--api-token/);
      assert.equal(withEnv.code, 0, withEnv.stderr);
      assert.deepEqual(JSON.parse(withEnv.stdout), []);
    } finally {
      await secured.close();
    }
  });

  it('rejects a malformed --sidecar address with exit 2', async () => {
    assertOneSentenceFailure(await cli(['list', '--sidecar', 'not-an-address']), 2, /is not HOST:PORT/);
  });
});

describe('the real command line (bin/dapr-workflow-tui.js)', () => {
  it('runs verbs with the program\'s global options and exit codes', async () => {
    const real = (args: string[], env: Record<string, string> = {}) => cli(args, env, REAL_ENTRY);
    const [run, badJson, unreachable] = await Promise.all([
      real(['run', 'Greeter', '--instance-id', 'cli-real', '--input', '{"name":"Real"}', '--sidecar', sidecar.address, '--json']),
      real(['raise-event', 'x/y', '--input', '{', '--sidecar', sidecar.address]),
      real(['status', 'x'], { DAPR_HOST: '127.0.0.1', DAPR_GRPC_PORT: '1' }),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { instanceId: 'cli-real' });
    assertOneSentenceFailure(badJson, 2, /^--input is not valid JSON/);
    assertOneSentenceFailure(unreachable, 1, /No sidecar answers at 127\.0\.0\.1:1 .*DAPR_HOST\/DAPR_GRPC_PORT/);

    await waitForStatus(sidecar.client, 'cli-real', 'COMPLETED');
    const status = await real(['status', 'cli-real', '--api-token', 'unused', '--json'], { DAPR_GRPC_ENDPOINT: sidecar.address });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).output, '"Hello, Real!"');
  });
});
