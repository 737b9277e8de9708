/**
 * `completion bash|zsh|fish`: each script names every verb, and the shells themselves run it:
 * bash and fish complete verbs, flags and flag values as a user's Tab would; zsh parses it.
 * A shell that is not installed is skipped with a message (CI installs all three).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { buildProgram } from '../../src/cli/program.js';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from '../../src/cli/shell-completion.js';

const dir = mkdtempSync(join(tmpdir(), 'dwt-completion-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function scriptFile(shell: CompletionShell): string {
  const path = join(dir, `completion.${shell}`);
  writeFileSync(path, completionScript(buildProgram(), shell));
  return path;
}

function hasShell(t: TestContext, shell: string): boolean {
  if (spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0) return true;
  t.skip(`SKIPPED: ${shell} is not installed, so its completion script cannot be checked (CI installs it)`);
  process.stderr.write(`\n*** ${shell} is not installed: its completion test is skipped ***\n`);
  return false;
}

/** What bash's completion function offers for the words typed so far (the last one is being completed). */
function bashComplete(words: readonly string[]): string[] {
  const quoted = words.map((word) => `'${word}'`).join(' ');
  const run = spawnSync(
    'bash',
    ['-c', `source "$1"; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _dapr_workflow_tui; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', scriptFile('bash')],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it('names every verb and alias in every shell', () => {
    const program = buildProgram();
    const names = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
    assert.ok(names.includes('raise-event') && names.includes('completion') && names.includes('ls'));
    for (const shell of COMPLETION_SHELLS) {
      const script = completionScript(program, shell);
      for (const name of names) assert.match(script, new RegExp(`\\b${name}\\b`), `${shell} completes ${name}`);
    }
  });

  it('bash completes verbs, flags, flag values and skips global flag values', (t) => {
    if (!hasShell(t, 'bash')) return;
    assert.deepEqual(bashComplete(['dapr-workflow-tui', 'st']), ['status']);
    assert.deepEqual(bashComplete(['dapr-workflow-tui', '--sidecar', 'localhost:50001', 'li']), ['list']);
    assert.deepEqual(bashComplete(['dapr-workflow-tui', 'status', 'order-1', '-o', '']), ['short', 'wide', 'json', 'yaml']);
    assert.deepEqual(bashComplete(['dapr-workflow-tui', 'completion', '']).slice(0, 3), ['bash', 'zsh', 'fish']);
    assert.deepEqual(bashComplete(['dapr-workflow-tui', 'raise-event', 'doc-1/E', '--inp']), ['--input']);
    // -s is --filter-status for list (a value, nothing to offer) but --start-time for run.
    assert.deepEqual(bashComplete(['dapr-workflow-tui', 'list', '-s', '']), []);
  });

  it('fish completes verbs and the flags of the verb typed', (t) => {
    if (!hasShell(t, 'fish')) return;
    const complete = (line: string) => {
      const run = spawnSync('fish', ['--no-config', '-c', `source ${scriptFile('fish')}; complete -C '${line}'`], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.split('\n').filter(Boolean).map((entry) => entry.split('\t')[0]);
    };
    assert.deepEqual(complete('dapr-workflow-tui raise-'), ['raise-event']);
    assert.ok(complete('dapr-workflow-tui wait x --t').includes('--timeout'));
    assert.ok(!complete('dapr-workflow-tui status x --t').includes('--timeout'), 'wait\'s flag is not offered for status');
  });

  it('zsh parses the script and registers the function', (t) => {
    if (!hasShell(t, 'zsh')) return;
    const path = scriptFile('zsh');
    const parsed = spawnSync('zsh', ['-n', path], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    const loaded = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D && source ${path} && print -r -- $_comps[dapr-workflow-tui]`], {
      encoding: 'utf8',
    });
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(loaded.stdout.trim(), '_dapr_workflow_tui');
  });
});
