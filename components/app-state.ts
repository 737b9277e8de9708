/**
 * The console's UI state as one pure reducer: which view or dialog has the keyboard, where
 * the cursor is, the filters, the inbox, the marks, the status line, the log pane and its
 * level, the timeline cursor, and the event names raised so far. Side effects (sidecar
 * calls) live in hooks that dispatch the outcomes here.
 */
import { safeLine } from '../src/text/safe-text.js';
import { nextLogFilter, type LogFilter } from '../src/runtime/log-filter.js';
import type { StatusFilter } from './table/row-filter.js';
import { nextStatusFilter } from './table/row-filter.js';

/** The commands that ask for confirmation first: the dangerous ones, and any applied to marked instances. */
export type ConfirmableCommand = 'instance.terminate' | 'instance.purge' | 'instance.suspend' | 'instance.resume';

/** The view or dialog that has the keyboard. Dialogs remember the view they return to. */
export type Mode =
  | { readonly kind: 'table' }
  | { readonly kind: 'details' }
  | { readonly kind: 'help'; readonly from: 'table' | 'details' }
  | {
      readonly kind: 'confirm';
      readonly command: ConfirmableCommand;
      /** One instance, or every marked one. */
      readonly instanceIds: readonly string[];
      readonly isMarked: boolean;
      readonly from: 'table' | 'details';
    }
  | { readonly kind: 'start-form' }
  | {
      readonly kind: 'event-form';
      readonly instanceIds: readonly string[];
      readonly workflowName: string;
      readonly from: 'table' | 'details';
      readonly initialName?: string;
      readonly initialPayload?: string;
    }
  | {
      readonly kind: 'rerun-form';
      readonly sourceInstanceId: string;
      readonly eventId: number;
      /** The event as the timeline names it, for the title. */
      readonly eventLabel: string;
      /** The input the activity was scheduled with. */
      readonly input?: string;
    }
  | { readonly kind: 'watch-form' }
  | { readonly kind: 'filter' }
  | { readonly kind: 'wait'; readonly instanceId: string; readonly startedAt: number; readonly from: 'table' | 'details' };

/** The one sentence of the status line. */
export interface StatusMessage {
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

/** Everything the UI keeps besides the tracker's data. */
export interface AppState {
  readonly mode: Mode;
  /** The instance under the cursor (stable while rows move). */
  readonly cursorId?: string;
  /** Where the cursor was, for when its instance disappears. */
  readonly cursorIndex: number;
  readonly filterText: string;
  readonly statusFilter: StatusFilter;
  /** Marked instance IDs: actions apply to all of them. */
  readonly marked: ReadonlySet<string>;
  /** Which log lines the pane shows. */
  readonly logFilter: LogFilter;
  /** Index of the timeline event under the cursor in details (-1: none yet). */
  readonly timelineCursor: number;
  readonly message?: StatusMessage;
  readonly isLogPaneVisible: boolean;
  /** First visible line of the details view. */
  readonly detailsTop: number;
  /** First visible line of the help overlay. */
  readonly helpTop: number;
  /** Event names raised in this session, most recent first (suggested in the event form). */
  readonly raisedEventNames: readonly string[];
  /** An action in flight, e.g. `Suspending order-1…`; cleared by its outcome message. */
  readonly pending?: string;
}

/** Everything that can happen to the UI state. */
export type AppAction =
  | { readonly type: 'mode-opened'; readonly mode: Mode }
  | { readonly type: 'mode-closed' }
  | { readonly type: 'cursor-moved'; readonly id: string | undefined; readonly index: number }
  | { readonly type: 'filter-changed'; readonly text: string }
  | { readonly type: 'status-filter-cycled' }
  | { readonly type: 'action-started'; readonly text: string }
  | { readonly type: 'message-shown'; readonly message: StatusMessage }
  | { readonly type: 'log-pane-toggled' }
  | { readonly type: 'pane-scrolled'; readonly pane: 'details' | 'help'; readonly top: number }
  | { readonly type: 'event-raised'; readonly name: string }
  | { readonly type: 'inbox-toggled' }
  | { readonly type: 'mark-toggled'; readonly id: string }
  | { readonly type: 'marks-added'; readonly ids: readonly string[] }
  | { readonly type: 'marks-cleared' }
  /** Drops the marks of instances that no longer exist. */
  | { readonly type: 'marks-pruned'; readonly existing: ReadonlySet<string> }
  | { readonly type: 'log-filter-cycled' }
  | { readonly type: 'timeline-moved'; readonly index: number };

/** The state the console opens with. */
export const INITIAL_APP_STATE: AppState = {
  mode: { kind: 'table' },
  cursorIndex: 0,
  filterText: '',
  statusFilter: 'all',
  marked: new Set(),
  logFilter: 'workflow',
  timelineCursor: -1,
  isLogPaneVisible: true,
  detailsTop: 0,
  helpTop: 0,
  raisedEventNames: [],
};

const MAX_REMEMBERED_EVENT_NAMES = 20;

function returnMode(mode: Mode): Mode {
  switch (mode.kind) {
    case 'help':
    case 'confirm':
    case 'event-form':
    case 'wait':
      return mode.from === 'details' ? { kind: 'details' } : { kind: 'table' };
    case 'rerun-form':
      return { kind: 'details' };
    default:
      return { kind: 'table' };
  }
}

/** The UI reducer. */
export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'mode-opened':
      return {
        ...state,
        mode: action.mode,
        detailsTop: action.mode.kind === 'details' && state.mode.kind === 'table' ? 0 : state.detailsTop,
        timelineCursor: action.mode.kind === 'details' && state.mode.kind === 'table' ? -1 : state.timelineCursor,
        helpTop: action.mode.kind === 'help' ? 0 : state.helpTop,
      };
    case 'mode-closed':
      return { ...state, mode: returnMode(state.mode) };
    case 'cursor-moved':
      if (action.id === state.cursorId && action.index === state.cursorIndex) return state;
      return { ...state, cursorId: action.id, cursorIndex: Math.max(0, action.index) };
    case 'filter-changed':
      // Typed or pasted control characters never reach the filter prompt's line.
      return { ...state, filterText: safeLine(action.text) };
    case 'status-filter-cycled':
      return { ...state, statusFilter: nextStatusFilter(state.statusFilter) };
    case 'action-started':
      return { ...state, pending: action.text };
    case 'message-shown':
      return { ...state, message: action.message, pending: undefined };
    case 'log-pane-toggled':
      return { ...state, isLogPaneVisible: !state.isLogPaneVisible };
    case 'pane-scrolled':
      return action.pane === 'details'
        ? { ...state, detailsTop: Math.max(0, action.top) }
        : { ...state, helpTop: Math.max(0, action.top) };
    case 'event-raised': {
      const names = [action.name, ...state.raisedEventNames.filter((name) => name.toLowerCase() !== action.name.toLowerCase())];
      return { ...state, raisedEventNames: names.slice(0, MAX_REMEMBERED_EVENT_NAMES) };
    }
    case 'inbox-toggled':
      return { ...state, statusFilter: state.statusFilter === 'awaiting' ? 'all' : 'awaiting', mode: { kind: 'table' } };
    case 'mark-toggled': {
      const marked = new Set(state.marked);
      if (marked.has(action.id)) marked.delete(action.id);
      else marked.add(action.id);
      return { ...state, marked };
    }
    case 'marks-added': {
      if (action.ids.every((id) => state.marked.has(id))) return state;
      return { ...state, marked: new Set([...state.marked, ...action.ids]) };
    }
    case 'marks-cleared':
      return state.marked.size === 0 ? state : { ...state, marked: new Set() };
    case 'marks-pruned': {
      const kept = [...state.marked].filter((id) => action.existing.has(id));
      return kept.length === state.marked.size ? state : { ...state, marked: new Set(kept) };
    }
    case 'log-filter-cycled':
      return { ...state, logFilter: nextLogFilter(state.logFilter) };
    case 'timeline-moved':
      return action.index === state.timelineCursor ? state : { ...state, timelineCursor: Math.max(0, action.index) };
  }
}
