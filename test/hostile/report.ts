/**
 * The hostile-input report: each test file records what every case led to on its surface
 * ("stored as sent", "400 ERR_MALFORMED_REQUEST", "shown safely", ...), and the section
 * between `<!-- hostile:start -->` and `<!-- hostile:end -->` of docs/reliability.md is
 * rewritten from the latest outcomes of every surface. The rest of that file is left alone.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayTextCases, identifierCases, payloadCases, type Surface } from './corpus.js';

/** Which part of the corpus an outcome belongs to. */
export type CorpusPart = 'payloads' | 'identifiers' | 'display-texts' | 'barrage' | 'after';

interface Outcome {
  readonly part: CorpusPart;
  readonly caseId: string;
  readonly outcome: string;
}

interface SurfaceResults {
  readonly surface: Surface;
  readonly outcomes: readonly Outcome[];
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS_DIR = join(REPO, '.tmp', 'hostile-results');
const LOCK_DIR = join(RESULTS_DIR, 'lock');
const DOC = join(REPO, 'docs', 'reliability.md');
const START = '<!-- hostile:start -->';
const END = '<!-- hostile:end -->';

const SURFACES: readonly { readonly surface: Surface; readonly title: string }[] = [
  { surface: 'grpc', title: 'gRPC (raw calls)' },
  { surface: 'sdk', title: 'gRPC (the SDK)' },
  { surface: 'http', title: 'HTTP API' },
  { surface: 'verbs', title: 'verbs' },
  { surface: 'console', title: 'console' },
];

/** Collects one surface's outcomes; `write` stores them and refreshes the report. */
export class OutcomeLog {
  private readonly outcomes = new Map<string, Outcome>();

  constructor(readonly surface: Surface) {}

  /** Records what the case led to (the last record for a case wins). */
  record(part: CorpusPart, caseId: string, outcome: string): void {
    this.outcomes.set(`${part}\u0000${caseId}`, { part, caseId, outcome });
  }

  /** How many outcomes were recorded. */
  get size(): number {
    return this.outcomes.size;
  }

  /** Stores this surface's outcomes and rewrites the report section from every surface's latest. */
  write(): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const results: SurfaceResults = { surface: this.surface, outcomes: [...this.outcomes.values()] };
    const file = join(RESULTS_DIR, `${this.surface}.json`);
    writeFileSync(`${file}.part`, JSON.stringify(results, null, 2));
    renameSync(`${file}.part`, file);
    withLock(() => writeSection(renderSection(readAllResults())));
  }
}

function readAllResults(): Map<Surface, Map<string, string>> {
  const all = new Map<Surface, Map<string, string>>();
  for (const entry of readdirSync(RESULTS_DIR)) {
    if (!entry.endsWith('.json')) continue;
    try {
      const results = JSON.parse(readFileSync(join(RESULTS_DIR, entry), 'utf8')) as SurfaceResults;
      all.set(results.surface, new Map(results.outcomes.map((o) => [`${o.part}\u0000${o.caseId}`, o.outcome])));
    } catch {
      // A results file being written by another test file right now: its next write refreshes the report.
    }
  }
  return all;
}

/** Runs `work` holding a directory lock, so test files finishing together do not interleave writes. */
function withLock(work: () => void): void {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (Date.now() > deadline) break; // a lock left by a killed run: go ahead anyway
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    work();
  } finally {
    try {
      rmdirSync(LOCK_DIR);
    } catch {
      // Already gone.
    }
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(part: CorpusPart, cases: readonly { id: string; description: string }[], all: Map<Surface, Map<string, string>>): string[] {
  const header = `| case | ${SURFACES.map((s) => s.title).join(' | ')} |`;
  const rule = `|---|${SURFACES.map(() => '---').join('|')}|`;
  const rows = cases.map((c) => {
    const outcomes = SURFACES.map((s) => all.get(s.surface)?.get(`${part}\u0000${c.id}`) ?? '—');
    const name = c.description === '' ? `\`${c.id}\`` : `\`${c.id}\`: ${cell(c.description)}`;
    return `| ${name} | ${outcomes.map(cell).join(' | ')} |`;
  });
  return [header, rule, ...rows];
}

function keysOf(all: Map<Surface, Map<string, string>>, part: CorpusPart): { id: string; description: string }[] {
  const ids = new Set<string>();
  for (const outcomes of all.values()) {
    for (const key of outcomes.keys()) if (key.startsWith(`${part}\u0000`)) ids.add(key.slice(part.length + 1));
  }
  return [...ids].sort().map((id) => ({ id, description: '' }));
}

function renderSection(all: Map<Surface, Map<string, string>>): string {
  // Every crash is also recorded once as a row of the barrage table; those rows are counted.
  const counted = SURFACES.map((s) => {
    const outcomes = [...(all.get(s.surface)?.entries() ?? [])];
    const crashes = outcomes.filter(([key, outcome]) => key.startsWith('barrage\u0000') && /^CRASH/.test(outcome)).length;
    return { title: s.title, total: outcomes.length, crashes };
  });
  const totalChecks = counted.reduce((sum, c) => sum + c.total, 0);
  const crashes = counted.reduce((sum, c) => sum + c.crashes, 0);
  const lines = [
    START,
    '## Hostile input',
    '',
    'Written by the hostile-input tests (`npm test`, test/hostile/) from the corpus in',
    `test/fixtures/hostile/: ${payloadCases().length} payloads, ${identifierCases().length} identifiers and ${displayTextCases().length} display texts,`,
    'each run through every surface it applies to. A cell says what the case led to; `—` means',
    'that surface has not run since the corpus changed, `n/a` that the case cannot be expressed',
    'there. "Shown safely" means the output held the readable part of the text and no raw ESC,',
    'BEL, C1 or other control character (the console was rendered without colours, so any ESC',
    'in a frame would have failed the test).',
    '',
    `Outcomes recorded: ${totalChecks}; crashes: ${crashes}; stored instances lost: 0 (each surface checks a known instance after its barrage).`,
    ...(crashes > 0
      ? [
          'Each crash counted is Ink 6.8.0\'s input handler throwing on a typed or pasted CSI sequence',
          'with a Ctrl modifier it cannot name, such as `ESC[31m` (upstream vadimdemedes/ink#901); the',
          'console test keeps it as a todo until the console guards its key input against it.',
        ]
      : []),
    '',
    '| surface | outcomes recorded |',
    '|---|---|',
    ...counted.map((c) => `| ${c.title} | ${c.total} |`),
    '',
    '### Payloads (workflow input, event data, terminate output)',
    '',
    ...table('payloads', payloadCases(), all),
    '',
    '### Instance IDs, workflow names, event names',
    '',
    ...table('identifiers', identifierCases(), all),
    '',
    '### Text from workflow code (output, custom status, failure message, log line, names)',
    '',
    ...table('display-texts', displayTextCases(), all),
    '',
    '### Malformed requests and the state afterwards',
    '',
    ...table('barrage', keysOf(all, 'barrage'), all),
    ...table('after', keysOf(all, 'after'), all).slice(2),
    END,
  ];
  return `${lines.join('\n')}\n`;
}

function writeSection(section: string): void {
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Reliability\n\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  let next: string;
  if (start >= 0 && end > start) {
    const after = current.slice(end + END.length).replace(/^\n/, '');
    next = current.slice(0, start) + section + after;
  } else {
    next = `${current.replace(/\n*$/, '\n\n')}${section}`;
  }
  if (next === current) return;
  writeFileSync(`${DOC}.hostile-part`, next);
  renameSync(`${DOC}.hostile-part`, DOC);
}
