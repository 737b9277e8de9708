/**
 * The console's root component. It takes everything as props (client, tracker, workflows,
 * logs, size, clock), so tests render it with a fake client; it maps keys to commands
 * through the keymap, keeps UI state in one reducer, and draws header, table or pane, log
 * pane, status line and footer. It never prints outside its frame.
 */
import { Box } from 'ink';
import React, { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { SidecarClient } from '../src/client/types.js';
import type { RuntimeStatus } from '../src/model/index.js';
import type { LogSource } from '../src/runtime/types.js';
import type { WorkflowInfo } from '../src/model/index.js';
import { safeLine } from '../src/text/safe-text.js';
import type { InstanceTracker } from '../src/tracker/index.js';
import { refusal, type InstanceAction } from './actions/instance-actions.js';
import { useInstanceActions } from './actions/use-instance-actions.js';
import { appReducer, INITIAL_APP_STATE, type ConfirmableCommand, type Mode } from './app-state.js';
import { Footer, refreshNote } from './chrome/footer.js';
import { Header, headerHeight } from './chrome/header.js';
import { StatusLine } from './chrome/status-line.js';
import { detailsLines } from './details/details-lines.js';
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
  /** No lifecycle actions. */
  readonly readOnly: boolean;
  readonly waitTimeoutMs?: number;
  /** Called once when the user quits (q or Ctrl-C). */
  readonly onQuit: () => void;
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

function scopeOf(mode: Mode): KeyScope {
  switch (mode.kind) {
    case 'table':
    case 'details':
    case 'help':
    case 'confirm':
    case 'filter':
    case 'wait':
      return mode.kind;
    case 'start-form':
    case 'event-form':
    case 'watch-form':
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

/** The full-screen console. */
export function App(props: AppProps): React.JSX.Element {
  const { client, tracker, workflows, readOnly } = props;
  const clock = props.clock ?? Date.now;
  const theme = useMemo(() => props.theme ?? createTheme(), [props.theme]);
  const size = useTerminalSize(props.size);
  const snapshot = useTrackerSnapshot(tracker);
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const now = useNow(clock, 1000);
  const { mode } = state;
  const actions = useInstanceActions({
    client,
    tracker,
    dispatch,
    clock,
    waitTimeoutMs: props.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
  });

  const view = underlyingView(mode);
  const isFullPane = view !== 'table';
  const layout = computeLayout(size, {
    headerLines: headerHeight(snapshot.listsAllInstances, snapshot.connection),
    isLogPaneVisible: state.isLogPaneVisible && !isFullPane,
  });
  const logLines = useLogLines(props.logs, layout.logLines > 0);

  // Rows, cursor and the visible window.
  const rows = useMemo(
    () => filterRows(snapshot.instances, state.filterText, state.statusFilter),
    [snapshot.instances, state.filterText, state.statusFilter],
  );
  const ids = useMemo(() => rows.map((row) => row.instanceId), [rows]);
  const cursorIndex = resolveCursor(ids, state.cursorId, state.cursorIndex);
  const cursorRow = cursorIndex >= 0 ? rows[cursorIndex] : undefined;
  const topRef = useRef(0);
  const top = scrollTop(topRef.current, cursorIndex, layout.tableRows, rows.length);
  topRef.current = top;
  const visibleRows = rows.slice(top, top + layout.tableRows);
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

  // Details content (only while details are on screen).
  const history = useHistory(client, view === 'details' ? cursorRow?.instanceId : undefined, cursorRow?.lastUpdatedAt ?? 0);
  const details = useMemo(
    () =>
      view === 'details' && cursorRow
        ? detailsLines({ row: cursorRow, full: snapshot.selected, history, width: layout.width, now })
        : [],
    [view, cursorRow, snapshot.selected, history, layout.width, now],
  );

  const counts = useMemo(() => statusCounts(snapshot.instances), [snapshot.instances]);
  const helpLineCount = useMemo(() => helpLines(readOnly).length, [readOnly]);

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

  const runInstanceCommand = (command: CommandId, action: InstanceAction) => {
    if (!cursorRow) return say('No instance selected.', 'error');
    const why = refusal(action, cursorRow.instanceId, cursorRow.status);
    if (why) return say(why, 'error');
    const id = cursorRow.instanceId;
    const from = view === 'details' ? 'details' : 'table';
    switch (action) {
      case 'suspend':
        return void actions.suspend(id);
      case 'resume':
        return void actions.resume(id);
      case 'terminate':
      case 'purge':
        return dispatch({ type: 'mode-opened', mode: { kind: 'confirm', command: command as ConfirmableCommand, instanceId: id, from } });
      case 'raise-event':
        return dispatch({ type: 'mode-opened', mode: { kind: 'event-form', instanceId: id, workflowName: cursorRow.name, from } });
      case 'wait':
        return actions.wait(id, from);
    }
  };

  /** The scrollable pane that has the keyboard (details or help): where it is and how far it goes. */
  const paneScroll = () => {
    const pane: 'help' | 'details' = mode.kind === 'help' ? 'help' : 'details';
    const count = pane === 'help' ? helpLineCount : details.length;
    const height = pane === 'help' ? layout.pane - 2 : layout.pane;
    const max = pane === 'help' ? Math.max(0, count - height) : maxDetailsTop(count, height);
    const current = Math.min(pane === 'help' ? state.helpTop : state.detailsTop, max);
    return { pane, max, current, page: Math.max(1, height - 1) };
  };
  const scrolled = (top: number, move: CursorMove, max: number, page: number) => {
    const next = { up: top - 1, down: top + 1, pageUp: top - page, pageDown: top + page, home: 0, end: max }[move];
    return Math.min(Math.max(0, next), max);
  };

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
      case 'view.details':
        if (!cursorRow) return say('No instance selected.', 'error');
        return dispatch({ type: 'mode-opened', mode: { kind: 'details' } });
      case 'view.back':
        return dispatch({ type: 'mode-opened', mode: { kind: 'table' } });
      case 'view.filter':
        return dispatch({ type: 'mode-opened', mode: { kind: 'filter' } });
      case 'view.statusFilter':
        return dispatch({ type: 'status-filter-cycled' });
      case 'instance.start':
        return dispatch({ type: 'mode-opened', mode: { kind: 'start-form' } });
      case 'instance.watch':
        return dispatch({ type: 'mode-opened', mode: { kind: 'watch-form' } });
      default:
        return undefined;
    }
  };

  useKeyHandler((input, key) => {
    if (key.ctrl && input === 'c') return quit();
    if (mode.kind !== 'table' && mode.kind !== 'details' && mode.kind !== 'help') return;
    const scope = scopeOf(mode);
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
        else index = moveCursor(index, rows.length, move, layout.tableRows);
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
        onSubmit={actions.start}
        onCancel={() => dispatch({ type: 'mode-closed' })}
        width={layout.width}
        theme={theme}
      />
    );
  } else if (mode.kind === 'event-form') {
    main = (
      <RaiseEventForm
        instanceId={mode.instanceId}
        workflow={workflows.find((workflow) => workflow.name === mode.workflowName)}
        raisedBefore={state.raisedEventNames}
        onSubmit={(name, payload) => actions.raiseEvent(mode.instanceId, name, payload)}
        onCancel={() => dispatch({ type: 'mode-closed' })}
        width={layout.width}
        theme={theme}
      />
    );
  } else if (mode.kind === 'watch-form') {
    main = <WatchForm onSubmit={actions.watch} onCancel={() => dispatch({ type: 'mode-closed' })} width={layout.width} theme={theme} />;
  } else if (view === 'details' && cursorRow) {
    main = (
      <DetailsView
        lines={details}
        top={state.detailsTop}
        height={layout.pane}
        width={layout.width}
        status={cursorRow.status}
        theme={theme}
      />
    );
  } else {
    const isFiltered = state.filterText.trim() !== '' || state.statusFilter !== 'all';
    const emptyText =
      snapshot.instances.length > 0 && isFiltered
        ? 'No instance matches the filter.'
        : snapshot.connection.status === 'connecting'
          ? 'Loading instances…'
          : readOnly
            ? 'No instances.'
            : 'No instances yet. Press s to start one, or a to watch one by its ID.';
    main = (
      <InstanceTable
        rows={visibleRows}
        cursor={cursorIndex - top}
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
    const verb = mode.command === 'instance.purge' ? 'Purge' : 'Terminate';
    statusArea = (
      <ConfirmPrompt
        question={`${verb} ${safeLine(mode.instanceId)}?`}
        width={layout.width}
        theme={theme}
        onCancel={() => {
          dispatch({ type: 'mode-closed' });
          say(`${verb} cancelled; nothing was sent.`);
        }}
        onConfirm={() => {
          if (mode.command === 'instance.purge') {
            dispatch({ type: 'mode-opened', mode: { kind: 'table' } });
            void actions.purge(mode.instanceId);
          } else {
            dispatch({ type: 'mode-closed' });
            void actions.terminate(mode.instanceId);
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
    <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
      <Header
        sidecarLabel={props.sidecarLabel}
        connection={snapshot.connection}
        listsAllInstances={snapshot.listsAllInstances}
        counts={counts}
        total={snapshot.instances.length}
        shown={rows.length}
        filterText={state.filterText}
        statusFilter={state.statusFilter}
        readOnly={readOnly}
        width={layout.width}
        now={now}
        theme={theme}
      />
      <Box flexDirection="column" height={isFullPane ? layout.pane : layout.tableRows + 1} overflow="hidden">
        {main}
      </Box>
      {layout.logLines > 0 ? <LogPane lines={logLines} height={layout.logLines} width={layout.width} theme={theme} /> : null}
      {statusArea}
      <Footer
        scope={scopeOf(mode)}
        readOnly={readOnly}
        width={layout.width}
        theme={theme}
        note={refreshNote(snapshot.refreshMode, snapshot.sweepMs)}
      />
    </Box>
  );
}
