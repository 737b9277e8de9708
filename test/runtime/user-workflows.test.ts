/**
 * `--workflows MODULE`: loading the user's module (TS and JS), running what it registers
 * through the real SDK on the embedded sidecar, and one clear sentence for every way a
 * module can be wrong (missing, throwing, bad shape, name clash), plus the plain
 * `function*` warning.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureConsole } from '../../src/runtime/capture-console.js';
import { LogBuffer } from '../../src/runtime/log-buffer.js';
import { startWorkflowRuntime } from '../../src/runtime/start-workflow-runtime.js';
import {
  loadUserWorkflows,
  UserWorkflowsError,
  WorkflowNameClashError,
  WorkflowsModuleLoadError,
  WorkflowsModuleNotFoundError,
  WorkflowsModuleShapeError,
} from '../../src/runtime/user-workflows.js';
import { startSidecar, waitForStatus, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/user-workflows/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

/** One sentence: no line break, no stack frame. */
function assertOneSentence(error: unknown, type: new (...args: never[]) => UserWorkflowsError, pattern: RegExp): true {
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  assert.doesNotMatch(error.message, /\n|\bat \S+:\d+/);
  assert.match(error.message, pattern);
  return true;
}

let sidecar: SidecarHarness;
let restoreConsole: () => void;
const consoleLog = new LogBuffer();
before(async () => {
  sidecar = await startSidecar();
  restoreConsole = captureConsole(consoleLog);
});
after(async () => {
  await sidecar?.close();
  restoreConsole?.();
});

test('a TS module registers a workflow with metadata, which then runs to completion beside the bundled ones', async () => {
  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: sidecar.address, workflowsModule: fixture('greeting-workflows.ts'), timeScale: 0.01, log });
  try {
    const greeting = runtime.workflows.find((workflow) => workflow.name === 'GreetingWorkflow');
    assert.deepEqual(greeting, {
      name: 'GreetingWorkflow',
      description: 'Greets a name, then waits for ReplyEvent.',
      exampleInput: { name: 'Ada' },
      events: [{ name: 'ReplyEvent', examplePayload: { text: 'Good morning to you too' } }],
    });
    assert.ok(runtime.workflows.some((workflow) => workflow.name === 'interactive_hello_workflow'), 'bundled workflows are there too');

    const id = await sidecar.client.scheduleNewWorkflow('GreetingWorkflow', { name: 'Ada' });
    await waitUntil(async () => (await sidecar.client.getWorkflowState(id, true))?.customStatus === 'Waiting for ReplyEvent', { what: 'the workflow to wait' });
    await sidecar.client.raiseEvent(id, 'ReplyEvent', { text: 'hi' });
    const done = await waitForStatus(sidecar.client, id, 'COMPLETED');
    assert.deepEqual(JSON.parse(done.serializedOutput!), { greeting: 'Good morning, Ada!', reply: { text: 'hi' } });
  } finally {
    await runtime.stop();
  }
});

test('a JS module with a named register export works, given relative to the working directory', async () => {
  const loaded = await loadUserWorkflows('countdown-workflows.mjs', FIXTURES);
  assert.deepEqual(loaded.workflows.map((workflow) => workflow.info.name), ['CountdownWorkflow']);
  assert.deepEqual(loaded.activities.map((activity) => activity.name), ['lift_off']);
  assert.equal(loaded.workflows[0]!.info.description, 'Registered by countdown-workflows.mjs.');
  assert.deepEqual(loaded.warnings, []);

  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: sidecar.address, workflowsModule: fixture('countdown-workflows.mjs'), bundled: false, log });
  try {
    assert.deepEqual(runtime.workflows.map((workflow) => workflow.name), ['CountdownWorkflow']);
    const id = await sidecar.client.scheduleNewWorkflow('CountdownWorkflow', { from: 2 });
    const done = await waitForStatus(sidecar.client, id, 'COMPLETED');
    assert.equal(JSON.parse(done.serializedOutput!), 'Lift-off after 2');
  } finally {
    await runtime.stop();
  }
});

test('a missing module is one sentence naming the path', async () => {
  await assert.rejects(loadUserWorkflows('no/such/workflows.ts', '/tmp'), (error) =>
    assertOneSentence(error, WorkflowsModuleNotFoundError, /^The workflows module no\/such\/workflows\.ts does not exist \(looked for \/tmp\/no\/such\/workflows\.ts\)\.$/),
  );
  await assert.rejects(loadUserWorkflows(FIXTURES), (error) => assertOneSentence(error, WorkflowsModuleNotFoundError, /is not a file/));
});

test('a module that throws on import, or in register, is one sentence with its message', async () => {
  await assert.rejects(loadUserWorkflows(fixture('throws-on-import.ts')), (error) =>
    assertOneSentence(error, WorkflowsModuleLoadError, /failed to load: the configuration file workflows\.json is missing\.$/),
  );
  await assert.rejects(loadUserWorkflows(fixture('throws-in-register.ts')), (error) =>
    assertOneSentence(error, WorkflowsModuleLoadError, /threw in its register function: cannot connect to the inventory database\.$/),
  );
});

test('a module with a syntax error is one sentence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'user-workflows-'));
  try {
    writeFileSync(join(dir, 'broken.ts'), 'export default function register(registry) {\n  registry.workflow("X", async function* () {\n');
    await assert.rejects(loadUserWorkflows(join(dir, 'broken.ts')), (error) => assertOneSentence(error, WorkflowsModuleLoadError, /failed to load: /));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a module without a register function, or registering nonsense, is one sentence about the shape', async () => {
  await assert.rejects(loadUserWorkflows(fixture('no-register.ts')), (error) =>
    assertOneSentence(error, WorkflowsModuleShapeError, /must export a function register\(registry\).*; it exports (workflows, version|version, workflows)\.$/),
  );
  const dir = mkdtempSync(join(tmpdir(), 'user-workflows-'));
  try {
    writeFileSync(join(dir, 'twice.mjs'), 'export default (r) => { const w = async function* () {}; r.workflow("A", w); r.workflow("A", w); };\n');
    await assert.rejects(loadUserWorkflows(join(dir, 'twice.mjs')), (error) => assertOneSentence(error, WorkflowsModuleShapeError, /registers the workflow "A" twice\.$/));
    writeFileSync(join(dir, 'not-a-function.mjs'), 'export default (r) => { r.activity("b", 42); };\n');
    await assert.rejects(loadUserWorkflows(join(dir, 'not-a-function.mjs')), (error) =>
      assertOneSentence(error, WorkflowsModuleShapeError, /registers the activity "b" with something that is not a function\.$/),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a name clash with a bundled workflow is one sentence, and nothing starts', async () => {
  const log = new LogBuffer();
  await assert.rejects(
    startWorkflowRuntime({ address: sidecar.address, workflowsModule: fixture('clashes-with-bundled.ts'), log }),
    (error) => assertOneSentence(error, WorkflowNameClashError, /^The workflow "OrderProcessingWorkflow" from clashes-with-bundled\.ts has the name of a bundled workflow; give it another name\.$/),
  );
  assert.equal(log.lines().length, 0);
  // Without the bundled workflows the same module is fine.
  const runtime = await startWorkflowRuntime({ address: sidecar.address, workflowsModule: fixture('clashes-with-bundled.ts'), bundled: false, log });
  await runtime.stop();
});

test('a plain function* workflow loads with a warning in the log', async () => {
  const loaded = await loadUserWorkflows(fixture('plain-generator.ts'));
  assert.equal(loaded.warnings.length, 1);
  assert.match(loaded.warnings[0]!, /^The workflow "LegacyWorkflow" from plain-generator\.ts is a plain generator function; @dapr\/dapr 3\.18 needs an async function\*/);

  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: sidecar.address, workflowsModule: fixture('plain-generator.ts'), bundled: false, log });
  await runtime.stop();
  const warning = log.lines().find((line) => line.level === 'warn' && line.text.includes('plain generator function'));
  assert.equal(warning?.source, 'runtime');
});
