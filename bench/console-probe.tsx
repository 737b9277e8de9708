/**
 * The benchmark's console process without a terminal: the real client, tracker and <App/>
 * (rendered by ink-testing-library to an in-memory stream) against the sidecar named by
 * argv[2], tracking argv[3] instances. Prints one JSON line of figures: the first rows
 * drawn, the first full refresh, a steady refresh, CPU while nothing changes, resident
 * memory. Prints `idle` on a line of its own when the idle window starts (so a caller can
 * measure the sidecar over the same window).
 */
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../components/app.js';
import { connectSidecar } from '../src/client/grpc-client.js';
import { LogBuffer } from '../src/runtime/index.js';
import { createTracker } from '../src/tracker/index.js';

const [address = '127.0.0.1:50001', countText = '1000', idleSecondsText = '10'] = process.argv.slice(2);
const expected = Number(countText);
for (const method of ['log', 'info', 'debug'] as const) console[method] = () => {};

const client = connectSidecar({ address, useTls: false, origin: 'bench' });
const tracker = createTracker({ client, refreshMs: 1000 });
const view = render(
  <App
    client={client}
    tracker={tracker}
    workflows={[]}
    logs={new LogBuffer()}
    sidecarLabel={`sidecar ${address}`}
    readOnly={false}
    onQuit={() => {}}
    size={{ columns: 120, rows: 40 }}
  />,
);

const started = performance.now();
let firstRowsMs: number | undefined;
const rowPattern = /RUNNING|PENDING|COMPLETED|FAILED|TERMINATED/;
const watchFirstRows = () => {
  if (firstRowsMs === undefined && tracker.snapshot().instances.length > 0 && rowPattern.test(view.lastFrame() ?? '')) {
    firstRowsMs = performance.now() - started;
  }
};
const frameTimer = setInterval(watchFirstRows, 5);
tracker.start();
await new Promise<void>((resolve, reject) => {
  const deadline = setTimeout(() => reject(new Error(`only ${tracker.snapshot().instances.length} of ${expected} instances loaded`)), 300_000);
  const check = () => {
    if (tracker.snapshot().instances.length >= expected) {
      clearTimeout(deadline);
      resolve();
    }
  };
  tracker.subscribe(check);
  check();
});
const firstFullRefreshMs = performance.now() - started;
watchFirstRows();
clearInterval(frameTimer);

const steady: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await tracker.refreshNow();
  steady.push(performance.now() - t);
}
steady.sort((a, b) => a - b);

const idleSeconds = Number(idleSecondsText);
process.stdout.write('idle\n');
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
const cpu = process.cpuUsage(cpuBefore);
const idleCpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100;

const rssMiB = process.memoryUsage().rss / 2 ** 20;
const frame = view.lastFrame() ?? '';
process.stdout.write(
  `${JSON.stringify({
    instances: tracker.snapshot().instances.length,
    firstRowsMs: firstRowsMs ?? firstFullRefreshMs,
    firstFullRefreshMs,
    steadyRefreshMs: steady[Math.floor(steady.length / 2)],
    idleCpuPercent,
    rssMiB,
    frameLines: frame.split('\n').length,
  })}\n`,
);
tracker.stop();
view.unmount();
await client.close();
process.exit(0);
