/** The keymap drives keys, footer hints and help; read-only mode drops mutating commands. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import {
  commandsFor,
  footerHints,
  helpSections,
  KEYMAP,
  keyName,
  resolveCommand,
  type KeyScope,
} from '../../components/keymap.js';
import { fitHints } from '../../components/chrome/fit-hints.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (overrides: Partial<Key> = {}): Key => ({ ...NO_KEY, ...overrides });

test('the default keys of the issue map to their commands in the table', () => {
  const expected: Record<string, string> = {
    s: 'instance.start',
    p: 'instance.suspend',
    r: 'instance.resume',
    t: 'instance.terminate',
    x: 'instance.purge',
    e: 'instance.raiseEvent',
    w: 'instance.wait',
    a: 'instance.watch',
    '/': 'view.filter',
    f: 'view.statusFilter',
    '?': 'app.help',
    q: 'app.quit',
    j: 'cursor.down',
    k: 'cursor.up',
  };
  for (const [input, command] of Object.entries(expected)) {
    assert.equal(resolveCommand('table', input, key(), { readOnly: false }), command, `key ${input}`);
  }
  assert.equal(resolveCommand('table', '', key({ return: true }), { readOnly: false }), 'view.details');
  assert.equal(resolveCommand('table', '', key({ downArrow: true }), { readOnly: false }), 'cursor.down');
  assert.equal(resolveCommand('table', '', key({ pageDown: true }), { readOnly: false }), 'cursor.pageDown');
  assert.equal(resolveCommand('table', '', key({ home: true }), { readOnly: false }), 'cursor.home');
  assert.equal(resolveCommand('table', '', key({ end: true }), { readOnly: false }), 'cursor.end');
  assert.equal(resolveCommand('table', 'c', key({ ctrl: true }), { readOnly: false }), 'app.quit');
});

test('confirmation: y confirms, n and Esc cancel, nothing else does anything', () => {
  assert.equal(resolveCommand('confirm', 'y', key(), { readOnly: false }), 'dialog.confirm');
  assert.equal(resolveCommand('confirm', 'n', key(), { readOnly: false }), 'dialog.cancel');
  assert.equal(resolveCommand('confirm', '', key({ escape: true }), { readOnly: false }), 'dialog.cancel');
  assert.equal(resolveCommand('confirm', 'p', key(), { readOnly: false }), undefined);
});

test('forms: Tab and Enter move on, Shift-Tab goes back, Esc cancels', () => {
  assert.equal(resolveCommand('form', '', key({ tab: true }), { readOnly: false }), 'form.next');
  assert.equal(resolveCommand('form', '', key({ return: true }), { readOnly: false }), 'form.next');
  assert.equal(resolveCommand('form', '', key({ tab: true, shift: true }), { readOnly: false }), 'form.previous');
  assert.equal(resolveCommand('form', '', key({ escape: true }), { readOnly: false }), 'form.cancel');
  assert.equal(resolveCommand('form', 'p', key(), { readOnly: false }), undefined, 'letters are typed, not commands');
});

test('read-only mode drops every mutating command from keys, footer and help', () => {
  for (const input of ['s', 'p', 'r', 't', 'x', 'e']) {
    assert.equal(resolveCommand('table', input, key(), { readOnly: true }), undefined, `key ${input}`);
  }
  assert.equal(resolveCommand('table', 'w', key(), { readOnly: true }), 'instance.wait');
  const labels = footerHints('table', { readOnly: true }).map((hint) => hint.label);
  assert.ok(!labels.includes('pause') && !labels.includes('terminate') && !labels.includes('start'));
  assert.ok(labels.includes('wait') && labels.includes('help'));
  const help = helpSections({ readOnly: true }).flatMap((section) => section.entries.map((entry) => entry.description));
  assert.ok(!help.some((text) => /Pause|Terminate|Purge|Start a workflow/.test(text)));
});

test('dangerous commands are exactly terminate and purge, and both mutate', () => {
  const dangerous = KEYMAP.filter((spec) => spec.isDangerous).map((spec) => spec.id);
  assert.deepEqual(dangerous.sort(), ['instance.purge', 'instance.terminate']);
  assert.ok(KEYMAP.filter((spec) => spec.isDangerous).every((spec) => spec.isMutating));
});

test('no key is bound to two different commands in the same scope', () => {
  const scopes: KeyScope[] = ['table', 'details', 'confirm', 'form', 'help', 'wait', 'filter'];
  for (const scope of scopes) {
    const seen = new Map<string, string>();
    for (const spec of commandsFor(scope, { readOnly: false })) {
      for (const name of spec.keys) {
        const other = seen.get(name);
        assert.ok(other === undefined || other === spec.id, `${scope}: ${name} is bound to ${other} and ${spec.id}`);
        seen.set(name, spec.id);
      }
    }
  }
});

test('the footer and the help are generated from the keymap', () => {
  const table = footerHints('table', { readOnly: false });
  assert.deepEqual(
    table.map((hint) => `${hint.key} ${hint.label}`).slice(0, 3),
    ['s start', 'p pause', 'r resume'],
  );
  assert.ok(table.find((hint) => hint.label === 'terminate')?.isDangerous);
  const described = new Set(helpSections({ readOnly: false }).flatMap((section) => section.entries.map((entry) => entry.description)));
  for (const spec of KEYMAP) assert.ok(described.has(spec.description), `help lists ${spec.id}`);
});

test('footer hints fit the width and always keep help and quit', () => {
  const hints = footerHints('table', { readOnly: false });
  const fitted = fitHints(hints, 60);
  const line = fitted.map((hint) => `${hint.key} ${hint.label}`).join('  ');
  assert.ok(line.length <= 60, line);
  assert.ok(fitted.some((hint) => hint.label === 'help'));
  assert.ok(fitted.some((hint) => hint.label === 'quit'));
  assert.equal(fitHints(hints, 500).length, hints.length);
});

test('keyName names special keys in the keymap vocabulary', () => {
  assert.equal(keyName('', key({ escape: true })), 'escape');
  assert.equal(keyName('G', key({ shift: true })), 'G');
  assert.equal(keyName('', key({ tab: true, shift: true })), 'shift+tab');
  assert.equal(keyName('abc', key()), undefined, 'pasted text is not a key');
});
