"""A small Dapr Workflow app in Python: FastAPI + uvicorn, one interactive workflow, REST endpoints.

The workflow greets (an activity), shows its progress in the custom status, waits for the
`approvalEvent` external event, then completes with the greeting and the event's data.
The sidecar address is read by the Dapr SDK itself: DAPR_GRPC_ENDPOINT, or DAPR_RUNTIME_HOST +
DAPR_GRPC_PORT (127.0.0.1:50001 by default). The app listens on APP_PORT (8000 by default).
"""

import os
import uuid
from contextlib import asynccontextmanager
from typing import Any, Optional

import dapr.ext.workflow as wf
import grpc
import uvicorn
from fastapi import Body, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

runtime = wf.WorkflowRuntime()


@runtime.activity(name='greet')
def greet(ctx: wf.WorkflowActivityContext, name: str) -> str:
    return f'Hello, {name}!'


@runtime.workflow(name='interactive_hello_workflow')
def interactive_hello_workflow(ctx: wf.DaprWorkflowContext, name: Optional[str]):
    greeting = yield ctx.call_activity(greet, input=name or 'world')
    ctx.set_custom_status(f'{greeting} Waiting for approvalEvent.')
    approval = yield ctx.wait_for_external_event('approvalEvent')
    ctx.set_custom_status('Approved.')
    return {'greeting': greeting, 'approval': approval}


client: Optional[wf.DaprWorkflowClient] = None


@asynccontextmanager
async def lifespan(_: FastAPI):
    global client
    runtime.start()
    client = wf.DaprWorkflowClient()
    yield
    client.close()
    runtime.shutdown()


app = FastAPI(title='Dapr Workflow workshop', lifespan=lifespan)


@app.exception_handler(grpc.RpcError)
async def sidecar_refused(_: Request, error: grpc.RpcError):
    """The sidecar refused the request (e.g. resuming a finished instance): say why, as a 409."""
    return JSONResponse(status_code=409, content={'detail': f'the sidecar refused: {error.details()}'})


class StartRequest(BaseModel):
    name: Optional[str] = None
    instance_id: Optional[str] = None


def describe(state: Optional[wf.WorkflowState], instance_id: str) -> dict:
    """The instance as JSON, or 404 when the sidecar does not know it."""
    if state is None:
        raise HTTPException(status_code=404, detail=f'workflow instance {instance_id} not found')
    failure = state.failure_details
    return {
        'instance_id': instance_id,
        'name': state.name,
        'status': state.runtime_status.name,
        'custom_status': state.serialized_custom_status,
        'input': state.serialized_input,
        'output': state.serialized_output,
        'failure': None if failure is None else {'type': failure.error_type, 'message': failure.message},
    }


def existing(instance_id: str) -> None:
    if client.get_workflow_state(instance_id, fetch_payloads=False) is None:
        raise HTTPException(status_code=404, detail=f'workflow instance {instance_id} not found')


@app.post('/workflows', status_code=201)
def start(request: StartRequest = Body(default_factory=StartRequest)):
    instance_id = request.instance_id or f'hello-{uuid.uuid4().hex[:8]}'
    client.schedule_new_workflow(interactive_hello_workflow, input=request.name, instance_id=instance_id)
    return {'instance_id': instance_id}


@app.get('/workflows/{instance_id}')
def status(instance_id: str):
    return describe(client.get_workflow_state(instance_id, fetch_payloads=True), instance_id)


@app.post('/workflows/{instance_id}/pause')
def pause(instance_id: str):
    existing(instance_id)
    client.pause_workflow(instance_id)
    return {'instance_id': instance_id, 'requested': 'pause'}


@app.post('/workflows/{instance_id}/resume')
def resume(instance_id: str):
    existing(instance_id)
    client.resume_workflow(instance_id)
    return {'instance_id': instance_id, 'requested': 'resume'}


@app.post('/workflows/{instance_id}/terminate')
def terminate(instance_id: str):
    existing(instance_id)
    client.terminate_workflow(instance_id)
    return {'instance_id': instance_id, 'requested': 'terminate'}


@app.post('/workflows/{instance_id}/events/{event_name}')
def raise_event(instance_id: str, event_name: str, data: Any = Body(default=None)):
    existing(instance_id)
    client.raise_workflow_event(instance_id, event_name, data=data)
    return {'instance_id': instance_id, 'raised': event_name}


@app.delete('/workflows/{instance_id}')
def purge(instance_id: str):
    existing(instance_id)
    client.purge_workflow(instance_id)
    return {'instance_id': instance_id, 'purged': True}


@app.get('/workflows/{instance_id}/wait')
def wait(instance_id: str, timeout: int = 60):
    existing(instance_id)
    state = client.wait_for_workflow_completion(instance_id, fetch_payloads=True, timeout_in_seconds=timeout)
    return describe(state, instance_id)


if __name__ == '__main__':
    uvicorn.run(app, host='127.0.0.1', port=int(os.environ.get('APP_PORT', '8000')))
