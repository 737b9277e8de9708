"""Drives the Python SDK's DaprClient (dapr 1.16) against a sidecar: metadata, then a workflow
through start, get, pause, resume, raise event and purge, and another through terminate.
The sidecar's gRPC address is the first argument (DAPR_HTTP_PORT must name its HTTP port:
the client probes /v1.0/healthz/outbound before its first call). Prints one JSON report of
what it saw; the Node test asserts on it."""

import json
import sys
import time
import warnings

warnings.simplefilter('ignore')

from dapr.clients import DaprClient  # noqa: E402
from dapr.clients.exceptions import DaprInternalError  # noqa: E402

COMPONENT = 'dapr'


def wait_for_status(client, instance_id, wanted, deadline_s=10.0):
    deadline = time.monotonic() + deadline_s
    while True:
        state = client.get_workflow(instance_id=instance_id, workflow_component=COMPONENT)
        if state.runtime_status == wanted:
            return state
        if time.monotonic() > deadline:
            raise TimeoutError(f'{instance_id} stayed {state.runtime_status}, never {wanted}')
        time.sleep(0.02)


def main(address):
    report = {}
    with DaprClient(address=address) as client:
        metadata = client.get_metadata()
        report['application_id'] = metadata.application_id
        report['registered_components'] = len(metadata.registered_components)
        client.set_metadata('course', 'python')
        report['extended'] = dict(client.get_metadata().extended_metadata)

        started = client.start_workflow(
            workflow_component=COMPONENT, workflow_name='Approval', input={'order': 7}, instance_id='py-approval-1'
        )
        report['started'] = started.instance_id
        wait_for_status(client, 'py-approval-1', 'Running')
        client.pause_workflow(instance_id='py-approval-1', workflow_component=COMPONENT)
        report['paused'] = client.get_workflow(instance_id='py-approval-1', workflow_component=COMPONENT).runtime_status
        client.resume_workflow(instance_id='py-approval-1', workflow_component=COMPONENT)
        report['resumed'] = client.get_workflow(instance_id='py-approval-1', workflow_component=COMPONENT).runtime_status
        client.raise_workflow_event(
            instance_id='py-approval-1', workflow_component=COMPONENT, event_name='Approval', event_data={'approved': True}
        )
        done = wait_for_status(client, 'py-approval-1', 'Completed')
        report['name'] = done.workflow_name
        report['properties'] = dict(done.properties)
        client.purge_workflow(instance_id='py-approval-1', workflow_component=COMPONENT)
        try:
            client.get_workflow(instance_id='py-approval-1', workflow_component=COMPONENT)
            report['after_purge'] = 'found'
        except DaprInternalError as error:  # the SDK wraps the gRPC status's details in it
            report['after_purge'] = str(error)

        client.start_workflow(workflow_component=COMPONENT, workflow_name='Approval', instance_id='py-approval-2')
        client.terminate_workflow(instance_id='py-approval-2', workflow_component=COMPONENT)
        report['terminated'] = client.get_workflow(instance_id='py-approval-2', workflow_component=COMPONENT).runtime_status
    print(json.dumps(report))


if __name__ == '__main__':
    main(sys.argv[1])
