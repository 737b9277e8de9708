/**
 * The hostile-input corpus through the console: the real App rendered with
 * ink-testing-library, a real client and tracker against a real embedded sidecar, and the
 * real SDK runtime whose workflows put hostile text in outputs, custom status, failures,
 * event names, workflow names and log lines (captured from `console` as the console does).
 * Colours are off (chalk level 0), so ANY ESC in a frame is a failure, as are BEL, C1 and
 * the other controls. Hostile text is also typed into the forms and the filter prompt, through
 * the same key-input guard the console puts in front of Ink.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import React, { act } from 'react';
import stripAnsi from 'strip-ansi';
import { App } from '../../components/app.js';
import { guardKeyInput } from '../../components/key-input-guard.js';
import { createTheme } from '../../components/theme.js';
import { connectSidecar, type SidecarConnection } from '../../src/client/grpc-client.js';
import { INSTANCE_ID_PATTERN } from '../../src/model/index.js';
import { TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';
import { captureConsole, LogBuffer } from '../../src/runtime/index.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { createTracker, type InstanceTracker } from '../../src/tracker/index.js';
import { KEYS } from '../components/render-console.js';
import { startSidecar, waitForFinish, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { displayTextCases, expectationOn, identifierCases, label, payloadCases, rawControls } from './corpus.js';
import { rawGrpc, startRequest, type RawGrpc } from './grpc-calls.js';
import { assertKeeperIntact, hostileActivities, hostileWorkflows, seedKeeper, type KeeperSnapshot } from './hostile-workflows.js';
import { OutcomeLog } from './report.js';

// No colours at all: whatever ESC appears in a frame came from the data, not from Ink's styling.
chalk.level = 0;

const FUTURE = Date.now() + 24 * 3600_000;
const COLUMNS = 120;
const ROWS = 46;
/** Longer pastes are left out: the form's text field redraws its whole value, seconds per frame at 100 KB. */
const MAX_TYPED_CHARS = 10_000;
/** Typed in a terminal these are keys (Enter, Tab, Backspace), not text. */
const KEY_CHARACTERS = /[\r\t\b\u007f]/;
/** Ink 6.8's useInput throws on a CSI whose modifier has the ctrl bit and whose key it does not know (e.g. ESC[31m). */
const INK_CRASH = /TypeError: Cannot read properties of undefined \(reading 'startsWith'\)/;

const outcomes = new OutcomeLog('console');
const workflowLog = new LogBuffer();
let restoreConsole: (() => void) | undefined;
let sidecar: SidecarHarness;
let grpc: RawGrpc;
let keeper: KeeperSnapshot;
let client: SidecarConnection;
let tracker: InstanceTracker;
const inkCrashes: string[] = [];

const TEXTS = displayTextCases();
const WORKFLOWS: WorkflowInfo[] = [
  { name: 'HostileWaiter', description: 'Waits for the event "payload" and returns it.', events: [{ name: 'payload' }] },
  {
    name: 'HostileEcho',
    description: TEXTS.map((c) => c.raw).join(' '),
    exampleInput: { text: TEXTS.map((c) => c.raw).join(' ') },
    events: [{ name: TEXTS[0]!.raw, examplePayload: TEXTS[1]!.raw }],
  },
  ...TEXTS.slice(0, 4).map((c) => ({ name: c.raw, description: c.raw, events: [] })),
];

/** Yields to the event loop: pending immediates and timers run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setTimeout(resolve, 0)));
}

/** A rendered console on the real client and tracker. */
interface Screen {
  frame(): string;
  rawFrame(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(condition: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  unmount(): void;
}

function renderRealConsole(): Screen {
  const instance = render(
    <App
      client={client}
      tracker={tracker}
      workflows={WORKFLOWS}
      logs={workflowLog}
      sidecarLabel={`embedded sidecar ${sidecar.address}`}
      readOnly={false}
      onQuit={() => {}}
      size={{ columns: COLUMNS, rows: ROWS }}
      theme={createTheme(false)}
    />,
  );
  // The console's own guard on what the terminal sends, as runConsole installs it on process.stdin.
  guardKeyInput(instance.stdin as unknown as NodeJS.ReadStream);
  const rawFrame = () => instance.lastFrame() ?? '';
  const frame = () => stripAnsi(rawFrame());
  return {
    frame,
    rawFrame,
    async press(...keys) {
      for (const key of keys) {
        // As render-console.tsx does: each key inside act(), then let effects run.
        const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
        scope.IS_REACT_ACT_ENVIRONMENT = true;
        try {
          await act(async () => {
            instance.stdin.write(key);
          });
        } finally {
          scope.IS_REACT_ACT_ENVIRONMENT = false;
        }
        await settle();
      }
    },
    async waitFor(condition, timeoutMs = 8000) {
      const check = typeof condition === 'string' ? (text: string) => text.includes(condition) : condition;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await settle();
        const current = frame();
        if (check(current)) return current;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${typeof condition === 'string' ? label(condition) : 'a frame'}; last frame:\n${current}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    unmount() {
      instance.unmount();
      instance.cleanup();
    },
  };
}

let screen: Screen;

/** Asserts the frame as written holds no raw control character (with colours off, not even ESC). */
function assertFrameClean(what: string): void {
  assert.deepEqual(rawControls(screen.rawFrame()), [], `${what}: frame has raw control characters:\n${label(screen.rawFrame())}`);
}

/** Types `text` as one paste; a crash inside Ink's input handling is caught and reported. */
async function type(text: string, caseId: string): Promise<boolean> {
  try {
    await screen.press(text);
    return true;
  } catch (error) {
    if (!INK_CRASH.test(String((error as Error)?.stack ?? error))) throw error;
    inkCrashes.push(caseId);
    outcomes.record('barrage', `console-typed-${caseId.replace(/[^\w-]+/g, '-').replace(/-+$/, '')}`, 'CRASH: Ink 6.8 input bug');
    // The App is in an unknown state after a throw inside Ink: start over.
    screen.unmount();
    screen = renderRealConsole();
    await screen.waitFor('INSTANCE ID');
    return false;
  }
}

/** Shows only the instance `instanceId` (filter), then opens its details. */
async function openDetails(instanceId: string): Promise<string> {
  await screen.press('/');
  await screen.waitFor('filter:');
  await screen.press(instanceId, KEYS.enter);
  await screen.waitFor((text) => new RegExp(`› \\S+\\s+${instanceId}\\b`).test(text));
  await screen.press(KEYS.enter);
  // The details header is in, with the payloads and the history loaded.
  return screen.waitFor((text) => text.includes(`${instanceId}  ·`) && !/Loading (input|history)/.test(text));
}

/** Back to the full table. */
async function closeDetails(): Promise<void> {
  await screen.press(KEYS.escape);
  await screen.waitFor('INSTANCE ID');
  await screen.press('/', KEYS.escape);
  await screen.waitFor((text) => !text.includes('filter "'));
}

function finished(instanceId: string): Promise<string> {
  return waitForFinish(sidecar.client, instanceId);
}

before(async () => {
  sidecar = await startSidecar();
  restoreConsole = captureConsole(workflowLog);
  grpc = rawGrpc(sidecar.address);
  await sidecar.startRuntime({ workflows: hostileWorkflows, activities: hostileActivities });
  keeper = await seedKeeper(sidecar);

  const lines = TEXTS.map((c) => c.raw).join('\n');
  await sidecar.client.scheduleNewWorkflow('HostileEcho', { text: lines }, 'con-sink-ok');
  await sidecar.client.scheduleNewWorkflow('HostileEcho', { text: lines, fail: true }, 'con-sink-fail');
  await sidecar.client.scheduleNewWorkflow('HostileWaiter', undefined, 'con-events');
  for (const c of TEXTS) await sidecar.client.raiseEvent('con-events', c.raw, c.raw);
  await sidecar.client.raiseEvent('con-events', 'payload', 'done');
  for (const [index, c] of TEXTS.entries()) {
    await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: c.raw, instanceId: `con-name-${index}`, scheduledAt: FUTURE }));
  }
  // Stored payloads no client would send, as input; and the largest allowed payload.
  const small = payloadCases().filter((c) => c.raw.length < 1000 && c.raw !== '');
  await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: 'Payloads', instanceId: 'con-payloads', input: small.map((c) => c.raw).join('\n'), scheduledAt: FUTURE }));
  const big = payloadCases().find((c) => c.id === 'size-4mib-exact')!;
  await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: 'Payloads', instanceId: 'con-big', input: big.raw, scheduledAt: FUTURE }));
  const deep = payloadCases().find((c) => c.id === 'deep-nesting-100k')!;
  await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name: 'Payloads', instanceId: 'con-deep', input: deep.raw, scheduledAt: FUTURE }));
  // Waiting instances for the event names typed into the raise-event form.
  for (const c of identifierCases().filter((i) => i.kind === 'event-name')) await sidecar.client.scheduleNewWorkflow('HostileWaiter', undefined, `con-ev-${c.id}`);
  assert.equal(await finished('con-sink-ok'), 'COMPLETED');
  assert.equal(await finished('con-sink-fail'), 'FAILED');
  assert.equal(await finished('con-events'), 'COMPLETED');

  client = connectSidecar({ address: sidecar.address, useTls: false, origin: '--sidecar' });
  // The console's default poll interval: a 4 MiB selected instance is re-read at this pace.
  tracker = createTracker({ client, refreshMs: 1000 });
  tracker.start();
  screen = renderRealConsole();
  await screen.waitFor('con-sink-ok');
});

after(async () => {
  screen?.unmount();
  tracker?.stop();
  await client?.close();
  grpc?.close();
  restoreConsole?.();
  await sidecar?.close();
  if (outcomes.size > 0) outcomes.write();
});

test('the table shows hostile workflow names, and the log pane hostile log lines, without control characters', async () => {
  const frame = await screen.waitFor((text) => TEXTS.every((_, index) => text.includes(`con-name-${index}`)));
  assertFrameClean('table');
  for (const c of TEXTS) {
    // The workflow column is narrow: the visible text's start must be there.
    assert.ok(frame.includes(c.visible.slice(0, 6)), `${c.id}: the workflow name shows ${label(c.visible.slice(0, 6))}`);
  }
  // The workflows printed every text (joined by newlines) through console.log into the log pane.
  await screen.waitFor((text) => text.includes('zerowidth'));
  assertFrameClean('log pane');
});

test('details of instances whose output, custom status, failure and event names are hostile', async () => {
  for (const instanceId of ['con-sink-ok', 'con-sink-fail', 'con-events', 'con-payloads']) {
    let frame = await openDetails(instanceId);
    assertFrameClean(`${instanceId} details`);
    // Scroll through every page of the details, each page clean.
    let pages = frame;
    const position = (text: string) => /── lines (\d+)-(\d+) of (\d+) /.exec(text);
    for (let page = 0; page < 10; page += 1) {
      const at = position(frame);
      if (!at || at[2] === at[3]) break;
      await screen.press(KEYS.pageDown);
      frame = await screen.waitFor((text) => position(text)?.[1] !== at[1]);
      assertFrameClean(`${instanceId} details, page ${page + 2}`);
      pages += frame;
    }
    if (instanceId === 'con-sink-ok') {
      // Custom status is the raw text: one text per line, each readable.
      for (const c of TEXTS) assert.ok(pages.includes(c.visible), `${c.id}: custom status shows ${label(c.visible)}`);
    }
    if (instanceId === 'con-events') {
      for (const c of TEXTS) assert.ok(pages.includes(c.visible.slice(0, 8)), `${c.id}: the timeline shows the event name`);
    }
    await closeDetails();
  }
  for (const c of TEXTS) outcomes.record('display-texts', c.id, 'shown safely (table, details, timeline, log pane)');
});

test('a 4 MiB payload and a 100,000-level one are shown without hanging the console', async (t) => {
  const diagnostics: string[] = [];
  t.after(() => diagnostics.forEach((line) => t.diagnostic(line)));
  for (const instanceId of ['con-big', 'con-deep']) {
    let started = Date.now();
    const frame = await openDetails(instanceId);
    const openMs = Date.now() - started;
    assertFrameClean(instanceId);
    assert.match(frame, instanceId === 'con-big' ? /aaaaaaaaaa/ : /\[\[\[\[\[\[/);
    // Key to frame: End jumps to the last page of the details.
    started = Date.now();
    await screen.press(KEYS.end);
    await screen.waitFor((text) => /── lines \d+-(\d+) of \1 /.test(text), 15_000);
    const endMs = Date.now() - started;
    assertFrameClean(`${instanceId}, last page`);
    await closeDetails();
    const id = instanceId === 'con-big' ? 'size-4mib-exact' : 'deep-nesting-100k';
    // Timings vary from run to run: they go to the test log, not into the generated report.
    diagnostics.push(`${instanceId}: details opened in ${openMs} ms, End key to frame in ${endMs} ms`);
    outcomes.record('payloads', id, 'stored one shown safely; the details open and scroll');
  }
});

/** Control and invisible characters: what typed text must never carry into a frame or a request. */
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/**
 * Types `text` into the open form titled `title`. Returns 'crashed' (Ink's input bug), 'closed'
 * (an ESC in the text acted as the Esc key, as in a terminal, and closed the form) or 'typed'.
 */
async function typeInto(title: string, text: string, caseId: string): Promise<'crashed' | 'closed' | 'typed'> {
  if (!(await type(text, caseId))) return 'crashed';
  assertFrameClean(`${caseId} typed`);
  return screen.frame().includes(title) ? 'typed' : 'closed';
}

const START_TITLE = 'Start a workflow instance';
const ID_REFUSAL = 'An instance ID may contain only letters, digits, "_" and "-".';
const STARTED = /Started HostileWaiter as (\S+)\./;

/** The instance ID of the last "Started … as ID." message on screen, if any. */
function lastStarted(): string | undefined {
  return STARTED.exec(screen.frame())?.[1];
}

/** Waits for the outcome of a submit: `refusal` in the form, a new "Started" message, or the sidecar's refusal. */
async function submitted(refusal: RegExp, before: string | undefined): Promise<{ frame: string; started?: string }> {
  const frame = await screen.waitFor((text) => refusal.test(text) || /already exists and is/.test(text) || (STARTED.test(text) && STARTED.exec(text)![1] !== before));
  const started = STARTED.exec(frame)?.[1];
  return { frame, ...(started !== undefined && started !== before && !refusal.test(frame) ? { started } : {}) };
}

async function openStartForm(): Promise<void> {
  await screen.press('s');
  await screen.waitFor(START_TITLE);
}

async function closeForm(title: string): Promise<void> {
  if (screen.frame().includes(title)) await screen.press(KEYS.escape);
  await screen.waitFor((text) => !text.includes(title));
}

test('hostile text typed into the start form: bad JSON and bad IDs refused inline, nothing sent; good JSON sent', async () => {
  for (const c of identifierCases().filter((i) => i.kind === 'instance-id')) {
    await openStartForm();
    await screen.press(KEYS.tab);
    const typed = await typeInto(START_TITLE, c.raw, c.id);
    if (typed !== 'typed') {
      outcomes.record('identifiers', c.id, typed === 'crashed' ? 'CRASH: Ink 6.8 input bug' : 'its ESC acted as the Esc key: form closed, nothing sent');
      await closeForm(START_TITLE);
      continue;
    }
    const before = lastStarted();
    await screen.press(KEYS.tab, KEYS.enter);
    const { frame, started } = await submitted(/An instance ID may contain only letters/, before);
    assertFrameClean(`${c.id} submitted`);
    if (started === undefined) {
      outcomes.record('identifiers', c.id, frame.includes(ID_REFUSAL) ? 'inline error, nothing sent' : 'its controls are keys or dropped: the ID left was taken; the sidecar\'s refusal shown inline');
    } else {
      // Escape sequences typed into a terminal are key presses and invisible characters are dropped: the field kept a valid ID, and only that was sent.
      const sent = started;
      assert.match(sent, INSTANCE_ID_PATTERN, c.id);
      assert.ok(CONTROL_OR_INVISIBLE.test(c.raw), `${c.id}: only text with control or invisible characters may turn into a valid ID`);
      outcomes.record('identifiers', c.id, `its controls are keys or dropped: the field showed ${JSON.stringify(sent)}, and that was sent`);
    }
    await closeForm(START_TITLE);
  }

  for (const c of payloadCases()) {
    const expected = expectationOn(c, 'console');
    if (expected === 'not-applicable' || c.raw.length > MAX_TYPED_CHARS) {
      if (!['size-4mib-exact', 'deep-nesting-100k'].includes(c.id)) {
        outcomes.record('payloads', c.id, c.raw.length > 1_000_000 ? 'n/a (4 MiB is not typed into a form)' : 'not typed: a paste this long takes seconds per frame in the form (known gap)');
      }
      continue;
    }
    await openStartForm();
    await screen.press(KEYS.tab, KEYS.tab); // HostileWaiter takes no example input: the field is empty
    const typed = c.raw === '' ? 'typed' : await typeInto(START_TITLE, c.raw, c.id);
    if (typed !== 'typed') {
      outcomes.record('payloads', c.id, typed === 'crashed' ? 'CRASH: Ink 6.8 input bug' : 'its ESC acted as the Esc key: form closed, nothing sent');
      await closeForm(START_TITLE);
      continue;
    }
    const before = lastStarted();
    await screen.press(KEYS.enter);
    const { frame, started } = await submitted(/The input is (not valid JSON|valid JSON but nested too deeply to send)/, before);
    assertFrameClean(`${c.id} submitted`);
    if (started === undefined) {
      assert.ok(expected === 'invalid-json' || expected === 'too-deep' || CONTROL_OR_INVISIBLE.test(c.raw), `${c.id}: refused, expected ${expected}`);
      if (expected === 'too-deep') assert.match(frame, /nested too deeply to send/);
      outcomes.record('payloads', c.id, expected === 'too-deep' ? 'inline "nested too deeply to send"' : 'inline "not valid JSON", nothing sent');
    } else {
      assert.ok(expected === 'accepted' || expected === 'absent' || CONTROL_OR_INVISIBLE.test(c.raw), `${c.id}: started, expected ${expected}`);
      const input = (await sidecar.client.getWorkflowState(started, true))?.serializedInput || undefined;
      if (expected === 'absent') {
        assert.equal(input, undefined, c.id);
        outcomes.record('payloads', c.id, 'started without input');
      } else if (!CONTROL_OR_INVISIBLE.test(c.raw)) {
        assert.deepEqual(JSON.parse(input!), JSON.parse(c.raw), `${c.id}: sent as typed`);
        outcomes.record('payloads', c.id, 'sent as typed');
      } else {
        assert.ok(!CONTROL_OR_INVISIBLE.test(input ?? ''), `${c.id}: nothing invisible was sent`);
        outcomes.record('payloads', c.id, 'sent as shown: invisible characters dropped, escape sequences taken as keys');
      }
    }
    await closeForm(START_TITLE);
  }
});

test('hostile text typed into the watch form, the raise-event form and the filter prompt', async () => {
  await openStartForm();
  assertFrameClean('the start form listing hostile workflow names');
  await closeForm(START_TITLE);
  for (const c of identifierCases()) {
    if (c.kind === 'workflow-name') {
      // The start form picks a workflow from the list, where hostile names are drawn safely.
      outcomes.record('identifiers', c.id, 'n/a (picked from a list, not typed); hostile names listed safely');
      continue;
    }
    if (c.kind === 'instance-id') {
      const title = 'Watch an instance by ID';
      await screen.press('a');
      await screen.waitFor(title);
      if ((await typeInto(title, c.raw, `${c.id} (watch)`)) === 'typed') {
        await screen.press(KEYS.enter);
        // Refused as an ID, or (when its escape sequences acted as keys) the valid ID left in the field was looked up.
        await screen.waitFor((text) => text.includes(ID_REFUSAL) || /No instance \S+ on this sidecar\.|Watching [A-Za-z0-9_-]+\./.test(text));
        assertFrameClean(`${c.id} watch`);
      }
      await closeForm(title);
      continue;
    }
    // Event names: typed into the raise-event form of a waiting instance.
    const instanceId = `con-ev-${c.id}`;
    const title = `Raise an event on ${instanceId}`;
    await screen.waitFor(instanceId);
    await screen.press('/');
    await screen.press(instanceId, KEYS.enter);
    await screen.waitFor((text) => new RegExp(`› \\S+\\s+${instanceId}\\b`).test(text));
    await screen.press('e');
    await screen.waitFor(title);
    for (let index = 0; index < 'payload'.length; index += 1) await screen.press(KEYS.backspace);
    const typed = c.raw === '' ? 'typed' : await typeInto(title, c.raw, c.id);
    if (typed !== 'typed') {
      outcomes.record('identifiers', c.id, typed === 'crashed' ? 'CRASH: Ink 6.8 input bug' : 'its ESC acted as the Esc key: form closed, nothing sent');
    } else {
      await screen.press(KEYS.tab, '"x"', KEYS.enter);
      if (c.expect === 'missing-name') {
        await screen.waitFor('Type the event name.');
        assertFrameClean(`${c.id} refused`);
        outcomes.record('identifiers', c.id, 'inline "Type the event name.", nothing sent');
      } else {
        await screen.waitFor((text) => text.includes('Raised ') && text.includes(` on ${instanceId}.`));
        assertFrameClean(`${c.id} raised`);
        outcomes.record('identifiers', c.id, CONTROL_OR_INVISIBLE.test(c.raw) ? 'raised as shown (controls dropped)' : 'raised as typed');
      }
    }
    await closeForm(title);
    await screen.press('/', KEYS.escape);
    await screen.waitFor((text) => !text.includes('filter "'));
  }

  for (const c of TEXTS) {
    if (KEY_CHARACTERS.test(c.raw)) continue; // typed, these are keys, not text
    await screen.press('/');
    await screen.waitFor('filter:');
    if (await type(c.raw, `${c.id} (filter)`)) {
      assertFrameClean(`${c.id} in the filter prompt`);
      if (screen.frame().includes('filter:')) await screen.press(KEYS.escape);
    }
    await screen.waitFor((text) => !text.includes('filter:') && text.includes('INSTANCE ID'));
  }
});

test('no typed or pasted text crashed the console\'s input handling', () => {
  // Ink 6.8.0 throws on a CSI with a Ctrl modifier it cannot name (ESC[31m in a paste): vadimdemedes/ink#901.
  assert.deepEqual(inkCrashes, [], `typing these crashed Ink's input handling: ${inkCrashes.join(', ')}`);
  outcomes.record('barrage', 'console-typed-escape-sequences', 'no crash: the key-input guard drops what Ink 6.8 cannot parse');
});

test('after the typing the console still answers keys, the sidecar answers, and the known instance is intact', async () => {
  await screen.press('?');
  await screen.waitFor('Keys');
  await screen.press('q');
  await screen.waitFor('INSTANCE ID');
  assertFrameClean('after');
  await assertKeeperIntact(sidecar, keeper);
  outcomes.record('after', 'sidecar-answers', 'yes; the console answers keys');
  outcomes.record('after', 'known-instance-intact', 'yes (status, payloads, history)');
});
