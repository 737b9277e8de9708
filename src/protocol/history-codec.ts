/**
 * History events: the domain's `HistoryEvent` ↔ the protocol's `HistoryEvent`, every kind
 * the domain models. Event kinds the domain does not model (entity events, generic and
 * history-state events) decode to undefined, so a history from a newer sidecar still reads.
 */
import type { HistoryEvent, HistoryEventBody } from '../model/index.js';
import { failureToPb, optionalFailureFromPb, requiredFailureFromPb } from './failure-codec.js';
import { pb } from './sdk-proto.js';
import { runtimeStatusFromPb, runtimeStatusToPb } from './status-codec.js';
import { msFromTimestamp, stringValue, textOf, timestampFromMs, withoutUndefined } from './wire-values.js';

const Case = pb.HistoryEvent.EventtypeCase;


function orchestrationInstance(instanceId: string, executionId?: string): pb.OrchestrationInstance {
  const instance = new pb.OrchestrationInstance();
  instance.setInstanceid(instanceId);
  instance.setExecutionid(stringValue(executionId));
  return instance;
}

/**
 * The protocol message for a history event. `instanceId` names the instance the event
 * belongs to; it fills ExecutionStarted's orchestration instance, as daprd does.
 */
export function historyEventToPb(event: HistoryEvent, instanceId = ''): pb.HistoryEvent {
  const message = new pb.HistoryEvent();
  message.setEventid(event.eventId);
  message.setTimestamp(timestampFromMs(event.timestamp));
  switch (event.kind) {
    case 'ExecutionStarted': {
      const body = new pb.ExecutionStartedEvent();
      body.setName(event.name);
      body.setInput(stringValue(event.input));
      body.setOrchestrationinstance(orchestrationInstance(instanceId, event.executionId));
      if (event.parent !== undefined) {
        const parent = new pb.ParentInstanceInfo();
        parent.setTaskscheduledid(event.parent.taskScheduledId);
        parent.setName(stringValue(event.parent.name));
        parent.setOrchestrationinstance(orchestrationInstance(event.parent.instanceId));
        body.setParentinstance(parent);
      }
      if (event.scheduledStartAt !== undefined) body.setScheduledstarttimestamp(timestampFromMs(event.scheduledStartAt));
      message.setExecutionstarted(body);
      break;
    }
    case 'ExecutionCompleted': {
      const body = new pb.ExecutionCompletedEvent();
      body.setOrchestrationstatus(runtimeStatusToPb(event.status));
      body.setResult(stringValue(event.result));
      if (event.failure !== undefined) body.setFailuredetails(failureToPb(event.failure));
      message.setExecutioncompleted(body);
      break;
    }
    case 'ExecutionTerminated': {
      const body = new pb.ExecutionTerminatedEvent();
      body.setInput(stringValue(event.output));
      message.setExecutionterminated(body);
      break;
    }
    case 'TaskScheduled': {
      const body = new pb.TaskScheduledEvent();
      body.setName(event.name);
      body.setInput(stringValue(event.input));
      message.setTaskscheduled(body);
      break;
    }
    case 'TaskCompleted': {
      const body = new pb.TaskCompletedEvent();
      body.setTaskscheduledid(event.taskScheduledId);
      body.setResult(stringValue(event.result));
      message.setTaskcompleted(body);
      break;
    }
    case 'TaskFailed': {
      const body = new pb.TaskFailedEvent();
      body.setTaskscheduledid(event.taskScheduledId);
      body.setFailuredetails(failureToPb(event.failure));
      message.setTaskfailed(body);
      break;
    }
    case 'SubOrchestrationInstanceCreated': {
      const body = new pb.SubOrchestrationInstanceCreatedEvent();
      body.setInstanceid(event.instanceId);
      body.setName(event.name);
      body.setInput(stringValue(event.input));
      message.setSuborchestrationinstancecreated(body);
      break;
    }
    case 'SubOrchestrationInstanceCompleted': {
      const body = new pb.SubOrchestrationInstanceCompletedEvent();
      body.setTaskscheduledid(event.taskScheduledId);
      body.setResult(stringValue(event.result));
      message.setSuborchestrationinstancecompleted(body);
      break;
    }
    case 'SubOrchestrationInstanceFailed': {
      const body = new pb.SubOrchestrationInstanceFailedEvent();
      body.setTaskscheduledid(event.taskScheduledId);
      body.setFailuredetails(failureToPb(event.failure));
      message.setSuborchestrationinstancefailed(body);
      break;
    }
    case 'TimerCreated': {
      const body = new pb.TimerCreatedEvent();
      body.setFireat(timestampFromMs(event.fireAt));
      message.setTimercreated(body);
      break;
    }
    case 'TimerFired': {
      const body = new pb.TimerFiredEvent();
      body.setTimerid(event.timerId);
      body.setFireat(timestampFromMs(event.fireAt));
      message.setTimerfired(body);
      break;
    }
    case 'OrchestratorStarted':
      message.setOrchestratorstarted(new pb.OrchestratorStartedEvent());
      break;
    case 'OrchestratorCompleted':
      message.setOrchestratorcompleted(new pb.OrchestratorCompletedEvent());
      break;
    case 'EventSent': {
      const body = new pb.EventSentEvent();
      body.setInstanceid(event.instanceId);
      body.setName(event.name);
      body.setInput(stringValue(event.input));
      message.setEventsent(body);
      break;
    }
    case 'EventRaised': {
      const body = new pb.EventRaisedEvent();
      body.setName(event.name);
      body.setInput(stringValue(event.input));
      message.setEventraised(body);
      break;
    }
    case 'ContinueAsNew': {
      const body = new pb.ContinueAsNewEvent();
      body.setInput(stringValue(event.input));
      message.setContinueasnew(body);
      break;
    }
    case 'ExecutionSuspended': {
      const body = new pb.ExecutionSuspendedEvent();
      body.setInput(stringValue(event.reason));
      message.setExecutionsuspended(body);
      break;
    }
    case 'ExecutionResumed': {
      const body = new pb.ExecutionResumedEvent();
      body.setInput(stringValue(event.reason));
      message.setExecutionresumed(body);
      break;
    }
    default: {
      const unknown: never = event;
      throw new Error(`Cannot encode history event ${JSON.stringify(unknown)}.`);
    }
  }
  return message;
}

function bodyFromPb(message: pb.HistoryEvent): HistoryEventBody | undefined {
  switch (message.getEventtypeCase()) {
    case Case.EXECUTIONSTARTED: {
      const body = message.getExecutionstarted()!;
      const parent = body.getParentinstance();
      return withoutUndefined({
        kind: 'ExecutionStarted' as const,
        name: body.getName(),
        input: textOf(body.getInput()),
        executionId: textOf(body.getOrchestrationinstance()?.getExecutionid()) ?? '',
        parent:
          parent === undefined
            ? undefined
            : {
                instanceId: parent.getOrchestrationinstance()?.getInstanceid() ?? '',
                name: textOf(parent.getName()) ?? '',
                taskScheduledId: parent.getTaskscheduledid(),
              },
        scheduledStartAt: msFromTimestamp(body.getScheduledstarttimestamp()),
      });
    }
    case Case.EXECUTIONCOMPLETED: {
      const body = message.getExecutioncompleted()!;
      return withoutUndefined({
        kind: 'ExecutionCompleted' as const,
        status: runtimeStatusFromPb(body.getOrchestrationstatus()),
        result: textOf(body.getResult()),
        failure: optionalFailureFromPb(body.getFailuredetails()),
      });
    }
    case Case.EXECUTIONTERMINATED: {
      const body = message.getExecutionterminated()!;
      // The SDK's message has no `recurse` field; proto3's default (false) is what is known.
      return withoutUndefined({ kind: 'ExecutionTerminated' as const, output: textOf(body.getInput()), recurse: false });
    }
    case Case.TASKSCHEDULED: {
      const body = message.getTaskscheduled()!;
      return withoutUndefined({ kind: 'TaskScheduled' as const, name: body.getName(), input: textOf(body.getInput()) });
    }
    case Case.TASKCOMPLETED: {
      const body = message.getTaskcompleted()!;
      return withoutUndefined({
        kind: 'TaskCompleted' as const,
        taskScheduledId: body.getTaskscheduledid(),
        result: textOf(body.getResult()),
      });
    }
    case Case.TASKFAILED: {
      const body = message.getTaskfailed()!;
      return {
        kind: 'TaskFailed',
        taskScheduledId: body.getTaskscheduledid(),
        failure: requiredFailureFromPb(body.getFailuredetails()),
      };
    }
    case Case.SUBORCHESTRATIONINSTANCECREATED: {
      const body = message.getSuborchestrationinstancecreated()!;
      return withoutUndefined({
        kind: 'SubOrchestrationInstanceCreated' as const,
        instanceId: body.getInstanceid(),
        name: body.getName(),
        input: textOf(body.getInput()),
      });
    }
    case Case.SUBORCHESTRATIONINSTANCECOMPLETED: {
      const body = message.getSuborchestrationinstancecompleted()!;
      return withoutUndefined({
        kind: 'SubOrchestrationInstanceCompleted' as const,
        taskScheduledId: body.getTaskscheduledid(),
        result: textOf(body.getResult()),
      });
    }
    case Case.SUBORCHESTRATIONINSTANCEFAILED: {
      const body = message.getSuborchestrationinstancefailed()!;
      return {
        kind: 'SubOrchestrationInstanceFailed',
        taskScheduledId: body.getTaskscheduledid(),
        failure: requiredFailureFromPb(body.getFailuredetails()),
      };
    }
    case Case.TIMERCREATED:
      return { kind: 'TimerCreated', fireAt: msFromTimestamp(message.getTimercreated()!.getFireat()) ?? 0 };
    case Case.TIMERFIRED: {
      const body = message.getTimerfired()!;
      return { kind: 'TimerFired', timerId: body.getTimerid(), fireAt: msFromTimestamp(body.getFireat()) ?? 0 };
    }
    case Case.ORCHESTRATORSTARTED:
      return { kind: 'OrchestratorStarted' };
    case Case.ORCHESTRATORCOMPLETED:
      return { kind: 'OrchestratorCompleted' };
    case Case.EVENTSENT: {
      const body = message.getEventsent()!;
      return withoutUndefined({
        kind: 'EventSent' as const,
        instanceId: body.getInstanceid(),
        name: body.getName(),
        input: textOf(body.getInput()),
      });
    }
    case Case.EVENTRAISED: {
      const body = message.getEventraised()!;
      return withoutUndefined({ kind: 'EventRaised' as const, name: body.getName(), input: textOf(body.getInput()) });
    }
    case Case.CONTINUEASNEW:
      return withoutUndefined({ kind: 'ContinueAsNew' as const, input: textOf(message.getContinueasnew()!.getInput()) });
    case Case.EXECUTIONSUSPENDED:
      return withoutUndefined({ kind: 'ExecutionSuspended' as const, reason: textOf(message.getExecutionsuspended()!.getInput()) });
    case Case.EXECUTIONRESUMED:
      return withoutUndefined({ kind: 'ExecutionResumed' as const, reason: textOf(message.getExecutionresumed()!.getInput()) });
    default:
      return undefined;
  }
}

/**
 * The domain event a protocol message carries, or undefined for a kind the domain does not
 * model. A missing timestamp reads as 0. Throws InvalidArgumentError for an unknown status.
 */
export function historyEventFromPb(message: pb.HistoryEvent): HistoryEvent | undefined {
  const body = bodyFromPb(message);
  if (body === undefined) return undefined;
  return { eventId: message.getEventid(), timestamp: msFromTimestamp(message.getTimestamp()) ?? 0, ...body };
}

/** The domain events of a list of protocol messages, in order, leaving out kinds the domain does not model. */
export function historyFromPb(messages: readonly pb.HistoryEvent[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const message of messages) {
    const event = historyEventFromPb(message);
    if (event !== undefined) events.push(event);
  }
  return events;
}

/** The protocol messages of a list of domain events, in order (see historyEventToPb for `instanceId`). */
export function historyToPb(events: readonly HistoryEvent[], instanceId = ''): pb.HistoryEvent[] {
  return events.map((event) => historyEventToPb(event, instanceId));
}
