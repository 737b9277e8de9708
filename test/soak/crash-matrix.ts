/**
 * `npm run soak`: the long crash matrix (see crash-matrix-driver.ts) with a fixed seed.
 * Prints progress, the problems found (if any) and one summary line, writes its section of
 * docs/reliability.md, and exits 1 when anything was lost or finished wrong, or when a kill
 * state was never covered.
 *
 * Options: --seed N (default 6), --instances N (default 160), --kills N (default 8),
 * --time-scale F (default 0.2), --keep-data, --no-report (leave docs/reliability.md alone).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCrashMatrix, summaryLine } from './crash-matrix-driver.js';
import { writeSoakSection } from './reliability-report.js';

const DOC = fileURLToPath(new URL('../../docs/reliability.md', import.meta.url));

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function integer(value: string | undefined, fallback: number, flag: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) fail(`${flag} takes a whole number from ${min} to ${max}, not "${value}".`);
  return number;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      seed: { type: 'string' },
      instances: { type: 'string' },
      kills: { type: 'string' },
      'time-scale': { type: 'string' },
      'keep-data': { type: 'boolean' },
      'no-report': { type: 'boolean' },
    },
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)} (options: --seed, --instances, --kills, --time-scale, --keep-data, --no-report).`);
}

const timeScale = Number(parsed['time-scale'] ?? '0.2');
// The campaigns must still be running when the matrix terminates them (about 1100 s of scaled time).
if (!Number.isFinite(timeScale) || timeScale < 0.1 || timeScale > 1) fail(`--time-scale takes a factor from 0.1 to 1, not "${parsed['time-scale']}".`);

const settings = {
  seed: integer(parsed.seed, 6, '--seed', 0, 2 ** 32 - 1),
  instances: integer(parsed.instances, 160, '--instances', 1, 5000),
  kills: integer(parsed.kills, 8, '--kills', 0, 100),
  timeScale,
  keepData: parsed['keep-data'] === true,
  progress: (line: string) => process.stdout.write(`${line}\n`),
};
let result;
try {
  result = await runCrashMatrix(settings);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

for (const problem of result.problems) process.stdout.write(`problem: ${problem}\n`);
if (result.statesNotCovered.length > 0) process.stdout.write(`not covered: no kill caught an instance in ${result.statesNotCovered.join(', ')}\n`);
if (parsed['no-report'] !== true) {
  writeSoakSection(DOC, result);
  process.stdout.write(`wrote the soak section of ${DOC}\n`);
}
process.stdout.write(`${summaryLine(result)}\n`);
process.exit(result.problems.length === 0 && result.statesNotCovered.length === 0 ? 0 : 1);
