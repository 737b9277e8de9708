/** The external editor round trip (a real child process as the editor), without a terminal. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { editableText, editInExternalEditor, editorCommand } from '../../components/editor/external-editor.js';

function script(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'editor-')), 'edit.sh');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('$VISUAL wins over $EDITOR; blank ones count as unset', () => {
  assert.equal(editorCommand({ VISUAL: 'vi', EDITOR: 'nano' }), 'vi');
  assert.equal(editorCommand({ VISUAL: '  ', EDITOR: 'nano -w' }), 'nano -w');
  assert.equal(editorCommand({}), undefined);
});

test('JSON goes to the editor pretty-printed; what the editor writes comes back', () => {
  assert.equal(editableText('{"a":1}'), '{\n  "a": 1\n}\n');
  assert.equal(editableText('not json'), 'not json');
  const rewrite = script(`grep -q '"a": 1' "$1" && printf '{"a": 2}' > "$1"`);
  assert.deepEqual(editInExternalEditor('{"a":1}', rewrite), { kind: 'edited', text: '{"a": 2}' });
  assert.deepEqual(editInExternalEditor('{"a":1}', script('true')), { kind: 'unchanged' });
  // An editor command with arguments, as $EDITOR may carry: the file comes last.
  assert.deepEqual(editInExternalEditor('x', `${script('[ "$1" = "--wait" ] && printf y > "$2"')} --wait`), { kind: 'edited', text: 'y' });
});

test('an editor that fails leaves the field unchanged, with one sentence', () => {
  const outcome = editInExternalEditor('{}', script('exit 3'));
  assert.equal(outcome.kind, 'failed');
  assert.match(outcome.kind === 'failed' ? outcome.message : '', /exited with status 3; the field is unchanged\.$/);
});
