"""The conformance corpus as played by Dapr's Python workflow SDK (dapr-ext-workflow).

Hosts its own workflows with the SDK's WorkflowRuntime, drives them with the SDK's
DaprWorkflowClient and prints one JSON line per scenario:
{"scenario": ID, "description": TEXT, "observation": {...}} with what a user can observe
(status, output, custom status, failure type and message, gRPC codes and texts).
The sidecar comes from DAPR_RUNTIME_HOST and DAPR_GRPC_PORT, as the SDK reads them.
"""

import argparse
import json
import sys
import time

import grpc
import dapr.ext.workflow as wf

runtime = wf.WorkflowRuntime()


@runtime.activity(name='py_append')
def py_append(ctx, inp):
    return f"{inp['text']}{inp['suffix']}"


@runtime.activity(name='py_explode')
def py_explode(ctx, inp):
    raise ValueError(f'boom {inp}')


@runtime.workflow(name='py_chain')
def py_chain(ctx: wf.DaprWorkflowContext, text):
    for suffix in ['1', '2', '3']:
        text = yield ctx.call_activity(py_append, input={'text': text, 'suffix': suffix})
    return text


@runtime.workflow(name='py_approval')
def py_approval(ctx: wf.DaprWorkflowContext, _):
    ctx.set_custom_status('waiting')
    data = yield ctx.wait_for_external_event('Approval')
    return {'decision': data}


@runtime.workflow(name='py_failing')
def py_failing(ctx: wf.DaprWorkflowContext, _):
    yield ctx.call_activity(py_explode, input='card-2')
    return 'unreachable'


def state_of(state):
    if state is None:
        return 'no such instance'
    seen = {'status': state.runtime_status.name}
    if state.serialized_output:
        seen['output'] = state.serialized_output
    if state.serialized_custom_status:
        seen['customStatus'] = state.serialized_custom_status
    if state.failure_details is not None:
        seen['failure'] = {'type': state.failure_details.error_type, 'message': state.failure_details.message.split('\n')[0]}
    return seen


def attempt(call):
    try:
        value = call()
        return {'ok': None if value is None else str(value)}
    except grpc.RpcError as error:
        return {'error': error.code().name, 'message': error.details() or ''}
    except Exception as error:  # an SDK-side refusal, observed by its type and text
        return {'error': type(error).__name__, 'message': str(error).split('\n')[0]}


def wait_for_status(client, instance_id, wanted, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = client.get_workflow_state(instance_id, fetch_payloads=True)
        if state is not None and state.runtime_status.name == wanted:
            return state_of(state)
        time.sleep(0.1)
    raise TimeoutError(f'{instance_id} did not become {wanted}')


def finished(client, instance_id):
    return state_of(client.wait_for_workflow_completion(instance_id, fetch_payloads=True, timeout_in_seconds=30))


def activity_chain(client):
    instance_id = client.schedule_new_workflow(py_chain, input='a', instance_id='py-chain')
    return {'final': finished(client, instance_id)}


def event_and_custom_status(client):
    instance_id = client.schedule_new_workflow(py_approval, instance_id='py-approval')
    waiting = wait_for_status(client, instance_id, 'RUNNING')
    client.raise_workflow_event(instance_id, 'Approval', data={'approved': True})
    return {'waiting': waiting, 'final': finished(client, instance_id)}


def failure_details(client):
    instance_id = client.schedule_new_workflow(py_failing, instance_id='py-failing')
    return {'final': finished(client, instance_id)}


def lifecycle(client):
    instance_id = client.schedule_new_workflow(py_approval, instance_id='py-lifecycle')
    wait_for_status(client, instance_id, 'RUNNING')
    client.pause_workflow(instance_id)
    suspended = wait_for_status(client, instance_id, 'SUSPENDED')
    client.resume_workflow(instance_id)
    resumed = wait_for_status(client, instance_id, 'RUNNING')
    client.terminate_workflow(instance_id, output='stopped')
    final = finished(client, instance_id)
    purge = attempt(lambda: client.purge_workflow(instance_id))
    after = state_of(client.get_workflow_state(instance_id, fetch_payloads=False))
    return {'suspended': suspended, 'resumed': resumed, 'final': final, 'purge': purge, 'after': after}


def errors(client):
    instance_id = client.schedule_new_workflow(py_approval, instance_id='py-taken')
    wait_for_status(client, instance_id, 'RUNNING')
    observed = {
        'getMissing': state_of(client.get_workflow_state('py-missing')),
        'terminateMissing': attempt(lambda: client.terminate_workflow('py-missing')),
        'raiseMissing': attempt(lambda: client.raise_workflow_event('py-missing', 'Approval', data=1)),
        'purgeMissing': attempt(lambda: client.purge_workflow('py-missing')),
        'startTaken': attempt(lambda: client.schedule_new_workflow(py_approval, instance_id=instance_id)),
        'purgeRunning': attempt(lambda: client.purge_workflow(instance_id)),
    }
    client.terminate_workflow(instance_id)
    finished(client, instance_id)
    return observed


SCENARIOS = [
    ('py-activity-chain', 'Three activities one after another (Python SDK).', activity_chain),
    ('py-event-custom-status', 'A custom status while waiting, then an event with a JSON payload.', event_and_custom_status),
    ('py-failure-details', 'An uncaught activity failure: the failure type and message.', failure_details),
    ('py-lifecycle', 'Pause, resume, terminate with an output, purge.', lifecycle),
    ('py-errors', 'Unknown IDs, a taken ID, purge of a running instance.', errors),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--only', default='')
    args = parser.parse_args()
    only = set(filter(None, args.only.split(',')))
    runtime.start()
    client = wf.DaprWorkflowClient()
    try:
        for scenario_id, description, run in SCENARIOS:
            if only and scenario_id not in only:
                continue
            try:
                observation = run(client)
            except Exception as error:  # the scenario could not be played: recorded, not hidden
                observation = {'scenarioFailed': f'{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ""}'}
            print(json.dumps({'scenario': scenario_id, 'description': description, 'observation': observation}), flush=True)
    finally:
        runtime.shutdown()


if __name__ == '__main__':
    sys.exit(main())
