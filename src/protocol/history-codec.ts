/**
 * History events: the model's `HistoryEvent` ↔ the protocol's `HistoryEvent`, every kind the
 * model has. Kinds the model does not have (generic events, detached-workflow creation,
 * workflow completion markers) decode to undefined, so a history from a newer sidecar still
 * reads; the fields of each kind the model does not keep are listed in docs/protocol.md.
 */
import type { HistoryEvent, HistoryEventBody, TraceContext, WorkflowVersion } from '../model/index.js';
import { failureToPb, optionalFailureFromPb, requiredFailureFromPb } from './failure-codec.js';
import { runtimeStatusFromPb, runtimeStatusToPb, stalledReasonFromPb, stalledReasonToPb } from './status-codec.js';
import type { wire } from './wire.js';
import { msFromTimestamp, nonEmpty, stringValue, tagsOf, textOf, timestampFromMs, withoutUndefined } from './wire-values.js';

function workflowInstance(instanceId: string, executionId?: string): wire.IWorkflowInstance {
  return withoutUndefined({ instanceId, executionId: stringValue(executionId) });
}

/** The protocol's TraceContext for the model's. */
export function traceToPb(trace: TraceContext | undefined): wire.ITraceContext | undefined {
  if (trace === undefined) return undefined;
  return withoutUndefined({ traceParent: trace.traceParent, spanID: trace.spanId, traceState: stringValue(trace.traceState) });
}

/** The model's TraceContext for the protocol's; undefined when absent or without a traceparent. */
export function traceFromPb(message: wire.ITraceContext | null | undefined): TraceContext | undefined {
  if (!message?.traceParent) return undefined;
  return withoutUndefined({ traceParent: message.traceParent, spanId: nonEmpty(message.spanID), traceState: textOf(message.traceState) });
}

/** The protocol's WorkflowVersion for the model's. */
export function versionToPb(version: WorkflowVersion | undefined): wire.IWorkflowVersion | undefined {
  if (version === undefined) return undefined;
  return withoutUndefined({ name: version.name, patches: [...version.patches] });
}

/** The model's WorkflowVersion for the protocol's; undefined when absent or empty. */
export function versionFromPb(message: wire.IWorkflowVersion | null | undefined): WorkflowVersion | undefined {
  if (!message) return undefined;
  const name = nonEmpty(message.name);
  const patches = message.patches ?? [];
  if (name === undefined && patches.length === 0) return undefined;
  return withoutUndefined({ name, patches: [...patches] });
}

function bodyToPb(event: HistoryEvent, instanceId: string): Record<string, unknown> {
  switch (event.kind) {
    case 'ExecutionStarted':
      return {
        executionStarted: withoutUndefined({
          name: event.name,
          version: stringValue(event.version),
          input: stringValue(event.input),
          workflowInstance: workflowInstance(instanceId, event.executionId),
          parentInstance:
            event.parent === undefined
              ? undefined
              : {
                  taskScheduledId: event.parent.taskScheduledId,
                  name: stringValue(event.parent.name),
                  workflowInstance: workflowInstance(event.parent.instanceId),
                },
          scheduledStartTimestamp: event.scheduledStartAt === undefined ? undefined : timestampFromMs(event.scheduledStartAt),
          parentTraceContext: traceToPb(event.trace),
          tags: event.tags === undefined ? undefined : { ...event.tags },
        }),
      };
    case 'ExecutionCompleted':
      return {
        executionCompleted: withoutUndefined({
          workflowStatus: runtimeStatusToPb(event.status),
          result: stringValue(event.result),
          failureDetails: event.failure === undefined ? undefined : failureToPb(event.failure),
        }),
      };
    case 'ExecutionTerminated':
      return { executionTerminated: withoutUndefined({ input: stringValue(event.output), recurse: event.recurse }) };
    case 'TaskScheduled':
      return {
        taskScheduled: withoutUndefined({
          name: event.name,
          version: stringValue(event.version),
          input: stringValue(event.input),
          taskExecutionId: event.taskExecutionId,
        }),
      };
    case 'TaskCompleted':
      return {
        taskCompleted: withoutUndefined({
          taskScheduledId: event.taskScheduledId,
          result: stringValue(event.result),
          taskExecutionId: event.taskExecutionId,
        }),
      };
    case 'TaskFailed':
      return {
        taskFailed: withoutUndefined({
          taskScheduledId: event.taskScheduledId,
          failureDetails: failureToPb(event.failure),
          taskExecutionId: event.taskExecutionId,
        }),
      };
    case 'SubOrchestrationInstanceCreated':
      return {
        childWorkflowInstanceCreated: withoutUndefined({
          instanceId: event.instanceId,
          name: event.name,
          version: stringValue(event.version),
          input: stringValue(event.input),
        }),
      };
    case 'SubOrchestrationInstanceCompleted':
      return { childWorkflowInstanceCompleted: withoutUndefined({ taskScheduledId: event.taskScheduledId, result: stringValue(event.result) }) };
    case 'SubOrchestrationInstanceFailed':
      return { childWorkflowInstanceFailed: { taskScheduledId: event.taskScheduledId, failureDetails: failureToPb(event.failure) } };
    case 'TimerCreated':
      return { timerCreated: withoutUndefined({ fireAt: timestampFromMs(event.fireAt), name: event.name }) };
    case 'TimerFired':
      return { timerFired: { timerId: event.timerId, fireAt: timestampFromMs(event.fireAt) } };
    case 'OrchestratorStarted':
      return { workflowStarted: withoutUndefined({ version: versionToPb(event.version) }) };
    case 'OrchestratorCompleted':
      return { workflowCompleted: {} };
    case 'EventSent':
      return { eventSent: withoutUndefined({ instanceId: event.instanceId, name: event.name, input: stringValue(event.input) }) };
    case 'EventRaised':
      return { eventRaised: withoutUndefined({ name: event.name, input: stringValue(event.input) }) };
    case 'ContinueAsNew':
      return { continueAsNew: withoutUndefined({ input: stringValue(event.input) }) };
    case 'ExecutionSuspended':
      return { executionSuspended: withoutUndefined({ input: stringValue(event.reason) }) };
    case 'ExecutionResumed':
      return { executionResumed: withoutUndefined({ input: stringValue(event.reason) }) };
    case 'ExecutionStalled':
      return { executionStalled: withoutUndefined({ reason: stalledReasonToPb(event.reason), description: event.description }) };
    default: {
      const unknown: never = event;
      throw new Error(`Cannot encode history event ${JSON.stringify(unknown)}.`);
    }
  }
}

/**
 * The protocol message for a history event. `instanceId` names the instance the event
 * belongs to; it fills ExecutionStarted's workflow instance, as daprd does.
 */
export function historyEventToPb(event: HistoryEvent, instanceId = ''): wire.IHistoryEvent {
  const message: Record<string, unknown> = { eventId: event.eventId, timestamp: timestampFromMs(event.timestamp), ...bodyToPb(event, instanceId) };
  return message as unknown as wire.IHistoryEvent;
}

function bodyFromPb(message: wire.HistoryEvent): HistoryEventBody | undefined {
  switch (message.eventType) {
    case 'executionStarted': {
      const body = message.executionStarted!;
      const parent = body.parentInstance;
      return withoutUndefined({
        kind: 'ExecutionStarted' as const,
        name: body.name ?? '',
        input: textOf(body.input),
        executionId: textOf(body.workflowInstance?.executionId) ?? '',
        parent: parent
          ? { instanceId: parent.workflowInstance?.instanceId ?? '', name: textOf(parent.name) ?? '', taskScheduledId: parent.taskScheduledId ?? 0 }
          : undefined,
        scheduledStartAt: msFromTimestamp(body.scheduledStartTimestamp),
        version: nonEmpty(textOf(body.version)),
        tags: tagsOf(body.tags),
        trace: traceFromPb(body.parentTraceContext),
      });
    }
    case 'executionCompleted': {
      const body = message.executionCompleted!;
      return withoutUndefined({
        kind: 'ExecutionCompleted' as const,
        status: runtimeStatusFromPb(body.workflowStatus),
        result: textOf(body.result),
        failure: optionalFailureFromPb(body.failureDetails),
      });
    }
    case 'executionTerminated': {
      const body = message.executionTerminated!;
      return withoutUndefined({ kind: 'ExecutionTerminated' as const, output: textOf(body.input), recurse: body.recurse ?? false });
    }
    case 'taskScheduled': {
      const body = message.taskScheduled!;
      return withoutUndefined({
        kind: 'TaskScheduled' as const,
        name: body.name ?? '',
        input: textOf(body.input),
        version: nonEmpty(textOf(body.version)),
        taskExecutionId: nonEmpty(body.taskExecutionId),
      });
    }
    case 'taskCompleted': {
      const body = message.taskCompleted!;
      return withoutUndefined({
        kind: 'TaskCompleted' as const,
        taskScheduledId: body.taskScheduledId ?? 0,
        result: textOf(body.result),
        taskExecutionId: nonEmpty(body.taskExecutionId),
      });
    }
    case 'taskFailed': {
      const body = message.taskFailed!;
      return withoutUndefined({
        kind: 'TaskFailed' as const,
        taskScheduledId: body.taskScheduledId ?? 0,
        failure: requiredFailureFromPb(body.failureDetails),
        taskExecutionId: nonEmpty(body.taskExecutionId),
      });
    }
    case 'childWorkflowInstanceCreated': {
      const body = message.childWorkflowInstanceCreated!;
      return withoutUndefined({
        kind: 'SubOrchestrationInstanceCreated' as const,
        instanceId: body.instanceId ?? '',
        name: body.name ?? '',
        input: textOf(body.input),
        version: nonEmpty(textOf(body.version)),
      });
    }
    case 'childWorkflowInstanceCompleted': {
      const body = message.childWorkflowInstanceCompleted!;
      return withoutUndefined({ kind: 'SubOrchestrationInstanceCompleted' as const, taskScheduledId: body.taskScheduledId ?? 0, result: textOf(body.result) });
    }
    case 'childWorkflowInstanceFailed': {
      const body = message.childWorkflowInstanceFailed!;
      return { kind: 'SubOrchestrationInstanceFailed', taskScheduledId: body.taskScheduledId ?? 0, failure: requiredFailureFromPb(body.failureDetails) };
    }
    case 'timerCreated': {
      const body = message.timerCreated!;
      return withoutUndefined({ kind: 'TimerCreated' as const, fireAt: msFromTimestamp(body.fireAt) ?? 0, name: nonEmpty(body.name) });
    }
    case 'timerFired': {
      const body = message.timerFired!;
      return { kind: 'TimerFired', timerId: body.timerId ?? 0, fireAt: msFromTimestamp(body.fireAt) ?? 0 };
    }
    case 'workflowStarted':
      return withoutUndefined({ kind: 'OrchestratorStarted' as const, version: versionFromPb(message.workflowStarted!.version) });
    case 'workflowCompleted':
      return { kind: 'OrchestratorCompleted' };
    case 'eventSent': {
      const body = message.eventSent!;
      return withoutUndefined({ kind: 'EventSent' as const, instanceId: body.instanceId ?? '', name: body.name ?? '', input: textOf(body.input) });
    }
    case 'eventRaised': {
      const body = message.eventRaised!;
      return withoutUndefined({ kind: 'EventRaised' as const, name: body.name ?? '', input: textOf(body.input) });
    }
    case 'continueAsNew':
      return withoutUndefined({ kind: 'ContinueAsNew' as const, input: textOf(message.continueAsNew!.input) });
    case 'executionSuspended':
      return withoutUndefined({ kind: 'ExecutionSuspended' as const, reason: textOf(message.executionSuspended!.input) });
    case 'executionResumed':
      return withoutUndefined({ kind: 'ExecutionResumed' as const, reason: textOf(message.executionResumed!.input) });
    case 'executionStalled': {
      const body = message.executionStalled!;
      return withoutUndefined({ kind: 'ExecutionStalled' as const, reason: stalledReasonFromPb(body.reason), description: nonEmpty(body.description) });
    }
    default:
      return undefined;
  }
}

/** The model's event for a decoded protocol message, or undefined for a kind the model does not have. */
export function historyEventFromPb(message: wire.HistoryEvent): HistoryEvent | undefined {
  const body = bodyFromPb(message);
  if (!body) return undefined;
  return { eventId: message.eventId, timestamp: msFromTimestamp(message.timestamp) ?? 0, ...body };
}

/** The protocol messages for a list of events. */
export function historyToPb(events: readonly HistoryEvent[], instanceId = ''): wire.IHistoryEvent[] {
  return events.map((event) => historyEventToPb(event, instanceId));
}

/** The model's events for decoded protocol messages, leaving out kinds the model does not have. */
export function historyFromPb(messages: readonly wire.HistoryEvent[]): HistoryEvent[] {
  return messages.map(historyEventFromPb).filter((event): event is HistoryEvent => event !== undefined);
}
