/**
 * Ends the process only once everything written to stdout and stderr has left it. When
 * stdout is a pipe, Node queues what the reader has not taken yet; process.exit would drop
 * that queue (a `list --json | jq` would get a cut-off document). A reader that goes away
 * early (`| head`) ends the process quietly instead of with an EPIPE stack trace.
 */

/** Resolves once `stream` has handed every queued write to the operating system (or cannot any more). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => {
    // A write's callback runs after every earlier write has been flushed.
    stream.write('', () => resolve());
  });
}

/** Lets a closed stdout or stderr end the process quietly with `code` rather than crash it. Call once at start-up. */
export function exitQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      }
      throw error;
    });
  }
}

/** Waits until stdout and stderr are flushed, then exits with `code`. */
export async function exitAfterOutput(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}
