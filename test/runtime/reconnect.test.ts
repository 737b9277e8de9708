/**
 * The runtime survives its sidecar: it starts before the sidecar is up and connects when it
 * comes, and after the sidecar is closed and a new one starts on the same port it
 * reconnects promptly and runs workflows again, all through the real SDK.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { DaprWorkflowClient } from '@dapr/dapr';
import { createEngine, type RunningEngine } from '../../src/engine/index.js';
import { captureConsole } from '../../src/runtime/capture-console.js';
import { LogBuffer } from '../../src/runtime/log-buffer.js';
import { startWorkflowRuntime, type RunningWorkflowRuntime } from '../../src/runtime/start-workflow-runtime.js';
import { waitForStatus, waitUntil } from '../helpers/sidecar-harness.js';

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs an OrderProcessingWorkflow on the sidecar at `port` and waits for it to complete. */
async function runOrder(port: number): Promise<unknown> {
  const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(port) });
  try {
    const id = await client.scheduleNewWorkflow('OrderProcessingWorkflow', { customer_id: 'c', items: [{ name: 'mug', quantity: 1, price: 3 }], shipping_address: 'here' });
    return JSON.parse((await waitForStatus(client, id, 'COMPLETED')).serializedOutput!);
  } finally {
    await client.stop();
  }
}

let restoreConsole: () => void;
const engines: RunningEngine[] = [];
const runtimes: RunningWorkflowRuntime[] = [];
before(() => {
  restoreConsole = captureConsole(new LogBuffer());
});
after(async () => {
  await Promise.allSettled(runtimes.map((runtime) => runtime.stop()));
  await Promise.allSettled(engines.map((engine) => engine.close()));
  restoreConsole?.();
});

test('started before its sidecar, the runtime connects once the sidecar is up', async () => {
  const port = await freePort();
  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: `127.0.0.1:${port}`, timeScale: 0.01, log });
  runtimes.push(runtime);
  await waitUntil(() => log.lines().some((line) => line.text.startsWith(`Cannot reach the sidecar at 127.0.0.1:${port}`)), { what: 'the unreachable warning' });
  assert.equal(runtime.isConnected(), false);

  const engine = await createEngine({ grpcPort: port, inMemory: true });
  engines.push(engine);
  await waitUntil(() => runtime.isConnected(), { timeoutMs: 5000, what: 'the runtime to connect' });
  assert.equal(((await runOrder(port)) as { status: string }).status, 'OrderProcessed');
  const unreachableWarnings = log.lines().filter((line) => line.text.startsWith('Cannot reach')).length;
  assert.equal(unreachableWarnings, 1, 'one warning per outage, not one per retry');
});

test('after the sidecar is closed and a new one starts on the same port, the runtime reconnects and runs workflows', async () => {
  const port = await freePort();
  const log = new LogBuffer();
  const first = await createEngine({ grpcPort: port, inMemory: true });
  engines.push(first);
  const runtime = await startWorkflowRuntime({ address: `127.0.0.1:${port}`, timeScale: 0.01, log });
  runtimes.push(runtime);
  await waitUntil(() => runtime.isConnected(), { what: 'the first connection' });
  assert.equal(((await runOrder(port)) as { status: string }).status, 'OrderProcessed');

  await first.close();
  await waitUntil(() => !runtime.isConnected(), { what: 'the runtime to notice the sidecar is gone' });
  assert.ok(log.lines().some((line) => line.level === 'warn' && line.text.startsWith(`Lost the sidecar at 127.0.0.1:${port}`)));
  // Stay down for a while, so the runtime is in its retry loop when the new sidecar comes.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const second = await createEngine({ grpcPort: port, inMemory: true });
  engines.push(second);
  const upAt = Date.now();
  await waitUntil(() => runtime.isConnected(), { timeoutMs: 5000, intervalMs: 10, what: 'the runtime to reconnect' });
  const reconnectMs = Date.now() - upAt;
  assert.ok(reconnectMs < 3000, `reconnected in ${reconnectMs} ms`);
  assert.equal(((await runOrder(port)) as { status: string }).status, 'OrderProcessed');
});
