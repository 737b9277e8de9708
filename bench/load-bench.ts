/**
 * The console under load, as a benchmark: the load test's scenario (1,000 running instances
 * on `serve`, one event each raised at 100 per second from another process, the real console
 * attached in tmux) with more keys timed, giving key-to-frame p50/p95 under that load and the
 * events lost. `npm run bench` puts the rows in the Console section; run alone
 * (`npx tsx bench/load-bench.ts`) it prints them.
 */
import { pathToFileURL } from 'node:url';
import { runConsoleUnderLoad } from '../test/load/console-under-load.js';
import { fmt, quantile } from './lib/stats.js';

/** What the benchmark measured. */
export interface ConsoleLoadFigures {
  readonly instances: number;
  readonly eventsPerSecond: number;
  readonly keys: number;
  readonly keyP50Ms: number;
  readonly keyP95Ms: number;
  readonly keysUnanswered: number;
  /** Events the sidecar accepted. */
  readonly eventsRaised: number;
  /** Raise calls that failed (the event was never accepted). */
  readonly raiseFailures: number;
  /** Accepted events whose instance did not complete with that event's payload. */
  readonly eventsLost: number;
  /** From the last event raised to the console showing every instance completed (-1: never). */
  readonly caughtUpMs: number;
}

/** Runs the scenario once (about 30 s) and returns its figures. */
export async function benchConsoleUnderLoad(log: (line: string) => void): Promise<ConsoleLoadFigures> {
  const instances = 1000;
  const eventsPerSecond = 100;
  const figures = await runConsoleUnderLoad({ instances, eventsPerSecond, pauseBetweenKeysMs: 100, log });
  const keys = figures.keyToFrameMs;
  const result: ConsoleLoadFigures = {
    instances,
    eventsPerSecond,
    keys: keys.length,
    keyP50Ms: quantile(keys, 0.5),
    keyP95Ms: quantile(keys, 0.95),
    keysUnanswered: figures.keysUnanswered,
    eventsRaised: figures.eventsRaised,
    raiseFailures: figures.raiseFailures.length,
    eventsLost: figures.lost.length,
    caughtUpMs: figures.consoleCaughtUpMs,
  };
  log(
    `  under load: key-to-frame p50 ${fmt(result.keyP50Ms)} ms, p95 ${fmt(result.keyP95Ms)} ms over ${result.keys} keys ` +
      `(${result.keysUnanswered} unanswered); ${result.eventsRaised} events accepted, ${result.raiseFailures} refused, ${result.eventsLost} lost; caught up in ${fmt(result.caughtUpMs)} ms`,
  );
  return result;
}

/** The Console table's rows for these figures (`| figure | measured | target | verdict |`). */
export function consoleLoadRows(figures: ConsoleLoadFigures): string[] {
  const load = `${figures.instances.toLocaleString('en-US')} running, ${figures.eventsPerSecond} events/s`;
  const ok = (met: boolean) => (met ? 'met' : '**missed**');
  const answered = figures.keysUnanswered === 0;
  return [
    `| key-to-frame p50 under load (${load}) (ms) | ${fmt(figures.keyP50Ms)} | | |`,
    `| key-to-frame p95 under load (${load}) (ms, ${figures.keys} keys) | ${fmt(figures.keyP95Ms)} | < 1000, every key answered | ${ok(figures.keyP95Ms < 1000 && answered)} |`,
    `| events lost under load (of ${figures.eventsRaised.toLocaleString('en-US')} accepted; ${figures.raiseFailures} refused) | ${figures.eventsLost} | 0 | ${ok(figures.eventsLost === 0 && figures.raiseFailures === 0)} |`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchConsoleUnderLoad((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${consoleLoadRows(figures).join('\n')}\n${JSON.stringify(figures)}\n`);
}
