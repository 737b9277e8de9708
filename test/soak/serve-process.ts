/**
 * The process the crash matrix kills: the real `dapr-workflow-tui serve` (embedded sidecar
 * plus its in-process runtime with the bundled workflows and the journaled test workflows),
 * on a data directory and a fixed port, with every log line appended to one file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChild, type RunningChild } from './child-processes.js';

const BIN = fileURLToPath(new URL('../../bin/dapr-workflow-tui.js', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The workflows module with the journaled steps. */
export const JOURNAL_WORKFLOWS_MODULE = fileURLToPath(new URL('../fixtures/crash/journal-workflows.ts', import.meta.url));

/** Where and how `serve` runs. */
export interface ServeSettings {
  readonly port: number;
  readonly dataDir: string;
  readonly timeScale: number;
  /** Its stderr (`--verbose`: every log line) is appended here. */
  readonly logFile: string;
  /** The journaled activities append their runs here. */
  readonly journalFile: string;
}

/** How many times a start is tried when the port is not free again yet. */
const START_ATTEMPTS = 5;

/** Starts `serve` and resolves once it prints the line naming its gRPC address. */
export async function startServe(settings: ServeSettings): Promise<RunningChild> {
  const args = [
    BIN,
    'serve',
    '--grpc-port',
    String(settings.port),
    '--http-port',
    'off',
    '--data-dir',
    settings.dataDir,
    '--time-scale',
    String(settings.timeScale),
    '--workflows',
    JOURNAL_WORKFLOWS_MODULE,
    '--verbose',
  ];
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startChild({
        args,
        cwd: REPO,
        readyLine: /^Embedded sidecar listening on 127\.0\.0\.1:(\d+) \(gRPC\)/,
        env: { ...process.env, CRASH_JOURNAL: settings.journalFile, FORCE_COLOR: '0' },
        stderrFile: settings.logFile,
        timeoutMs: 60_000,
      });
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
  const said = lastLogLine(settings.logFile);
  throw new Error(`${lastError instanceof Error ? lastError.message : String(lastError)}${said ? ` It said: ${said}` : ''}`);
}

/** The last line of the log that is not a routine info or debug line. */
function lastLogLine(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^\S+ (info |debug) /.test(line))
      .at(-1);
  } catch {
    return undefined;
  }
}
