/**
 * The benchmark's app process: a WorkflowRuntime hosting a 5-activity chain, a 5-way
 * fan-out and a workflow that waits idle for an event, pointed at the sidecar named by argv[2] (`host:port`). Prints "ready" once started.
 * Runs as its own process, as a real Dapr app would.
 */
import { WorkflowRuntime, type WorkflowActivityContext, type WorkflowContext } from '@dapr/dapr';

const [host, port] = (process.argv[2] ?? '127.0.0.1:50001').split(':');
// The SDK logs every call at INFO through console; a benchmark wants none of it.
for (const method of ['log', 'info', 'debug', 'warn'] as const) console[method] = () => {};

const step = async (_ctx: WorkflowActivityContext, n: number) => n + 1;

async function* chain(ctx: WorkflowContext, input: number): any {
  let value = input ?? 0;
  for (let i = 0; i < 5; i++) value = yield ctx.callActivity('bench_step', value);
  return value;
}

async function* fanOut(ctx: WorkflowContext, input: number): any {
  const tasks = [0, 1, 2, 3, 4].map((i) => ctx.callActivity('bench_step', (input ?? 0) + i));
  const results: number[] = yield ctx.whenAll(tasks);
  return results.reduce((a, b) => a + b, 0);
}

// Waits for an event nobody raises: a RUNNING instance that stays idle.
async function* idle(ctx: WorkflowContext): any {
  return yield ctx.waitForExternalEvent('never');
}

const runtime = new WorkflowRuntime({ daprHost: host, daprPort: port, logger: { level: 0 } as never })
  .registerWorkflowWithName('bench_chain', chain)
  .registerWorkflowWithName('bench_fanout', fanOut)
  .registerWorkflowWithName('bench_idle', idle)
  .registerActivityWithName('bench_step', step);
await runtime.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
