/**
 * The worker stream's messages: domain work items → the protocol's `WorkItem`, and the
 * worker's answers (`OrchestratorResponse`, `ActivityResponse`) → domain results. The
 * opposite directions exist too, for tests and tools that play the worker's side.
 */
import { InvalidArgumentError, type ActivityResult, type OrchestratorResult, type WorkItem } from '../model/index.js';
import { orchestratorActionFromPb, orchestratorActionToPb } from './action-codec.js';
import { failureToPb, optionalFailureFromPb } from './failure-codec.js';
import { historyFromPb, historyToPb } from './history-codec.js';
import { pb } from './sdk-proto.js';
import { stringValue, textOf, withoutUndefined } from './wire-values.js';

/** The protocol message that hands a work item to a worker. */
export function workItemToPb(item: WorkItem): pb.WorkItem {
  const message = new pb.WorkItem();
  if (item.kind === 'orchestrator') {
    const request = new pb.OrchestratorRequest();
    request.setInstanceid(item.instanceId);
    request.setExecutionid(stringValue(item.executionId));
    request.setPasteventsList(historyToPb(item.pastEvents, item.instanceId));
    request.setNeweventsList(historyToPb(item.newEvents, item.instanceId));
    message.setOrchestratorrequest(request);
  } else {
    const request = new pb.ActivityRequest();
    const instance = new pb.OrchestrationInstance();
    instance.setInstanceid(item.instanceId);
    instance.setExecutionid(stringValue(item.executionId));
    request.setOrchestrationinstance(instance);
    request.setName(item.name);
    request.setTaskid(item.taskId);
    request.setInput(stringValue(item.input));
    message.setActivityrequest(request);
  }
  return message;
}

/** The domain work item a protocol message carries. Throws InvalidArgumentError for an empty one. */
export function workItemFromPb(message: pb.WorkItem): WorkItem {
  const orchestrator = message.getOrchestratorrequest();
  if (orchestrator !== undefined) {
    return {
      kind: 'orchestrator',
      instanceId: orchestrator.getInstanceid(),
      executionId: textOf(orchestrator.getExecutionid()) ?? '',
      pastEvents: historyFromPb(orchestrator.getPasteventsList()),
      newEvents: historyFromPb(orchestrator.getNeweventsList()),
    };
  }
  const activity = message.getActivityrequest();
  if (activity !== undefined) {
    const instance = activity.getOrchestrationinstance();
    return withoutUndefined({
      kind: 'activity' as const,
      instanceId: instance?.getInstanceid() ?? '',
      executionId: textOf(instance?.getExecutionid()) ?? '',
      taskId: activity.getTaskid(),
      name: activity.getName(),
      input: textOf(activity.getInput()),
    });
  }
  throw new InvalidArgumentError('The work item carries neither an orchestrator nor an activity request.');
}

/** A worker's orchestrator answer. Throws InvalidArgumentError for an action it cannot read. */
export function orchestratorResultFromPb(message: pb.OrchestratorResponse): OrchestratorResult {
  return withoutUndefined({
    instanceId: message.getInstanceid(),
    actions: message.getActionsList().map(orchestratorActionFromPb),
    customStatus: textOf(message.getCustomstatus()),
  });
}

/** The protocol message of an orchestrator answer (the worker's side). */
export function orchestratorResultToPb(result: OrchestratorResult): pb.OrchestratorResponse {
  const message = new pb.OrchestratorResponse();
  message.setInstanceid(result.instanceId);
  message.setActionsList(result.actions.map(orchestratorActionToPb));
  message.setCustomstatus(stringValue(result.customStatus));
  return message;
}

/** A worker's activity answer: a failure when it carries failure details, else a result. */
export function activityResultFromPb(message: pb.ActivityResponse): ActivityResult {
  const failure = optionalFailureFromPb(message.getFailuredetails());
  return withoutUndefined({
    instanceId: message.getInstanceid(),
    taskId: message.getTaskid(),
    result: failure === undefined ? textOf(message.getResult()) : undefined,
    failure,
  });
}

/** The protocol message of an activity answer (the worker's side). */
export function activityResultToPb(result: ActivityResult): pb.ActivityResponse {
  const message = new pb.ActivityResponse();
  message.setInstanceid(result.instanceId);
  message.setTaskid(result.taskId);
  message.setResult(stringValue(result.result));
  if (result.failure !== undefined) message.setFailuredetails(failureToPb(result.failure));
  return message;
}
