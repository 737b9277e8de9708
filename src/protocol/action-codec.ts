/**
 * Orchestrator actions: the protocol's `OrchestratorAction` (what a worker returns from an
 * orchestrator turn) ↔ the domain's `OrchestratorAction`.
 */
import { InvalidArgumentError, type OrchestratorAction } from '../model/index.js';
import { failureToPb, optionalFailureFromPb } from './failure-codec.js';
import { historyFromPb, historyToPb } from './history-codec.js';
import { pb } from './sdk-proto.js';
import { runtimeStatusFromPb, runtimeStatusToPb } from './status-codec.js';
import { msFromTimestamp, stringValue, textOf, timestampFromMs, withoutUndefined } from './wire-values.js';

const Case = pb.OrchestratorAction.OrchestratoractiontypeCase;


/**
 * The domain action a protocol message carries. Throws InvalidArgumentError for an action
 * without a type, of a type the embedded sidecar does not support, or with an unknown status.
 */
export function orchestratorActionFromPb(message: pb.OrchestratorAction): OrchestratorAction {
  const id = message.getId();
  switch (message.getOrchestratoractiontypeCase()) {
    case Case.SCHEDULETASK: {
      const body = message.getScheduletask()!;
      return withoutUndefined({ id, kind: 'ScheduleTask' as const, name: body.getName(), input: textOf(body.getInput()) });
    }
    case Case.CREATESUBORCHESTRATION: {
      const body = message.getCreatesuborchestration()!;
      return withoutUndefined({
        id,
        kind: 'CreateSubOrchestration' as const,
        instanceId: body.getInstanceid(),
        name: body.getName(),
        input: textOf(body.getInput()),
      });
    }
    case Case.CREATETIMER: {
      const fireAt = msFromTimestamp(message.getCreatetimer()!.getFireat());
      if (fireAt === undefined) throw new InvalidArgumentError(`Timer action ${id} has no fire time.`);
      return { id, kind: 'CreateTimer', fireAt };
    }
    case Case.SENDEVENT: {
      const body = message.getSendevent()!;
      return withoutUndefined({
        id,
        kind: 'SendEvent' as const,
        instanceId: body.getInstance()?.getInstanceid() ?? '',
        name: body.getName(),
        data: textOf(body.getData()),
      });
    }
    case Case.COMPLETEORCHESTRATION: {
      const body = message.getCompleteorchestration()!;
      return withoutUndefined({
        id,
        kind: 'CompleteOrchestration' as const,
        status: runtimeStatusFromPb(body.getOrchestrationstatus()),
        result: textOf(body.getResult()),
        failure: optionalFailureFromPb(body.getFailuredetails()),
        carryoverEvents: historyFromPb(body.getCarryovereventsList()),
      });
    }
    default:
      throw new InvalidArgumentError(`Orchestrator action ${id} has no type the sidecar supports.`);
  }
}

/** The protocol message for a domain action (the SDK's side of the exchange; used by tests and tools). */
export function orchestratorActionToPb(action: OrchestratorAction): pb.OrchestratorAction {
  const message = new pb.OrchestratorAction();
  message.setId(action.id);
  switch (action.kind) {
    case 'ScheduleTask': {
      const body = new pb.ScheduleTaskAction();
      body.setName(action.name);
      body.setInput(stringValue(action.input));
      message.setScheduletask(body);
      break;
    }
    case 'CreateSubOrchestration': {
      const body = new pb.CreateSubOrchestrationAction();
      body.setInstanceid(action.instanceId);
      body.setName(action.name);
      body.setInput(stringValue(action.input));
      message.setCreatesuborchestration(body);
      break;
    }
    case 'CreateTimer': {
      const body = new pb.CreateTimerAction();
      body.setFireat(timestampFromMs(action.fireAt));
      message.setCreatetimer(body);
      break;
    }
    case 'SendEvent': {
      const body = new pb.SendEventAction();
      const instance = new pb.OrchestrationInstance();
      instance.setInstanceid(action.instanceId);
      body.setInstance(instance);
      body.setName(action.name);
      body.setData(stringValue(action.data));
      message.setSendevent(body);
      break;
    }
    case 'CompleteOrchestration': {
      const body = new pb.CompleteOrchestrationAction();
      body.setOrchestrationstatus(runtimeStatusToPb(action.status));
      body.setResult(stringValue(action.result));
      if (action.failure !== undefined) body.setFailuredetails(failureToPb(action.failure));
      body.setCarryovereventsList(historyToPb(action.carryoverEvents));
      message.setCompleteorchestration(body);
      break;
    }
    default: {
      const unknown: never = action;
      throw new Error(`Cannot encode orchestrator action ${JSON.stringify(unknown)}.`);
    }
  }
  return message;
}
