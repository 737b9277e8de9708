/**
 * The one keymap of the console: every command with its keys, its description, where it
 * applies and whether it changes an instance. Key handling, the footer hints and the `?`
 * help overlay are all generated from this table; read-only mode drops mutating commands.
 */
import type { Key } from 'ink';

/** Where a command applies: the view or dialog that has the keyboard. */
export type KeyScope = 'global' | 'table' | 'inbox' | 'details' | 'confirm' | 'form' | 'help' | 'wait' | 'filter';

/** Every command the console knows. */
export type CommandId =
  | 'app.quit'
  | 'app.help'
  | 'app.toggleLogs'
  | 'app.logLevel'
  | 'cursor.up'
  | 'cursor.down'
  | 'cursor.pageUp'
  | 'cursor.pageDown'
  | 'cursor.home'
  | 'cursor.end'
  | 'view.details'
  | 'view.back'
  | 'view.filter'
  | 'view.statusFilter'
  | 'view.inbox'
  | 'inbox.approve'
  | 'inbox.reject'
  | 'inbox.eventForm'
  | 'marks.toggle'
  | 'marks.all'
  | 'marks.clear'
  | 'timeline.rerun'
  | 'timeline.previous'
  | 'timeline.next'
  | 'instance.start'
  | 'instance.suspend'
  | 'instance.resume'
  | 'instance.terminate'
  | 'instance.purge'
  | 'instance.raiseEvent'
  | 'instance.wait'
  | 'instance.watch'
  | 'dialog.confirm'
  | 'dialog.cancel'
  | 'form.next'
  | 'form.previous'
  | 'form.cancel'
  | 'form.externalEditor'
  | 'filter.apply'
  | 'filter.clear'
  | 'wait.stop'
  | 'help.close';

/** One row of the keymap. */
export interface CommandSpec {
  readonly id: CommandId;
  /** Key names: a printable character (`p`, `?`, `/`), or `up`, `down`, `pageup`, `pagedown`, `home`, `end`, `enter`, `escape`, `tab`, `shift+tab`, `ctrl+<letter>`. */
  readonly keys: readonly string[];
  /** One line for the help overlay. */
  readonly description: string;
  /** A word or two for the footer; commands without a hint are listed in help only. */
  readonly hint?: string;
  readonly scopes: readonly KeyScope[];
  /** Changes an instance on the sidecar: hidden and refused in read-only mode. */
  readonly isMutating?: boolean;
  /** Destroys something: asks for confirmation first. */
  readonly isDangerous?: boolean;
}

const BROWSE: readonly KeyScope[] = ['table', 'inbox', 'details'];
const LISTS: readonly KeyScope[] = ['table', 'inbox'];
const SCROLLING: readonly KeyScope[] = ['table', 'inbox', 'details', 'help'];

/** The keymap, in the order help and footers list it. */
export const KEYMAP: readonly CommandSpec[] = [
  {
    id: 'inbox.approve',
    keys: ['y'],
    description: 'Approve the selected waiting instance: raise its event with the approve payload shown below',
    hint: 'approve',
    scopes: ['inbox'],
    isMutating: true,
  },
  {
    id: 'inbox.reject',
    keys: ['n'],
    description: 'Reject the selected waiting instance: raise its event with the reject payload shown below',
    hint: 'reject',
    scopes: ['inbox'],
    isMutating: true,
  },
  { id: 'inbox.eventForm', keys: ['enter'], description: 'Open the full event form for the selected waiting instance', hint: 'form', scopes: ['inbox'], isMutating: true },
  { id: 'instance.start', keys: ['s'], description: 'Start a workflow instance', hint: 'start', scopes: ['table'], isMutating: true },
  { id: 'instance.suspend', keys: ['p'], description: 'Pause (suspend) the selected instance', hint: 'pause', scopes: BROWSE, isMutating: true },
  { id: 'instance.resume', keys: ['r'], description: 'Resume the selected instance', hint: 'resume', scopes: BROWSE, isMutating: true },
  {
    id: 'instance.terminate',
    keys: ['t'],
    description: 'Terminate the selected instance (asks first)',
    hint: 'terminate',
    scopes: BROWSE,
    isMutating: true,
    isDangerous: true,
  },
  {
    id: 'instance.purge',
    keys: ['x'],
    description: 'Purge the selected finished instance (asks first)',
    hint: 'purge',
    scopes: BROWSE,
    isMutating: true,
    isDangerous: true,
  },
  { id: 'instance.raiseEvent', keys: ['e'], description: 'Raise an event on the selected instance', hint: 'event', scopes: BROWSE, isMutating: true },
  { id: 'instance.wait', keys: ['w'], description: 'Wait for the selected instance to finish', hint: 'wait', scopes: BROWSE },
  { id: 'instance.watch', keys: ['a'], description: 'Watch an instance by its ID', hint: 'watch', scopes: ['table'] },
  { id: 'marks.toggle', keys: ['space', 'm'], description: 'Mark or unmark the selected row (actions then apply to every marked instance)', hint: 'mark', scopes: LISTS },
  { id: 'marks.all', keys: ['M'], description: 'Mark every row shown (after filters)', hint: 'mark all', scopes: LISTS },
  { id: 'marks.clear', keys: ['u'], description: 'Clear all marks', hint: 'unmark', scopes: LISTS },
  { id: 'timeline.previous', keys: ['['], description: 'Timeline cursor to the previous event', hint: '] event', scopes: ['details'] },
  { id: 'timeline.next', keys: [']'], description: 'Timeline cursor to the next event', scopes: ['details'] },
  {
    id: 'timeline.rerun',
    keys: ['R'],
    description: 'Rerun the workflow from the timeline event under the cursor (new instance)',
    hint: 'rerun',
    scopes: ['details'],
    isMutating: true,
  },
  { id: 'view.details', keys: ['enter'], description: 'Show details of the selected instance', hint: 'details', scopes: LISTS },
  { id: 'view.back', keys: ['escape', 'enter'], description: 'Back to the instance table', hint: 'back', scopes: ['details'] },
  { id: 'view.filter', keys: ['/'], description: 'Filter the table by text', hint: 'filter', scopes: ['table'] },
  { id: 'view.statusFilter', keys: ['f'], description: 'Cycle the status filter', hint: 'status', scopes: ['table'] },
  { id: 'view.inbox', keys: ['i'], description: 'Inbox: running instances waiting for an event (again: back to all)', hint: 'inbox', scopes: LISTS },
  { id: 'view.back', keys: ['escape'], description: 'Back to the instance table', scopes: ['inbox'] },
  { id: 'cursor.up', keys: ['up', 'k'], description: 'Move up (details and help: scroll)', scopes: SCROLLING },
  { id: 'cursor.down', keys: ['down', 'j'], description: 'Move down (details and help: scroll)', scopes: SCROLLING },
  { id: 'cursor.pageUp', keys: ['pageup'], description: 'One page up', scopes: SCROLLING },
  { id: 'cursor.pageDown', keys: ['pagedown'], description: 'One page down', scopes: SCROLLING },
  { id: 'cursor.home', keys: ['home', 'g'], description: 'First row', scopes: SCROLLING },
  { id: 'cursor.end', keys: ['end', 'G'], description: 'Last row', scopes: SCROLLING },
  { id: 'app.toggleLogs', keys: ['l'], description: 'Show or hide the log pane', hint: 'logs', scopes: LISTS },
  { id: 'app.logLevel', keys: ['L'], description: 'Cycle what the log pane shows: workflow lines, + SDK info, everything, errors only', scopes: LISTS },
  { id: 'app.help', keys: ['?'], description: 'Show this help', hint: 'help', scopes: BROWSE },
  { id: 'app.quit', keys: ['q'], description: 'Quit', hint: 'quit', scopes: BROWSE },
  { id: 'app.quit', keys: ['ctrl+c'], description: 'Quit from anywhere', scopes: ['global'] },
  { id: 'dialog.confirm', keys: ['y'], description: 'Confirm', hint: 'yes', scopes: ['confirm'] },
  { id: 'dialog.cancel', keys: ['n', 'escape'], description: 'Cancel', hint: 'no', scopes: ['confirm'] },
  { id: 'form.next', keys: ['tab', 'enter'], description: 'Next field; on the last field, submit', hint: 'next/submit', scopes: ['form'] },
  { id: 'form.previous', keys: ['shift+tab'], description: 'Previous field', hint: 'previous', scopes: ['form'] },
  { id: 'form.cancel', keys: ['escape'], description: 'Cancel the form', hint: 'cancel', scopes: ['form'] },
  { id: 'form.externalEditor', keys: ['ctrl+e'], description: 'Edit the JSON field in $VISUAL or $EDITOR', hint: 'editor', scopes: ['form'] },
  { id: 'filter.apply', keys: ['enter'], description: 'Keep the filter', hint: 'keep', scopes: ['filter'] },
  { id: 'filter.clear', keys: ['escape'], description: 'Clear the filter', hint: 'clear', scopes: ['filter'] },
  { id: 'wait.stop', keys: ['escape'], description: 'Stop waiting', hint: 'stop waiting', scopes: ['wait'] },
  { id: 'help.close', keys: ['escape', '?', 'q'], description: 'Close help', hint: 'close', scopes: ['help'] },
];

/** Options that change which commands exist. */
export interface KeymapOptions {
  readonly readOnly: boolean;
}

/** The commands available in `scope` (global ones included), without mutating ones in read-only mode. */
export function commandsFor(scope: KeyScope, options: KeymapOptions): CommandSpec[] {
  return KEYMAP.filter(
    (spec) => (spec.scopes.includes(scope) || spec.scopes.includes('global')) && !(options.readOnly && spec.isMutating),
  );
}

/** The spec of a command (its first row). */
export function commandSpec(id: CommandId): CommandSpec {
  const spec = KEYMAP.find((row) => row.id === id);
  if (!spec) throw new Error(`Unknown command ${id}`);
  return spec;
}

/** Names the key Ink reported, in the keymap's vocabulary (undefined for keys the keymap never binds). */
export function keyName(input: string, key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return undefined;
}

/** The command `input`/`key` triggers in `scope`, if any. */
export function resolveCommand(scope: KeyScope, input: string, key: Key, options: KeymapOptions): CommandId | undefined {
  const name = keyName(input, key);
  if (name === undefined) return undefined;
  for (const spec of commandsFor(scope, options)) {
    if (spec.keys.includes(name)) return spec.id;
  }
  return undefined;
}

/** How a key is written for people: `↑`, `PgUp`, `Enter`, `Esc`, `Ctrl-C`… */
export function keyLabel(name: string): string {
  const labels: Record<string, string> = {
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    home: 'Home',
    end: 'End',
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    'shift+tab': 'Shift-Tab',
    space: 'Space',
  };
  if (labels[name]) return labels[name]!;
  if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
  return name;
}

/** One footer hint: the first key of a command and its short label. */
export interface KeyHint {
  readonly key: string;
  readonly label: string;
  readonly isDangerous: boolean;
}

/** The footer hints for `scope`, in keymap order. */
export function footerHints(scope: KeyScope, options: KeymapOptions): KeyHint[] {
  const seen = new Set<CommandId>();
  const hints: KeyHint[] = [];
  for (const spec of commandsFor(scope, options)) {
    if (!spec.hint || seen.has(spec.id) || !spec.scopes.includes(scope)) continue;
    seen.add(spec.id);
    hints.push({ key: keyLabel(spec.keys[0]!), label: spec.hint, isDangerous: spec.isDangerous ?? false });
  }
  return hints;
}

/** One line of the help overlay. */
export interface HelpEntry {
  readonly keys: string;
  readonly description: string;
  readonly isDangerous: boolean;
}

/** The help overlay's sections, generated from the keymap. */
export function helpSections(options: KeymapOptions): { readonly title: string; readonly entries: readonly HelpEntry[] }[] {
  const listed = new Set<CommandSpec>();
  const section = (title: string, scopes: readonly KeyScope[]) => ({
    title,
    entries: KEYMAP.filter((spec) => !listed.has(spec) && spec.scopes.some((scope) => scopes.includes(scope)))
      .filter((spec) => !(options.readOnly && spec.isMutating))
      .map((spec) => {
        listed.add(spec);
        return spec;
      })
      .map((spec) => ({
        keys: spec.keys.map(keyLabel).join(' '),
        description: spec.description,
        isDangerous: spec.isDangerous ?? false,
      })),
  });
  return [
    section('Instances, table and inbox', ['table', 'inbox', 'details', 'global']),
    section('Dialogs, forms and this help', ['confirm', 'form', 'filter', 'wait', 'help']),
  ].filter((part) => part.entries.length > 0);
}
