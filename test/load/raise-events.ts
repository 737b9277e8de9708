/**
 * The load's event source, as its own process (so the test process may block on tmux without
 * slowing it): raises `load_event` on instances `PREFIX0` … `PREFIX(count-1)` in that order
 * at a steady rate through the official SDK client, then prints one JSON line: how many were
 * raised, which failed (with their error), and the achieved rate.
 *
 * Usage: tsx test/load/raise-events.ts HOST:PORT PREFIX COUNT PER_SECOND
 */
import { DaprWorkflowClient } from '@dapr/dapr';

const [address = '', prefix = 'load-', countText = '0', rateText = '100'] = process.argv.slice(2);
const count = Number(countText);
const perSecond = Number(rateText);
// The SDK logs every call at INFO through console; stdout carries only the summary.
for (const method of ['log', 'info', 'debug', 'warn'] as const) console[method] = () => {};

const at = address.lastIndexOf(':');
const client = new DaprWorkflowClient({ daprHost: address.slice(0, at), daprPort: address.slice(at + 1) });
const failed: { index: number; error: string }[] = [];
const calls: Promise<void>[] = [];
const started = performance.now();
let sent = 0;
while (sent < count) {
  const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * perSecond) + 1);
  for (; sent < due; sent += 1) {
    const index = sent;
    calls.push(
      client.raiseEvent(`${prefix}${index}`, 'load_event', { n: index }).catch((error: unknown) => {
        failed.push({ index, error: error instanceof Error ? error.message : String(error) });
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await Promise.all(calls);
const seconds = (performance.now() - started) / 1000;
await client.stop().catch(() => {});
process.stdout.write(`${JSON.stringify({ raised: count - failed.length, failed, seconds, perSecond: count / seconds })}\n`);
process.exit(0);
