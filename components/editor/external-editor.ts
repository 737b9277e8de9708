/**
 * Editing a payload in the user's own editor ($VISUAL, else $EDITOR): the text goes to a
 * private temporary file (pretty-printed when it is JSON), the editor runs on the terminal
 * until it exits, and the file's text comes back. The caller hands the terminal over
 * around the call (see use-external-editor.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How an external edit ended. */
export type ExternalEditOutcome =
  | { readonly kind: 'edited'; readonly text: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly message: string };

/** The editor command the user chose ($VISUAL, else $EDITOR), or undefined. */
export function editorCommand(env: NodeJS.ProcessEnv): string | undefined {
  const command = (env.VISUAL ?? '').trim() || (env.EDITOR ?? '').trim();
  return command === '' ? undefined : command;
}

/** What the file starts with: JSON pretty-printed (easier to edit), other text as it is. */
export function editableText(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}

/**
 * Runs `command` (a shell command line, as $EDITOR may carry arguments, e.g. `code -w`) on a
 * temporary file holding `text`, with the terminal inherited; returns the file's text after
 * the editor exits. Synchronous: nothing else may use the terminal meanwhile.
 */
export function editInExternalEditor(text: string, command: string, env: NodeJS.ProcessEnv = process.env): ExternalEditOutcome {
  const dir = mkdtempSync(join(tmpdir(), 'dapr-workflow-tui-'));
  const file = join(dir, 'payload.json');
  try {
    const initial = editableText(text);
    writeFileSync(file, initial, { mode: 0o600 });
    const run = spawnSync('sh', ['-c', `${command} "$1"`, 'sh', file], { stdio: 'inherit', env });
    if (run.error) return { kind: 'failed', message: `The editor (${command}) could not start: ${run.error.message}.` };
    if (run.status !== 0) {
      const how = run.signal ? `was stopped by ${run.signal}` : `exited with status ${run.status}`;
      return { kind: 'failed', message: `The editor (${command}) ${how}; the field is unchanged.` };
    }
    const edited = readFileSync(file, 'utf8');
    return edited === initial ? { kind: 'unchanged' } : { kind: 'edited', text: edited };
  } catch (error) {
    return { kind: 'failed', message: `The editor could not be used: ${error instanceof Error ? error.message : String(error)}.` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
