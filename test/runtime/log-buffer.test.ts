/**
 * The runtime's log: LogBuffer (bounded ring, snapshots, one notification per burst),
 * followLog/formatLogLine, and captureConsole (routes console output with a level and
 * source, recognises the SDK's format, restores console).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureConsole, classifyConsoleLine } from '../../src/runtime/capture-console.js';
import { followLog, formatLogLine } from '../../src/runtime/follow-log.js';
import { LogBuffer } from '../../src/runtime/log-buffer.js';
import { sdkLogMethods } from '../../src/runtime/sdk-logger.js';
import type { LogLine } from '../../src/runtime/types.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('keeps the newest lines up to its capacity, oldest first, with increasing seq', () => {
  const log = new LogBuffer(3);
  for (let i = 1; i <= 5; i++) log.append('info', 'workflow', `line ${i}`);
  assert.deepEqual(log.lines().map((line) => line.text), ['line 3', 'line 4', 'line 5']);
  assert.deepEqual(log.lines().map((line) => line.seq), [3, 4, 5]);
});

test('returns the same snapshot until a line is added', () => {
  const log = new LogBuffer();
  log.append('info', 'sdk', 'a');
  const first = log.lines();
  assert.equal(log.lines(), first);
  assert.ok(Object.isFrozen(first));
  log.append('info', 'sdk', 'b');
  assert.notEqual(log.lines(), first);
  assert.equal(first.length, 1, 'an old snapshot does not change');
});

test('notifies listeners once per burst of lines, and not after unsubscribing', async () => {
  const log = new LogBuffer();
  let calls = 0;
  const unsubscribe = log.subscribe(() => (calls += 1));
  for (let i = 0; i < 100; i++) log.append('debug', 'sdk', `burst ${i}`);
  assert.equal(calls, 0, 'not synchronously');
  await tick();
  assert.equal(calls, 1);
  unsubscribe();
  log.append('info', 'sdk', 'later');
  await tick();
  assert.equal(calls, 1);
});

test('a throwing listener does not stop the others', async () => {
  const log = new LogBuffer();
  let heard = false;
  log.subscribe(() => {
    throw new Error('listener bug');
  });
  log.subscribe(() => (heard = true));
  log.append('info', 'workflow', 'x');
  await tick();
  assert.equal(heard, true);
});

test('followLog hands over each new line once, in order, and formatLogLine makes one plain line', async () => {
  const log = new LogBuffer();
  log.append('info', 'runtime', 'before following');
  const seen: LogLine[] = [];
  const stop = followLog(log, (line) => seen.push(line));
  log.append('info', 'workflow', 'one');
  log.append('warn', 'runtime', 'two');
  await tick();
  log.append('error', 'sdk', 'three');
  await tick();
  stop();
  log.append('info', 'sdk', 'after');
  await tick();
  assert.deepEqual(seen.map((line) => line.text), ['one', 'two', 'three']);
  assert.match(formatLogLine(seen[1]!), /^\d\d:\d\d:\d\d\.\d{3} WARN  runtime two$/);
});

test('classifies SDK lines by their own level and everything else by the console method', () => {
  assert.deepEqual(classifyConsoleLine('info', '2025-06-01T10:00:00.000Z WARN [DurableTask, Worker] Stream abruptly closed'), {
    level: 'warn',
    source: 'sdk',
    text: '[DurableTask, Worker] Stream abruptly closed',
  });
  assert.equal(classifyConsoleLine('log', '2025-06-01T10:00:00.000Z VERBOSE [x] y').level, 'debug');
  assert.deepEqual(classifyConsoleLine('error', 'activity went wrong'), { level: 'error', source: 'workflow', text: 'activity went wrong' });
});

test('captureConsole routes every console method into the buffer and restores console', () => {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const before = methods.map((method) => console[method]);
  const log = new LogBuffer();
  const restore = captureConsole(log);
  try {
    console.log('step %d of %d', 3, 10);
    console.info('info line');
    console.warn('warn line');
    console.error('failed:', new Error('boom'));
    console.debug({ deep: true });
    console.info('2025-06-01T10:00:00.000Z INFO [DurableTask, Worker] Received work item');
  } finally {
    restore();
  }
  assert.deepEqual(methods.map((method) => console[method]), before, 'console is restored');
  restore(); // twice is harmless
  assert.deepEqual(
    log.lines().map((line) => [line.level, line.source, line.text]),
    [
      ['info', 'workflow', 'step 3 of 10'],
      ['info', 'workflow', 'info line'],
      ['warn', 'workflow', 'warn line'],
      ['error', 'workflow', 'failed: Error: boom'],
      ['debug', 'workflow', '{ deep: true }'],
      ['info', 'sdk', '[DurableTask, Worker] Received work item'],
    ],
  );
});

test('the SDK logger methods write sdk lines with the SDK level and prefix', () => {
  const log = new LogBuffer();
  const logger = sdkLogMethods(log, '[DurableTask, Worker] ');
  logger.info('Successfully connected');
  logger.error('Worker failed:', new TypeError('bad'));
  logger.verbose('chatty');
  assert.deepEqual(
    log.lines().map((line) => [line.level, line.source, line.text]),
    [
      ['info', 'sdk', '[DurableTask, Worker] Successfully connected'],
      ['error', 'sdk', '[DurableTask, Worker] Worker failed: TypeError: bad'],
      ['debug', 'sdk', '[DurableTask, Worker] chatty'],
    ],
  );
});
