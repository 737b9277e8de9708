/**
 * The console's root component. It takes everything as props (client, tracker, workflows,
 * logs, size, clock), so tests render it with a fake client; it maps keys to commands
 * through the keymap, keeps UI state in one reducer, and draws header, table, inbox or
 * pane, log pane, status line and footer. It never prints outside its frame.
 */
import { Box } from 'ink';
import React, { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { SidecarClient } from '../src/client/types.js';
import { describeError } from '../src/client/errors.js';
import { isTerminalStatus, type RuntimeStatus } from '../src/model/index.js';
import type { LogSource } from '../src/runtime/types.js';
import type { WorkflowInfo } from '../src/model/index.js';
import { safeLine } from '../src/text/safe-text.js';
import type { InstanceTracker, TrackedInstance } from '../src/tracker/index.js';
import { SentPayloadStore, type SentPayloadMemory } from '../src/tracker/sent-payload-store.js';
import type { WaitCandidate } from '../src/tracker/wait-watch.js';
import { bulkQuestion, refusal, type BulkAction, type InstanceAction } from './actions/instance-actions.js';
import { useInstanceActions, type BulkTarget } from './actions/use-instance-actions.js';
import { appReducer, INITIAL_APP_STATE, type ConfirmableCommand, type Mode } from './app-state.js';
import { useExternalEditor, type ExternalEditor } from './editor/use-external-editor.js';
import { inboxEntries, type InboxEntry } from './inbox/inbox-entries.js';
import { INBOX_PREVIEW_LINES, InboxTable } from './inbox/inbox-table.js';
import { RerunForm, suggestRerunId } from './forms/rerun-form.js';
import { useWaitWatch } from './hooks/use-wait-watch.js';
import { Footer, refreshNote } from './chrome/footer.js';
import { Header, headerHeight } from './chrome/header.js';
import { StatusLine } from './chrome/status-line.js';
import { detailsContent } from './details/details-lines.js';
import { DetailsView, maxDetailsTop } from './details/details-view.js';
import { ConfirmPrompt } from './dialogs/confirm-prompt.js';
import { FilterPrompt } from './dialogs/filter-prompt.js';
import { HelpOverlay, helpLines } from './dialogs/help-overlay.js';
import { RaiseEventForm } from './forms/raise-event-form.js';
import { StartForm } from './forms/start-form.js';
import { WatchForm } from './forms/watch-form.js';
import { useHistory } from './hooks/use-history.js';
import { useKeyHandler } from './hooks/use-key-handler.js';
import { useLogLines } from './hooks/use-log-lines.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize, type TerminalSize } from './hooks/use-terminal-size.js';
import { useTrackerSnapshot } from './hooks/use-tracker-snapshot.js';
import { commandSpec, resolveCommand, type CommandId, type KeyScope } from './keymap.js';
import { computeLayout } from './layout.js';
import { LogPane } from './logs/log-pane.js';
import { InstanceTable } from './table/instance-table.js';
import { filterRows } from './table/row-filter.js';
import { layoutColumns } from './table/table-columns.js';
import { moveCursor, resolveCursor, scrollTop, type CursorMove } from './table/visible-window.js';
import { createTheme, type Theme } from './theme.js';
import { WaitIndicator } from './wait/wait-indicator.js';

/** The default timeout of `w` (wait for completion). */
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;

/** Props of App. */
export interface AppProps {
  readonly client: SidecarClient;
  readonly tracker: InstanceTracker;
  readonly workflows: readonly WorkflowInfo[];
  readonly logs: LogSource;
  /** Which sidecar, for the header (e.g. `embedded sidecar 127.0.0.1:50001`). */
  readonly sidecarLabel: string;
  /** What is still starting behind the first frame (e.g. `sidecar`, `runtime`); empty when everything runs. */
  readonly starting?: readonly string[];
  /** No lifecycle actions. */
  readonly readOnly: boolean;
  readonly waitTimeoutMs?: number;
  /** Called once when the user quits (q or Ctrl-C). */
  readonly onQuit: () => void;
  /** Where sent event payloads are remembered (the data directory); in memory by default. */
  readonly sentPayloads?: SentPayloadMemory;
  /** The external editor for Ctrl-E; by default $VISUAL / $EDITOR on this terminal. */
  readonly editor?: ExternalEditor;
  /** A fixed terminal size (tests); otherwise stdout's, following resizes. */
  readonly size?: TerminalSize;
  /** The clock (tests); Date.now by default. */
  readonly clock?: () => number;
  /** The theme; by default colours unless NO_COLOR is set. */
  readonly theme?: Theme;
}

const MOVES: Partial<Record<CommandId, CursorMove>> = {
  'cursor.up': 'up',
  'cursor.down': 'down',
  'cursor.pageUp': 'pageUp',
  'cursor.pageDown': 'pageDown',
  'cursor.home': 'home',
  'cursor.end': 'end',
};

const ACTIONS: Partial<Record<CommandId, InstanceAction>> = {
  'instance.suspend': 'suspend',
  'instance.resume': 'resume',
  'instance.terminate': 'terminate',
  'instance.purge': 'purge',
  'instance.raiseEvent': 'raise-event',
  'instance.wait': 'wait',
};

const CONFIRM_ACTION: Record<ConfirmableCommand, BulkAction> = {
  'instance.suspend': 'suspend',
  'instance.resume': 'resume',
  'instance.terminate': 'terminate',
  'instance.purge': 'purge',
};

/** Nothing is starting. */
const NOTHING_STARTING: readonly string[] = [];

/** At most this many running instances have their history read for the inbox. */
const MAX_WAIT_CANDIDATES = 100;
/** Per workflow, this many finished instances have their history read for the event names raised on them. */
const FINISHED_SAMPLES_PER_WORKFLOW = 3;

function scopeOf(mode: Mode, isInbox: boolean): KeyScope {
  switch (mode.kind) {
    case 'table':
      return isInbox ? 'inbox' : 'table';
    case 'details':
    case 'help':
    case 'confirm':
    case 'filter':
    case 'wait':
      return mode.kind;
    case 'start-form':
    case 'event-form':
    case 'watch-form':
    case 'rerun-form':
      return 'form';
  }
}

/** Where the table-or-details area comes from for modes that keep it visible. */
function underlyingView(mode: Mode): 'table' | 'details' | 'none' {
  if (mode.kind === 'details') return 'details';
  if (mode.kind === 'table' || mode.kind === 'filter') return 'table';
  if (mode.kind === 'confirm' || mode.kind === 'wait') return mode.from;
  return 'none';
}

function statusCounts(instances: readonly { status: RuntimeStatus }[]): Map<RuntimeStatus, number> {
  const counts = new Map<RuntimeStatus, number>();
  for (const instance of instances) counts.set(instance.status, (counts.get(instance.status) ?? 0) + 1);
  return counts;
}

/** The instances whose histories the inbox reads: running ones first, then a few finished ones per workflow. */
function waitCandidates(rows: readonly TrackedInstance[]): WaitCandidate[] {
  const running = rows.filter((row) => row.status === 'RUNNING').slice(0, MAX_WAIT_CANDIDATES);
  const perWorkflow = new Map<string, number>();
  const finished: TrackedInstance[] = [];
  for (const row of rows) {
    if (!isTerminalStatus(row.status)) continue;
    const count = perWorkflow.get(row.name) ?? 0;
    if (count >= FINISHED_SAMPLES_PER_WORKFLOW) continue;
    perWorkflow.set(row.name, count + 1);
    finished.push(row);
  }
  return [...running, ...finished];
}

/** The full-screen console. */
export function App(props: AppProps): React.JSX.Element {
  const { client, tracker, workflows, readOnly } = props;
  const clock = props.clock ?? Date.now;
  const theme = useMemo(() => props.theme ?? createTheme(), [props.theme]);
  const size = useTerminalSize(props.size);
  const snapshot = useTrackerSnapshot(tracker);
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const now = useNow(clock, 1000);
  const defaultMemory = useMemo(() => new SentPayloadStore(), []);
  const sentPayloads = props.sentPayloads ?? defaultMemory;
  const terminalEditor = useExternalEditor();
  const editor = props.editor ?? terminalEditor;
  const { mode } = state;
  const isInbox = state.statusFilter === 'awaiting';
  const actions = useInstanceActions({
    client,
    tracker,
    dispatch,
    clock,
    waitTimeoutMs: props.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    sentPayloads,
  });

  const view = underlyingView(mode);
  const isFullPane = view !== 'table';
  const layout = computeLayout(size, {
    headerLines: headerHeight(snapshot.listsAllInstances, snapshot.connection),
    isLogPaneVisible: state.isLogPaneVisible && !isFullPane,
  });
  const logLines = useLogLines(props.logs, layout.logLines > 0);

  // History readings: which instances wait for an event, and which event names were raised.
  const textRows = useMemo(() => filterRows(snapshot.instances, state.filterText, 'all'), [snapshot.instances, state.filterText]);
  const candidates = useMemo(() => waitCandidates(textRows), [textRows]);
  const isWatching = isInbox || mode.kind === 'event-form';
  const { watch, version: readingsVersion } = useWaitWatch(client, candidates, isWatching);
  const inbox = useMemo(
    () =>
      isInbox
        ? inboxEntries(filterRows(textRows, '', 'awaiting'), {
            reading: (id) => watch.reading(id),
            workflows,
            raisedFor: (name) => watch.raisedFor(name),
            sent: (workflowName, eventName) => sentPayloads.get(workflowName, eventName),
            sentNamesFor: (workflowName) => sentPayloads.namesFor(workflowName),
          })
        : [],
    // readingsVersion: new readings change the inbox though `watch` stays the same object.
    [isInbox, textRows, watch, readingsVersion, workflows, sentPayloads, state.raisedEventNames],
  );

  // Rows, cursor and the visible window.
  const rows = useMemo(
    () => (isInbox ? inbox.map((entry) => entry.row) : filterRows(snapshot.instances, state.filterText, state.statusFilter)),
    [isInbox, inbox, snapshot.instances, state.filterText, state.statusFilter],
  );
  const ids = useMemo(() => rows.map((row) => row.instanceId), [rows]);
  const cursorIndex = resolveCursor(ids, state.cursorId, state.cursorIndex);
  const cursorRow = cursorIndex >= 0 ? rows[cursorIndex] : undefined;
  const cursorEntry: InboxEntry | undefined = isInbox && cursorIndex >= 0 ? inbox[cursorIndex] : undefined;
  const tableRows = isInbox ? Math.max(1, layout.tableRows - INBOX_PREVIEW_LINES) : layout.tableRows;
  const topRef = useRef(0);
  const top = scrollTop(topRef.current, cursorIndex, tableRows, rows.length);
  topRef.current = top;
  const visibleRows = rows.slice(top, top + tableRows);
  const columns = useMemo(() => {
    let longestId = 0;
    let longestName = 0;
    for (const row of visibleRows) {
      longestId = Math.max(longestId, row.instanceId.length);
      longestName = Math.max(longestName, row.name.length);
    }
    return layoutColumns(layout.width, longestId, longestName);
  }, [visibleRows, layout.width]);

  useEffect(() => {
    if (cursorRow?.instanceId !== state.cursorId || (cursorIndex >= 0 && cursorIndex !== state.cursorIndex)) {
      dispatch({ type: 'cursor-moved', id: cursorRow?.instanceId, index: cursorIndex });
    }
  }, [cursorRow?.instanceId, cursorIndex, state.cursorId, state.cursorIndex]);
  useEffect(() => {
    tracker.select(cursorRow?.instanceId);
  }, [tracker, cursorRow?.instanceId]);
  const visibleKey = visibleRows.map((row) => row.instanceId).join('\n');
  useEffect(() => {
    tracker.prioritize(visibleKey === '' ? [] : visibleKey.split('\n'));
  }, [tracker, visibleKey]);
  useEffect(() => {
    if (view === 'details' && !cursorRow) dispatch({ type: 'mode-opened', mode: { kind: 'table' } });
  }, [view, cursorRow]);
  // Marks survive refreshes and filters; the marks of instances that vanished are dropped.
  const existingIds = useMemo(() => new Set(snapshot.instances.map((row) => row.instanceId)), [snapshot.instances]);
  useEffect(() => {
    if (state.marked.size > 0) dispatch({ type: 'marks-pruned', existing: existingIds });
  }, [existingIds, state.marked]);

  // Details content (only while details are on screen).
  const history = useHistory(client, view === 'details' ? cursorRow?.instanceId : undefined, cursorRow?.lastUpdatedAt ?? 0);
  const details = useMemo(
    () =>
      view === 'details' && cursorRow
        ? detailsContent({
            row: cursorRow,
            full: snapshot.selected,
            history,
            width: layout.width,
            now,
            timelineCursor: state.timelineCursor,
          })
        : { lines: [], pointCount: 0 },
    [view, cursorRow, snapshot.selected, history, layout.width, now, state.timelineCursor],
  );

  const counts = useMemo(() => statusCounts(snapshot.instances), [snapshot.instances]);
  const helpLineCount = useMemo(() => helpLines(readOnly).length, [readOnly]);
  const knownWorkflowNames = useMemo(
    () => (workflows.length > 0 ? [] : [...new Set(snapshot.instances.map((row) => row.name))].sort()),
    [workflows.length, snapshot.instances],
  );

  const say = useCallback((text: string, tone: 'info' | 'success' | 'error' = 'info') => {
    dispatch({ type: 'message-shown', message: { text, tone } });
  }, []);

  const quitRef = useRef(false);
  const quit = useCallback(() => {
    if (quitRef.current) return;
    quitRef.current = true;
    actions.stopWaiting();
    props.onQuit();
  }, [actions, props.onQuit]);

  /** The marked instances still shown anywhere (with what the table knows of them). */
  const markedTargets = (): BulkTarget[] =>
    snapshot.instances
      .filter((row) => state.marked.has(row.instanceId))
      .map((row) => ({ instanceId: row.instanceId, status: row.status, workflowName: row.name }));

  const runInstanceCommand = (command: CommandId, action: InstanceAction) => {
    const from = view === 'details' ? 'details' : 'table';
    if (state.marked.size > 0 && view === 'table' && action !== 'wait') {
      const targets = markedTargets();
      if (targets.length === 0) return say('No marked instance is left.', 'error');
      if (action === 'raise-event') {
        const names = new Set(targets.map((target) => target.workflowName));
        const workflowName = names.size === 1 ? targets[0]!.workflowName : '';
        return dispatch({ type: 'mode-opened', mode: { kind: 'event-form', instanceIds: targets.map((target) => target.instanceId), workflowName, from } });
      }
      return dispatch({
        type: 'mode-opened',
        mode: { kind: 'confirm', command: command as ConfirmableCommand, instanceIds: targets.map((target) => target.instanceId), isMarked: true, from },
      });
    }
    if (!cursorRow) return say('No instance selected.', 'error');
    const why = refusal(action, cursorRow.instanceId, cursorRow.status);
    if (why) return say(why, 'error');
    const id = cursorRow.instanceId;
    switch (action) {
      case 'suspend':
        return void actions.suspend(id);
      case 'resume':
        return void actions.resume(id);
      case 'terminate':
      case 'purge':
        return dispatch({ type: 'mode-opened', mode: { kind: 'confirm', command: command as ConfirmableCommand, instanceIds: [id], isMarked: false, from } });
      case 'raise-event':
        return dispatch({ type: 'mode-opened', mode: { kind: 'event-form', instanceIds: [id], workflowName: cursorRow.name, from } });
      case 'wait':
        return actions.wait(id, from);
    }
  };

  const decide = (how: 'approve' | 'reject') => {
    if (!cursorEntry) return say('No waiting instance selected.', 'error');
    const payload = how === 'approve' ? cursorEntry.approvePayload : cursorEntry.rejectPayload;
    if (!cursorEntry.eventName || payload === undefined) {
      return say(`No ${how} payload is known for ${safeLine(cursorEntry.row.name)}: press Enter to open the event form.`, 'error');
    }
    const { instanceId, name } = cursorEntry.row;
    actions
      .raiseEvent(instanceId, name, cursorEntry.eventName, payload === '' ? undefined : payload, how)
      .catch((error: unknown) => say(describeError(error), 'error'));
  };

  const rerun = () => {
    if (!cursorRow) return say('No instance selected.', 'error');
    if (!isTerminalStatus(cursorRow.status)) {
      return say(`${safeLine(cursorRow.instanceId)} is ${cursorRow.status.toLowerCase()}; only a finished instance can be rerun.`, 'error');
    }
    if (history.kind !== 'loaded') return say('The timeline is not loaded: nothing to rerun from yet.', 'error');
    if (!details.cursorPoint) return say('Move the timeline cursor ([ and ]) to an activity or child workflow first.', 'error');
    const input = details.cursorPoint.input;
    return dispatch({
      type: 'mode-opened',
      mode: {
        kind: 'rerun-form',
        sourceInstanceId: cursorRow.instanceId,
        eventId: details.cursorPoint.eventId,
        eventLabel: details.cursorPoint.label,
        ...(input !== undefined ? { input } : {}),
      },
    });
  };

  /** The scrollable pane that has the keyboard (details or help): where it is and how far it goes. */
  const paneScroll = () => {
    const pane: 'help' | 'details' = mode.kind === 'help' ? 'help' : 'details';
    const count = pane === 'help' ? helpLineCount : details.lines.length;
    const height = pane === 'help' ? layout.pane - 2 : layout.pane;
    const max = pane === 'help' ? Math.max(0, count - height) : maxDetailsTop(count, height);
    const current = Math.min(pane === 'help' ? state.helpTop : state.detailsTop, max);
    return { pane, max, current, page: Math.max(1, height - 1), height };
  };
  const scrolled = (top: number, move: CursorMove, max: number, page: number) => {
    const next = { up: top - 1, down: top + 1, pageUp: top - page, pageDown: top + page, home: 0, end: max }[move];
    return Math.min(Math.max(0, next), max);
  };

  const moveTimeline = (by: 1 | -1) => {
    if (details.pointCount === 0) return say('This timeline has no activity or child workflow to rerun from.', 'error');
    const current = state.timelineCursor < 0 ? (by === 1 ? -1 : details.pointCount) : state.timelineCursor;
    const next = Math.min(Math.max(0, current + by), details.pointCount - 1);
    dispatch({ type: 'timeline-moved', index: next });
  };
  // Keep the timeline cursor's row in view.
  useEffect(() => {
    if (view !== 'details' || details.cursorLine === undefined) return;
    const pane = paneScroll();
    if (details.cursorLine < pane.current) dispatch({ type: 'pane-scrolled', pane: 'details', top: details.cursorLine });
    else if (details.cursorLine >= pane.current + pane.height - 1) {
      dispatch({ type: 'pane-scrolled', pane: 'details', top: Math.min(pane.max, details.cursorLine - pane.height + 2) });
    }
  }, [view, details.cursorLine, state.timelineCursor]);

  const runCommand = (command: CommandId) => {
    const action = ACTIONS[command];
    if (action) return runInstanceCommand(command, action);
    switch (command) {
      case 'app.quit':
        return quit();
      case 'app.help':
        return dispatch({ type: 'mode-opened', mode: { kind: 'help', from: view === 'details' ? 'details' : 'table' } });
      case 'help.close':
        return dispatch({ type: 'mode-closed' });
      case 'app.toggleLogs':
        return dispatch({ type: 'log-pane-toggled' });
      case 'app.logLevel':
        return dispatch({ type: 'log-filter-cycled' });
      case 'view.details':
        if (!cursorRow) return say('No instance selected.', 'error');
        return dispatch({ type: 'mode-opened', mode: { kind: 'details' } });
      case 'view.back':
        if (mode.kind === 'table' && isInbox) return dispatch({ type: 'inbox-toggled' });
        return dispatch({ type: 'mode-opened', mode: { kind: 'table' } });
      case 'view.filter':
        return dispatch({ type: 'mode-opened', mode: { kind: 'filter' } });
      case 'view.statusFilter':
        return dispatch({ type: 'status-filter-cycled' });
      case 'view.inbox':
        return dispatch({ type: 'inbox-toggled' });
      case 'inbox.approve':
        return decide('approve');
      case 'inbox.reject':
        return decide('reject');
      case 'inbox.eventForm':
        if (!cursorEntry) return say('No waiting instance selected.', 'error');
        return dispatch({
          type: 'mode-opened',
          mode: {
            kind: 'event-form',
            instanceIds: [cursorEntry.row.instanceId],
            workflowName: cursorEntry.row.name,
            from: 'table',
            ...(cursorEntry.eventName !== undefined ? { initialName: cursorEntry.eventName } : {}),
            ...(cursorEntry.approvePayload !== undefined ? { initialPayload: cursorEntry.approvePayload } : {}),
          },
        });
      case 'marks.toggle':
        if (!cursorRow) return say('No instance selected.', 'error');
        return dispatch({ type: 'mark-toggled', id: cursorRow.instanceId });
      case 'marks.all':
        if (rows.length === 0) return say('No rows to mark.', 'error');
        dispatch({ type: 'marks-added', ids: ids });
        return say(`Marked ${rows.length} instance${rows.length === 1 ? '' : 's'}.`);
      case 'marks.clear':
        dispatch({ type: 'marks-cleared' });
        return say('Marks cleared.');
      case 'timeline.previous':
        return moveTimeline(-1);
      case 'timeline.next':
        return moveTimeline(1);
      case 'timeline.rerun':
        return rerun();
      case 'instance.start':
        return dispatch({ type: 'mode-opened', mode: { kind: 'start-form' } });
      case 'instance.watch':
        return dispatch({ type: 'mode-opened', mode: { kind: 'watch-form' } });
      default:
        return undefined;
    }
  };

  const scope = scopeOf(mode, isInbox);
  useKeyHandler((input, key) => {
    if (key.ctrl && input === 'c') return quit();
    if (mode.kind !== 'table' && mode.kind !== 'details' && mode.kind !== 'help') return;
    // Keys typed faster than the console reads arrive together ("jjj"): each one counts.
    const presses = input.length > 1 && !key.ctrl && !key.meta ? Array.from(input) : [input];
    const pane = mode.kind === 'table' ? undefined : paneScroll();
    let index = cursorIndex;
    let top = pane?.current ?? 0;
    let hasMoved = false;
    const flushMoves = () => {
      if (!hasMoved) return;
      if (pane) dispatch({ type: 'pane-scrolled', pane: pane.pane, top });
      else dispatch({ type: 'cursor-moved', id: rows[index]?.instanceId, index });
    };
    for (const press of presses) {
      // A space inside a burst is pasted text, not the mark key.
      if (presses.length > 1 && press === ' ') continue;
      const pressKey = presses.length > 1 ? { ...key, shift: /^[A-Z]$/.test(press) } : key;
      const command = resolveCommand(scope, press, pressKey, { readOnly });
      if (!command) {
        const refused = readOnly ? resolveCommand(scope, press, pressKey, { readOnly: false }) : undefined;
        if (refused && commandSpec(refused).isMutating) say('This console is read-only: lifecycle actions are off.', 'error');
        continue;
      }
      const move = MOVES[command];
      if (move) {
        if (pane) top = scrolled(top, move, pane.max, pane.page);
        else index = moveCursor(index, rows.length, move, tableRows);
        hasMoved = true;
        continue;
      }
      // A command right after moves in the same burst would act on a row the user has not
      // seen selected yet: the burst ends at the moves.
      if (hasMoved) return flushMoves();
      return runCommand(command);
    }
    flushMoves();
  });

  // The area between header and status line.
  let main: React.ReactNode;
  if (mode.kind === 'help') {
    main = <HelpOverlay readOnly={readOnly} top={state.helpTop} height={layout.pane} width={layout.width} theme={theme} />;
  } else if (mode.kind === 'start-form') {
    main = (
      <StartForm
        workflows={workflows}
        knownWorkflowNames={knownWorkflowNames}
        onSubmit={actions.start}
        onCancel={() => dispatch({ type: 'mode-closed' })}
        editor={editor}
        width={layout.width}
        theme={theme}
      />
    );
  } else if (mode.kind === 'event-form') {
    const workflow = workflows.find((candidate) => candidate.name === mode.workflowName);
    const raisedBefore = [...state.raisedEventNames, ...(mode.workflowName ? watch.raisedFor(mode.workflowName) : [])];
    const isBulk = mode.instanceIds.length > 1 || (state.marked.size > 0 && mode.from === 'table' && !mode.initialName);
    main = (
      <RaiseEventForm
        instanceIds={mode.instanceIds}
        workflow={workflow}
        raisedBefore={raisedBefore}
        initialName={mode.initialName}
        initialPayload={mode.initialPayload}
        onSubmit={async (name, payload) => {
          if (!isBulk) return actions.raiseEvent(mode.instanceIds[0]!, mode.workflowName, name, payload);
          const wanted = new Set(mode.instanceIds);
          const targets = markedTargets().filter((target) => wanted.has(target.instanceId));
          dispatch({ type: 'mode-closed' });
          await actions.bulk('raise-event', targets, { name, ...(payload !== undefined ? { payload } : {}) });
        }}
        onCancel={() => dispatch({ type: 'mode-closed' })}
        editor={editor}
        width={layout.width}
        theme={theme}
      />
    );
  } else if (mode.kind === 'watch-form') {
    main = <WatchForm onSubmit={actions.watch} onCancel={() => dispatch({ type: 'mode-closed' })} width={layout.width} theme={theme} />;
  } else if (mode.kind === 'rerun-form') {
    main = (
      <RerunForm
        sourceInstanceId={mode.sourceInstanceId}
        eventId={mode.eventId}
        eventLabel={mode.eventLabel}
        suggestedId={suggestRerunId(mode.sourceInstanceId, existingIds)}
        input={mode.input}
        onSubmit={actions.rerun}
        onCancel={() => dispatch({ type: 'mode-closed' })}
        editor={editor}
        width={layout.width}
        theme={theme}
      />
    );
  } else if (view === 'details' && cursorRow) {
    main = (
      <DetailsView
        lines={details.lines}
        top={state.detailsTop}
        height={layout.pane}
        width={layout.width}
        status={cursorRow.status}
        theme={theme}
      />
    );
  } else if (isInbox) {
    const emptyText = watch.unsupported
      ? 'This sidecar does not provide instance history, so waiting instances cannot be told apart.'
      : snapshot.instances.some((row) => row.status === 'RUNNING')
        ? 'No running instance waits for an event (histories are read as instances change).'
        : 'No running instances.';
    main = (
      <InboxTable
        entries={inbox.slice(top, top + tableRows)}
        cursor={cursorIndex - top}
        selected={cursorEntry}
        marked={state.marked}
        height={layout.tableRows}
        width={layout.width}
        now={now}
        theme={theme}
        emptyText={emptyText}
        isReadOnly={readOnly}
      />
    );
  } else {
    const isFiltered = state.filterText.trim() !== '' || state.statusFilter !== 'all';
    const emptyText =
      snapshot.instances.length > 0 && isFiltered
        ? 'No instance matches the filter.'
        : snapshot.connection.status === 'connecting'
          ? (props.starting?.length ?? 0) > 0
            ? 'Starting…'
            : 'Loading instances…'
          : readOnly
            ? 'No instances.'
            : 'No instances yet. Press s to start one, or a to watch one by its ID.';
    main = (
      <InstanceTable
        rows={visibleRows}
        cursor={cursorIndex - top}
        marked={state.marked}
        columns={columns}
        height={layout.tableRows}
        width={layout.width}
        now={now}
        theme={theme}
        emptyText={emptyText}
      />
    );
  }

  let statusArea: React.ReactNode;
  if (mode.kind === 'confirm') {
    const action = CONFIRM_ACTION[mode.command];
    const verb = { suspend: 'Pause', resume: 'Resume', terminate: 'Terminate', purge: 'Purge', 'raise-event': 'Raise' }[action];
    const question = mode.isMarked ? bulkQuestion(action, mode.instanceIds.length) : `${verb} ${safeLine(mode.instanceIds[0] ?? '')}?`;
    statusArea = (
      <ConfirmPrompt
        question={question}
        width={layout.width}
        theme={theme}
        onCancel={() => {
          dispatch({ type: 'mode-closed' });
          say(`${verb} cancelled; nothing was sent.`);
        }}
        onConfirm={() => {
          if (mode.isMarked) {
            const wanted = new Set(mode.instanceIds);
            dispatch({ type: 'mode-closed' });
            void actions.bulk(action, markedTargets().filter((target) => wanted.has(target.instanceId)));
          } else if (mode.command === 'instance.purge') {
            dispatch({ type: 'mode-opened', mode: { kind: 'table' } });
            void actions.purge(mode.instanceIds[0]!);
          } else {
            dispatch({ type: 'mode-closed' });
            void actions.terminate(mode.instanceIds[0]!);
          }
        }}
      />
    );
  } else if (mode.kind === 'filter') {
    statusArea = (
      <FilterPrompt
        value={state.filterText}
        width={layout.width}
        theme={theme}
        onChange={(text) => dispatch({ type: 'filter-changed', text })}
        onApply={() => dispatch({ type: 'mode-closed' })}
        onClear={() => {
          dispatch({ type: 'filter-changed', text: '' });
          dispatch({ type: 'mode-closed' });
        }}
      />
    );
  } else if (mode.kind === 'wait') {
    statusArea = (
      <WaitIndicator
        instanceId={mode.instanceId}
        startedAt={mode.startedAt}
        timeoutMs={props.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS}
        clock={clock}
        onStop={actions.stopWaiting}
        width={layout.width}
        theme={theme}
      />
    );
  } else {
    statusArea = <StatusLine message={state.message} pending={state.pending} width={layout.width} theme={theme} />;
  }

  return (
    <Box flexDirection="column" width={layout.width} height={layout.height} overflowY="hidden">
      <Header
        sidecarLabel={props.sidecarLabel}
        connection={snapshot.connection}
        starting={props.starting ?? NOTHING_STARTING}
        listsAllInstances={snapshot.listsAllInstances}
        counts={counts}
        total={snapshot.instances.length}
        shown={rows.length}
        marked={state.marked.size}
        filterText={state.filterText}
        statusFilter={state.statusFilter}
        readOnly={readOnly}
        width={layout.width}
        now={now}
        theme={theme}
      />
      <Box flexDirection="column" height={isFullPane ? layout.pane : layout.tableRows + 1} overflowY="hidden">
        {main}
      </Box>
      {layout.logLines > 0 ? (
        <LogPane lines={logLines} filter={state.logFilter} height={layout.logLines} width={layout.width} theme={theme} />
      ) : null}
      {statusArea}
      <Footer
        scope={scope}
        readOnly={readOnly}
        width={layout.width}
        theme={theme}
        note={refreshNote(snapshot.refreshMode, snapshot.sweepMs)}
      />
    </Box>
  );
}
