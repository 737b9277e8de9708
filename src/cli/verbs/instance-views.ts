/**
 * The human views of instances and history shared by the verbs: the fields of one instance
 * (status, wait), the rows of the instance list, and the rows of a history, in the columns
 * the Dapr CLI prints.
 */
import type { HistoryEvent, WorkflowInstance } from '../../client/types.js';
import { humanDuration, isoTime, renderFields } from './output.js';

/** Label/value lines for one instance; payloads shown as the sidecar stored them. */
export function renderInstance(instance: WorkflowInstance, now = Date.now()): string {
  const failure = instance.failure;
  return renderFields([
    ['Instance ID', instance.instanceId],
    ['Workflow', instance.name],
    ['Status', instance.status],
    ['Created', `${isoTime(instance.createdAt)} (${humanDuration(now - instance.createdAt)} ago)`],
    ['Last updated', `${isoTime(instance.lastUpdatedAt)} (${humanDuration(now - instance.lastUpdatedAt)} ago)`],
    ['Input', instance.input],
    ['Output', instance.output],
    ['Custom status', instance.customStatus],
    ['Failure', failure ? `${failure.errorType}: ${failure.errorMessage}` : undefined],
    ['Version', instance.version],
    ['Tags', tagsText(instance.tags)],
  ]);
}

/** Tags as `key=value` pairs joined by commas (undefined without tags). */
export function tagsText(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!tags) return undefined;
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Column headers of `list -o short`. */
export const LIST_SHORT_HEADERS = ['NAME', 'ID', 'STATUS', 'CUSTOM STATUS', 'AGE'] as const;
/** Column headers of `list -o wide`. */
export const LIST_WIDE_HEADERS = ['NAME', 'INSTANCE ID', 'CREATED', 'LAST UPDATE', 'STATUS', 'CUSTOM STATUS', 'FAILURE MESSAGE', 'VERSION', 'TAGS'] as const;

/** One `list` row. */
export function listRow(instance: WorkflowInstance, wide: boolean, now = Date.now()): string[] {
  const customStatus = instance.customStatus ?? '';
  if (!wide) {
    return [instance.name, instance.instanceId, instance.status, customStatus, humanDuration(now - instance.createdAt)];
  }
  return [
    instance.name,
    instance.instanceId,
    isoTime(instance.createdAt),
    isoTime(instance.lastUpdatedAt),
    instance.status,
    customStatus,
    instance.failure?.errorMessage ?? '',
    instance.version ?? '',
    tagsText(instance.tags) ?? '',
  ];
}

/** Column headers of `history -o short`. */
export const HISTORY_SHORT_HEADERS = ['TYPE', 'NAME', 'EVENTID', 'ELAPSED', 'STATUS', 'DETAILS'] as const;
/** Column headers of `history -o wide`. */
export const HISTORY_WIDE_HEADERS = ['PLAY', 'TYPE', 'NAME', 'EVENTID', 'TIMESTAMP', 'ELAPSED', 'STATUS', 'DETAILS', 'ATTRS'] as const;

interface EventSummary {
  readonly name?: string;
  readonly status: string;
  readonly details?: string;
  readonly attrs: string[];
}

function summarize(event: HistoryEvent, first: HistoryEvent): EventSummary {
  const attrs: string[] = [];
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') attrs.push(`${key}=${value}`);
  };
  switch (event.kind) {
    case 'ExecutionStarted':
      add('input', event.input);
      add('executionId', event.executionId);
      add('version', event.version);
      add('tags', tagsText(event.tags));
      if (event.parent) add('parent', event.parent.instanceId);
      return { name: event.name, status: 'RUNNING', details: 'orchestration start', attrs };
    case 'ExecutionCompleted':
      add('output', event.result);
      add('failureType', event.failure?.errorType);
      add('failureMessage', event.failure?.errorMessage);
      return { status: event.status, details: `execDuration=${humanDuration(event.timestamp - first.timestamp)}`, attrs };
    case 'ExecutionTerminated':
      add('output', event.output);
      return { status: 'TERMINATED', attrs };
    case 'TaskScheduled':
      add('input', event.input);
      return { name: event.name, status: 'RUNNING', details: `activity=${event.name}`, attrs };
    case 'TaskCompleted':
      add('scheduledId', String(event.taskScheduledId));
      add('result', event.result);
      return { status: 'RUNNING', details: `eventId=${event.taskScheduledId}`, attrs };
    case 'TaskFailed':
      add('scheduledId', String(event.taskScheduledId));
      add('errorType', event.failure.errorType);
      add('errorMsg', event.failure.errorMessage);
      return { status: 'FAILED', details: `eventId=${event.taskScheduledId}`, attrs };
    case 'SubOrchestrationInstanceCreated':
      add('instanceId', event.instanceId);
      add('input', event.input);
      return { name: event.name, status: 'RUNNING', details: `child=${event.instanceId}`, attrs };
    case 'SubOrchestrationInstanceCompleted':
      add('scheduledId', String(event.taskScheduledId));
      add('result', event.result);
      return { status: 'RUNNING', details: `eventId=${event.taskScheduledId}`, attrs };
    case 'SubOrchestrationInstanceFailed':
      add('scheduledId', String(event.taskScheduledId));
      add('errorType', event.failure.errorType);
      add('errorMsg', event.failure.errorMessage);
      return { status: 'FAILED', details: `eventId=${event.taskScheduledId}`, attrs };
    case 'TimerCreated':
      return { status: 'RUNNING', details: `fireAt=${isoTime(event.fireAt)}`, attrs };
    case 'TimerFired':
      add('timerId', String(event.timerId));
      add('fireAt', isoTime(event.fireAt));
      return { status: 'RUNNING', attrs };
    case 'OrchestratorStarted':
      return { status: 'RUNNING', details: 'replay cycle start', attrs };
    case 'OrchestratorCompleted':
      return { status: 'RUNNING', attrs };
    case 'EventSent':
      add('payload', event.input);
      add('targetInstance', event.instanceId);
      return { name: event.name, status: 'RUNNING', details: `event=${event.name} -> ${event.instanceId}`, attrs };
    case 'EventRaised':
      add('payload', event.input);
      return { name: event.name, status: 'RUNNING', details: `event=${event.name}`, attrs };
    case 'ContinueAsNew':
      add('input', event.input);
      return { status: 'CONTINUED_AS_NEW', attrs };
    case 'ExecutionSuspended':
      add('reason', event.reason);
      return { status: 'SUSPENDED', attrs };
    case 'ExecutionResumed':
      add('reason', event.reason);
      return { status: 'RESUMED', attrs };
    case 'ExecutionStalled':
      add('reason', event.reason);
      add('description', event.description);
      return { status: 'STALLED', attrs };
  }
}

/** The rows of `history`, in event order; ELAPSED is the age of the first event, then the gap to the previous one. */
export function historyRows(events: readonly HistoryEvent[], wide: boolean, now = Date.now()): string[][] {
  const first = events[0];
  if (first === undefined) return [];
  let play = 0;
  return events.map((event, index) => {
    if (event.kind === 'OrchestratorStarted') play += 1;
    const summary = summarize(event, first);
    const elapsed =
      index === 0 ? `Age:${humanDuration(now - event.timestamp)}` : humanDuration(event.timestamp - events[index - 1]!.timestamp);
    const eventId = event.eventId >= 0 && (event.eventId > 0 || event.kind === 'TaskScheduled' || event.kind === 'TimerCreated')
      ? String(event.eventId)
      : '-';
    const short = [event.kind, summary.name ?? '-', eventId, elapsed, summary.status, summary.details ?? '-'];
    if (!wide) return short;
    return [String(play), event.kind, summary.name ?? '-', eventId, isoTime(event.timestamp), elapsed, summary.status, summary.details ?? '-', summary.attrs.join(';')];
  });
}
