/**
 * `npm run bench`: runs every benchmark and writes the figures, with the date, the machine
 * and the Node.js version, to docs/benchmarks.md. `npm run bench -- engine`, `-- console`
 * or `-- scale` runs one group (the other groups' previous sections are kept).
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchEngine, type EngineFigures } from './engine-bench.js';
import { benchConsole } from './console-bench.js';
import { benchScale } from './scale-bench.js';
import { benchVerbs } from './verb-bench.js';
import { fmt } from './lib/stats.js';

const docPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const groups = process.argv.slice(2);
const wants = (group: string) => groups.length === 0 || groups.includes(group);
const log = (line: string) => process.stderr.write(`${line}\n`);

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${process.platform}`;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

function engineSection(file: EngineFigures, memory: EngineFigures): string {
  const row = (what: string, f: number, m: number, target: string, ok: boolean, unit = '') =>
    `| ${what} | ${fmt(f)}${unit} | ${fmt(m)}${unit} | ${target} | ${verdict(ok)} |`;
  return [
    '## Engine',
    '',
    'A chain of 5 activities and a 5-way fan-out through the real `@dapr/dapr` SDK: the embedded',
    'sidecar (`serve --no-runtime`) and the workflow runtime in two separate processes, the load',
    'from a third (closed loop: N instances kept in flight for 10 s after a 2 s warm-up).',
    '',
    '| figure | SQLite file | in memory | target | |',
    '|---|---|---|---|---|',
    row('chain, 30 in flight (workflows/s)', file.chainAt30, memory.chainAt30, '≥ 100 (Dapr publishes 28)', file.chainAt30 >= 100),
    row('chain, 350 in flight (workflows/s)', file.chainAt350, memory.chainAt350, '(Dapr: 57 at its maximum)', true),
    row('fan-out, 110 in flight (workflows/s)', file.fanOutAt110, memory.fanOutAt110, '≥ 150 (Dapr: 98)', file.fanOutAt110 >= 150),
    row('one chain alone, p50 (ms)', file.chainP50Ms, memory.chainP50Ms, '≤ 50', file.chainP50Ms <= 50),
    row('one chain alone, p95 (ms)', file.chainP95Ms, memory.chainP95Ms, '', true),
    row('sidecar RSS after 10,000 instances (MiB)', file.rssAfter10kMiB, memory.rssAfter10kMiB, '≤ 300', file.rssAfter10kMiB <= 300),
    '',
    `Cost of durability (file ÷ in memory, measured side by side): chain @30 ${(file.chainAt30 / memory.chainAt30).toFixed(2)}, ` +
      `chain @350 ${(file.chainAt350 / memory.chainAt350).toFixed(2)}, fan-out @110 ${(file.fanOutAt110 / memory.fanOutAt110).toFixed(2)} ` +
      `(target ≥ 0.5: ${verdict(file.chainAt30 / memory.chainAt30 >= 0.5)}).`,
    '',
  ].join('\n');
}

function replaceSection(doc: string, heading: string, section: string): string {
  const start = doc.indexOf(`## ${heading}`);
  if (start < 0) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf('\n## ', start + 3);
  return doc.slice(0, start) + section + (next < 0 ? '' : doc.slice(next + 1));
}

let doc = '';
try {
  doc = readFileSync(docPath, 'utf8');
} catch {
  doc = '# Benchmarks\n';
}
const header = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}.\nThe machines are shared and noisy: compare figures measured side by side in one run.\n`;
doc = header + doc.slice(doc.indexOf('\n## ') >= 0 ? doc.indexOf('\n## ') : doc.length);

if (wants('engine')) {
  log('engine (SQLite file)…');
  const file = await benchEngine('file', log);
  log('engine (in memory)…');
  const memory = await benchEngine('in-memory', log);
  doc = replaceSection(doc, 'Engine', engineSection(file, memory));
}
if (wants('console')) {
  log('console…');
  doc = replaceSection(doc, 'Console', await benchConsole(log));
}
if (wants('scale')) {
  log('cost curve (1,000, 10,000 and 100,000 stored instances)…');
  doc = replaceSection(doc, 'Cost curve', await benchScale(log));
}
if (wants('verbs')) {
  log('verbs…');
  doc = replaceSection(doc, 'Verbs', await benchVerbs(log));
}
writeFileSync(docPath, `${doc.trimEnd()}\n`);
log(`wrote ${docPath}`);
