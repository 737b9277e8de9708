/**
 * Applies a worker's answer to an orchestrator turn: from the instance, the events the turn
 * delivered and the actions the worker returned, computes everything the turn changes (the
 * new history events, the instance's new columns, the activities, timers, child instances and
 * messages to persist) as one TurnCommit. Pure: no I/O, time and IDs come from the caller.
 */
import type { ActivityTask, ChildStart, InstanceRecord, NewInboxEvent, OutgoingMessage, TurnCommit } from '../backend.js';
import { MAX_PAYLOAD_BYTES, isTerminalStatus, type FailureDetails, type HistoryEvent, type OrchestratorAction, type OrchestratorResult, type RuntimeStatus } from '../../model/index.js';
import { buildNewInstance } from './new-instance.js';
import { stalledEvent, stallOf, type HistoryVersionInfo } from './stall.js';
import { statusAfterTurn } from './status.js';
import { payloadBytes, payloadTooLargeMessage } from './validation.js';

/** Everything an orchestrator turn is computed from. */
export interface TurnInput {
  /** The instance as stored when the answer arrived. */
  readonly instance: InstanceRecord;
  /** The new events the work item carried (OrchestratorStarted first), in order. */
  readonly delivered: readonly HistoryEvent[];
  /** The inbox sequence numbers of the delivered events (consumed by the turn). */
  readonly deliveredInboxSeqs: readonly number[];
  /** The worker's answer. */
  readonly result: OrchestratorResult;
  readonly now: number;
  /** Makes a fresh unique ID (execution IDs, child instance IDs when the worker sent none). */
  readonly newId: () => string;
  /** True when an instance of that ID exists and is not terminal (a child cannot reuse it). */
  readonly isActiveInstance: (instanceId: string) => boolean;
  /** The patches and version name the stored history records (see stall.ts). */
  readonly historyVersion: HistoryVersionInfo;
  /** The last event of the stored history, when there is one (a stall is not recorded twice). */
  readonly lastEvent?: HistoryEvent;
}

/** A computed turn: the commit, plus what the core needs to know about it. */
export interface TurnOutcome {
  readonly commit: TurnCommit;
  /** The status the instance has after the turn. */
  readonly status: RuntimeStatus;
  /** True when the turn started a new run (continue-as-new). */
  readonly continuedAsNew: boolean;
}

/** The longest child instance ID a worker may ask for. */
const MAX_CHILD_ID_LENGTH = 1024;

/**
 * The commit of a turn that stalls the instance: nothing of the turn is applied (its events
 * stay queued for a worker that can run it), ExecutionStalled is recorded once, status STALLED.
 */
function stalledTurn(input: TurnInput, event: HistoryEvent | undefined): TurnOutcome {
  const { instance, now } = input;
  return {
    status: 'STALLED',
    continuedAsNew: false,
    commit: {
      instanceId: instance.instanceId,
      executionId: instance.executionId,
      consumedInboxSeqs: [],
      childStarts: [],
      resetHistory: false,
      historyAppend: event ? [event] : [],
      update: {
        status: 'STALLED',
        executionId: instance.executionId,
        lastUpdatedAt: now,
        ...optional('input', instance.input),
        ...optional('customStatus', instance.customStatus),
      },
      activities: [],
      selfInbox: [],
      carryUndeliveredEvents: false,
      dropPendingWork: false,
      messages: [],
    },
  };
}

/** The delivered events with the worker's version recorded on the turn's OrchestratorStarted, as daprd records it. */
function withVersion(delivered: readonly HistoryEvent[], result: OrchestratorResult): HistoryEvent[] {
  const version = result.version;
  return delivered.map((event, index) =>
    index === 0 && event.kind === 'OrchestratorStarted' && version ? { ...event, version } : event,
  );
}

/** Computes the commit of one orchestrator turn. */
export function applyOrchestratorTurn(input: TurnInput): TurnOutcome {
  const { instance, now } = input;
  const stall = stallOf(input.result, input.historyVersion);
  if (stall) {
    const last = input.lastEvent ? [input.lastEvent] : [];
    return stalledTurn(input, stalledEvent(stall, last, now));
  }
  const refused = refuseOversizedPayloads(input.result);
  const actions = refused ?? input.result.actions;
  const history: HistoryEvent[] = withVersion(input.delivered, input.result);
  const activities: ActivityTask[] = [];
  const selfInbox: NewInboxEvent[] = [];
  const childStarts: ChildStart[] = [];
  const messages: OutgoingMessage[] = [];
  const startedChildIds = new Set<string>();
  let completion: Extract<OrchestratorAction, { kind: 'CompleteOrchestration' }> | undefined;

  for (const action of actions) {
    const at = { eventId: action.id, timestamp: now };
    switch (action.kind) {
      case 'ScheduleTask':
        history.push({
          ...at,
          kind: 'TaskScheduled',
          name: action.name,
          ...optional('input', action.input),
          ...optional('version', action.version),
          ...optional('taskExecutionId', action.taskExecutionId),
        });
        activities.push({
          instanceId: instance.instanceId,
          executionId: instance.executionId,
          taskId: action.id,
          name: action.name,
          ...optional('input', action.input),
        });
        break;
      case 'CreateTimer':
        history.push({ ...at, kind: 'TimerCreated', fireAt: action.fireAt, ...optional('name', action.name) });
        selfInbox.push({
          event: { eventId: -1, timestamp: action.fireAt, kind: 'TimerFired', timerId: action.id, fireAt: action.fireAt },
          visibleAt: action.fireAt,
        });
        break;
      case 'CreateSubOrchestration': {
        const childId = action.instanceId || input.newId();
        history.push({
          ...at,
          kind: 'SubOrchestrationInstanceCreated',
          instanceId: childId,
          name: action.name,
          ...optional('input', action.input),
          ...optional('version', action.version),
        });
        const refusal = childRefusal(childId, instance.instanceId, startedChildIds, input.isActiveInstance);
        if (refusal) {
          selfInbox.push({
            event: { eventId: -1, timestamp: now, kind: 'SubOrchestrationInstanceFailed', taskScheduledId: action.id, failure: refusal },
          });
          break;
        }
        startedChildIds.add(childId);
        childStarts.push(
          buildNewInstance({
            instanceId: childId,
            name: action.name,
            executionId: input.newId(),
            ...optional('input', action.input),
            ...optional('version', action.version),
            parent: { instanceId: instance.instanceId, name: instance.name, taskScheduledId: action.id },
            now,
          }),
        );
        break;
      }
      case 'SendEvent':
        history.push({
          ...at,
          kind: 'EventSent',
          instanceId: action.instanceId,
          name: action.name,
          ...optional('input', action.data),
        });
        if (action.instanceId === instance.instanceId) {
          selfInbox.push({ event: { eventId: -1, timestamp: now, kind: 'EventRaised', name: action.name, ...optional('input', action.data) } });
        } else {
          messages.push({
            instanceId: action.instanceId,
            event: { eventId: -1, timestamp: now, kind: 'EventRaised', name: action.name, ...optional('input', action.data) },
          });
        }
        break;
      case 'CompleteOrchestration':
        completion ??= action;
        break;
      case 'VersionNotAvailable':
        break; // handled above (stallOf)
    }
  }

  const customStatus = (refused ? undefined : input.result.customStatus) ?? instance.customStatus;
  const base = {
    instanceId: instance.instanceId,
    executionId: instance.executionId,
    consumedInboxSeqs: input.deliveredInboxSeqs,
    childStarts,
  };

  if (completion && completion.status === 'CONTINUED_AS_NEW') {
    const executionId = input.newId();
    const newInput = completion.result;
    const startEvent: HistoryEvent = {
      eventId: -1,
      timestamp: now,
      kind: 'ExecutionStarted',
      name: instance.name,
      executionId,
      ...optional('input', newInput),
      ...(instance.parent && { parent: instance.parent }),
      ...optional('version', instance.version),
      ...optional('tags', instance.tags),
    };
    const status = statusAfterTurn(instance.status, undefined);
    return {
      status,
      continuedAsNew: true,
      commit: {
        ...base,
        resetHistory: true,
        historyAppend: [],
        update: {
          status,
          executionId,
          lastUpdatedAt: now,
          ...optional('input', newInput),
          ...optional('customStatus', customStatus),
        },
        activities: [],
        selfInbox: [{ event: startEvent }, ...completion.carryoverEvents.map((event) => ({ event }))],
        carryUndeliveredEvents: true,
        dropPendingWork: false,
        messages,
      },
    };
  }

  const finalStatus = completion && isTerminalStatus(completion.status) ? completion.status : undefined;
  const status = statusAfterTurn(instance.status, finalStatus);
  if (completion && finalStatus) {
    history.push({
      eventId: completion.id,
      timestamp: now,
      kind: 'ExecutionCompleted',
      status: finalStatus,
      ...optional('result', completion.result),
      ...optional('failure', completion.failure),
    });
    const notice = parentNotice(instance, finalStatus, completion.result, completion.failure, now);
    if (notice) messages.push(notice);
  }
  const finished = finalStatus !== undefined;
  return {
    status,
    continuedAsNew: false,
    commit: {
      ...base,
      resetHistory: false,
      historyAppend: history,
      update: {
        status,
        executionId: instance.executionId,
        lastUpdatedAt: now,
        ...optional('input', instance.input),
        ...optional('customStatus', customStatus),
        ...(finished && {
          completedAt: now,
          ...optional('output', completion?.result),
          ...optional('failure', completion?.failure),
        }),
      },
      activities: finished ? [] : activities,
      selfInbox: finished ? [] : selfInbox,
      carryUndeliveredEvents: false,
      dropPendingWork: finished,
      messages,
    },
  };
}

/**
 * The event a finished child sends its parent: SubOrchestrationInstanceCompleted with the
 * result, or SubOrchestrationInstanceFailed with the failure (a terminated child included).
 * Undefined for an instance without a parent.
 */
export function parentNotice(
  instance: InstanceRecord,
  status: RuntimeStatus,
  result: string | undefined,
  failure: FailureDetails | undefined,
  now: number,
): OutgoingMessage | undefined {
  const parent = instance.parent;
  if (!parent) return undefined;
  const at = { eventId: -1, timestamp: now };
  if (status === 'COMPLETED') {
    return {
      instanceId: parent.instanceId,
      event: { ...at, kind: 'SubOrchestrationInstanceCompleted', taskScheduledId: parent.taskScheduledId, ...optional('result', result) },
    };
  }
  return {
    instanceId: parent.instanceId,
    event: {
      ...at,
      kind: 'SubOrchestrationInstanceFailed',
      taskScheduledId: parent.taskScheduledId,
      failure: failure ?? {
        errorType: status === 'TERMINATED' ? 'OrchestrationTerminated' : 'OrchestrationFailed',
        errorMessage: `The child workflow "${instance.instanceId}" ended with status ${status}.`,
      },
    },
  };
}

/** Why a child instance cannot be started, or undefined when it can. */
function childRefusal(
  childId: string,
  parentId: string,
  startedInThisTurn: ReadonlySet<string>,
  isActiveInstance: (instanceId: string) => boolean,
): FailureDetails | undefined {
  // The SDK derives child IDs as "<parent>:<hex>", so a child ID is not held to INSTANCE_ID_PATTERN
  // (which is what callers may choose); only control characters are refused.
  if (/[\u0000-\u001f\u007f]/.test(childId) || childId.length > MAX_CHILD_ID_LENGTH) {
    return {
      errorType: 'InvalidArgumentError',
      errorMessage: `The child instance ID ${JSON.stringify(childId.slice(0, 80))} is not valid: it contains control characters or is over ${MAX_CHILD_ID_LENGTH} characters.`,
    };
  }
  if (childId === parentId || startedInThisTurn.has(childId) || isActiveInstance(childId)) {
    return {
      errorType: 'InstanceExistsError',
      errorMessage: `An instance with the ID "${childId}" already exists and is not finished.`,
    };
  }
  return undefined;
}

/**
 * When the worker's answer carries a payload over the limit: the single action that fails
 * the orchestration with PayloadTooLargeError instead of its actions; otherwise undefined.
 */
function refuseOversizedPayloads(result: OrchestratorResult): readonly OrchestratorAction[] | undefined {
  const oversized: string[] = [];
  const check = (what: string, payload: string | undefined) => {
    const bytes = payload === undefined || payload.length * 3 <= MAX_PAYLOAD_BYTES ? 0 : payloadBytes(payload);
    if (bytes > MAX_PAYLOAD_BYTES) oversized.push(payloadTooLargeMessage(what, bytes));
  };
  check('custom status', result.customStatus);
  let lastId = 0;
  for (const action of result.actions) {
    lastId = Math.max(lastId, action.id);
    if (action.kind === 'ScheduleTask') check(`input of activity "${action.name}"`, action.input);
    else if (action.kind === 'CreateSubOrchestration') check(`input of child workflow "${action.name}"`, action.input);
    else if (action.kind === 'SendEvent') check(`data of event "${action.name}"`, action.data);
    else if (action.kind === 'CompleteOrchestration') check('workflow output', action.result);
  }
  if (oversized.length === 0) return undefined;
  return [
    {
      id: lastId + 1,
      kind: 'CompleteOrchestration',
      status: 'FAILED',
      failure: { errorType: 'PayloadTooLargeError', errorMessage: oversized[0]!, isNonRetriable: true },
      carryoverEvents: [],
    },
  ];
}

/** `{ [key]: value }` when the value is defined, else `{}` (keeps absent fields absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
