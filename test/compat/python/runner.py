"""Compatibility runner for Dapr's Python workflow SDK (dapr-ext-workflow).

Hosts its own workflows and activities with the SDK's WorkflowRuntime, drives them with the
SDK's client (the sync DaprWorkflowClient, or the asyncio one with `--client aio`) and prints
one JSON line per scenario of ../scenarios.json:
{"scenario": ID, "status": "pass"|"fail"|"unsupported", "detail": TEXT}.
The sidecar address comes from the environment as the SDK reads it (DAPR_GRPC_ENDPOINT, or
DAPR_RUNTIME_HOST + DAPR_GRPC_PORT).
"""

import argparse
import asyncio
import json
import os
import sys
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import timedelta
from importlib.metadata import version

import dapr.ext.workflow as wf
from dapr.ext.workflow.aio import DaprWorkflowClient as AioWorkflowClient

HERE = os.path.dirname(os.path.abspath(__file__))
DEADLINE_S = float(os.environ.get('COMPAT_SCENARIO_DEADLINE_S', '30'))
TERMINAL = {wf.WorkflowStatus.COMPLETED, wf.WorkflowStatus.FAILED, wf.WorkflowStatus.TERMINATED}

runtime = wf.WorkflowRuntime()
attempts = {}
attempts_lock = threading.Lock()


class Unsupported(Exception):
    """The SDK has no API for the scenario; the message names what is missing."""


# ---- activities -------------------------------------------------------------------------


@runtime.activity(name='append')
def append(ctx, inp):
    return f"{inp['text']}{inp['suffix']}"


@runtime.activity(name='square')
def square(ctx, n):
    return n * n


@runtime.activity(name='double')
def double(ctx, n):
    return n * 2


@runtime.activity(name='echo')
def echo(ctx, value):
    return value


@runtime.activity(name='explode')
def explode(ctx, inp):
    raise ValueError(f'boom {inp}')


@runtime.activity(name='flaky')
def flaky(ctx, key):
    with attempts_lock:
        attempts[key] = attempts.get(key, 0) + 1
        count = attempts[key]
    if count < 3:
        raise RuntimeError(f'attempt {count} fails on purpose')
    return f'ok after {count}'


# ---- workflows --------------------------------------------------------------------------


@runtime.workflow(name='chain')
def chain(ctx: wf.DaprWorkflowContext, text):
    for suffix in ['1', '2', '3']:
        text = yield ctx.call_activity(append, input={'text': text, 'suffix': suffix})
    return text


@runtime.workflow(name='fan_out')
def fan_out(ctx: wf.DaprWorkflowContext, count):
    results = yield wf.when_all([ctx.call_activity(square, input=n) for n in range(1, count + 1)])
    return sum(results)


@runtime.workflow(name='child_double')
def child_double(ctx: wf.DaprWorkflowContext, n):
    doubled = yield ctx.call_activity(double, input=n)
    return doubled


@runtime.workflow(name='parent_of_child')
def parent_of_child(ctx: wf.DaprWorkflowContext, n):
    result = yield ctx.call_child_workflow(child_double, input=n, instance_id=f'{ctx.instance_id}-child')
    return result + 1


@runtime.workflow(name='late_waiter')
def late_waiter(ctx: wf.DaprWorkflowContext, _):
    yield ctx.create_timer(timedelta(seconds=1))
    data = yield ctx.wait_for_external_event('Approval')
    return data


@runtime.workflow(name='sleeper')
def sleeper(ctx: wf.DaprWorkflowContext, _):
    before = ctx.current_utc_datetime
    yield ctx.create_timer(timedelta(seconds=1))
    return (ctx.current_utc_datetime - before).total_seconds()


@runtime.workflow(name='race')
def race(ctx: wf.DaprWorkflowContext, seconds):
    event = ctx.wait_for_external_event('go')
    timer = ctx.create_timer(timedelta(seconds=seconds))
    winner = yield wf.when_any([event, timer])
    if winner == event:
        return f'event:{event.get_result()}'
    return 'timer'


@runtime.workflow(name='waiter')
def waiter(ctx: wf.DaprWorkflowContext, _):
    data = yield ctx.wait_for_external_event('proceed')
    return data


@runtime.workflow(name='parent_of_waiter')
def parent_of_waiter(ctx: wf.DaprWorkflowContext, _):
    result = yield ctx.call_child_workflow(waiter, input=None, instance_id=f'{ctx.instance_id}-child')
    return result


@runtime.workflow(name='collector')
def collector(ctx: wf.DaprWorkflowContext, state):
    if not state['items']:
        yield ctx.create_timer(timedelta(seconds=1))
    item = yield ctx.wait_for_external_event('item')
    items = state['items'] + [item]
    if len(items) < 3:
        ctx.continue_as_new({'items': items}, save_events=True)
        return None
    return items


@runtime.workflow(name='failing')
def failing(ctx: wf.DaprWorkflowContext, _):
    yield ctx.call_activity(explode, input=42)
    return 'unreachable'


@runtime.workflow(name='status_setter')
def status_setter(ctx: wf.DaprWorkflowContext, _):
    ctx.set_custom_status('stage-1')
    yield ctx.wait_for_external_event('next')
    ctx.set_custom_status('stage-2')
    return 'done'


@runtime.workflow(name='retrying')
def retrying(ctx: wf.DaprWorkflowContext, _):
    policy = wf.RetryPolicy(first_retry_interval=timedelta(milliseconds=300), max_number_of_attempts=3)
    result = yield ctx.call_activity(flaky, input=ctx.instance_id, retry_policy=policy)
    return result


@runtime.versioned_workflow(name='versioned', version_name='v1', is_latest=False)
def versioned_v1(ctx: wf.DaprWorkflowContext, _):
    return 'v1'


@runtime.versioned_workflow(name='versioned', version_name='v2', is_latest=True)
def versioned_v2(ctx: wf.DaprWorkflowContext, _):
    return 'v2:patched' if ctx.is_patched('p1') else 'v2:unpatched'


# Instances whose code is "redeployed" without the patch 'p-stall' (see s_stalled_patch_mismatch).
redeployed = set()
redeployed_lock = threading.Lock()


@runtime.workflow(name='patch_dropper')
def patch_dropper(ctx: wf.DaprWorkflowContext, _):
    with redeployed_lock:
        patch_still_in_code = ctx.instance_id not in redeployed
    if patch_still_in_code:
        ctx.is_patched('p-stall')
    yield ctx.wait_for_external_event('go')
    return 'done'


@runtime.workflow(name='falsy_child')
def falsy_child(ctx: wf.DaprWorkflowContext, value):
    return value


@runtime.workflow(name='falsy')
def falsy(ctx: wf.DaprWorkflowContext, value):
    echoed = []
    for item in [0, False, '', None]:
        echoed.append((yield ctx.call_activity(echo, input=item)))
    child = []
    for item in [0, False, '']:
        child.append((yield ctx.call_child_workflow(falsy_child, input=item)))
    event = yield ctx.wait_for_external_event('falsy')
    return {'input': value, 'activities': echoed, 'children': child, 'event': event}


# ---- clients ----------------------------------------------------------------------------


class SyncClient:
    """The sync DaprWorkflowClient, as the scenarios call it."""

    name = 'sync'

    def __init__(self):
        self.c = wf.DaprWorkflowClient()

    def call(self, method, *args, **kwargs):
        return getattr(self.c, method)(*args, **kwargs)

    def close(self):
        self.c.close()


class AioClient:
    """dapr.ext.workflow.aio.DaprWorkflowClient, each call awaited on one private event loop."""

    name = 'aio'

    def __init__(self):
        self.loop = asyncio.new_event_loop()

        async def make():
            return AioWorkflowClient()

        self.c = self.loop.run_until_complete(make())

    def call(self, method, *args, **kwargs):
        return self.loop.run_until_complete(getattr(self.c, method)(*args, **kwargs))

    def close(self):
        # dapr-ext-workflow 1.18's asyncio DaprWorkflowClient has no close(); its inner
        # AsyncTaskHubGrpcClient has aclose(), which closes the gRPC channel.
        closer = getattr(self.c, 'close', None) or getattr(self.c, '_DaprWorkflowClient__obj').aclose
        self.loop.run_until_complete(closer())
        self.loop.close()


local = threading.local()
client_kind = 'sync'
opened = []
opened_lock = threading.Lock()


def cl():
    """This thread's client: scenarios run on threads, and an asyncio client belongs to one loop."""
    if not hasattr(local, 'client'):
        local.client = SyncClient() if client_kind == 'sync' else AioClient()
        with opened_lock:
            opened.append(local.client)
    return local.client


def new_id(scenario):
    return f'py-{cl().name}-{scenario}-{uuid.uuid4().hex[:8]}'


def state_of(instance_id):
    return cl().call('get_workflow_state', instance_id, fetch_payloads=True)


def wait_until(instance_id, predicate, what, deadline_s=DEADLINE_S):
    """Polls the instance until predicate(state) holds; fails naming `what` and the last state."""
    end = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < end:
        last = state_of(instance_id)
        if predicate(last):
            return last
        time.sleep(0.1)
    seen = 'not found' if last is None else last.runtime_status.name
    raise AssertionError(f'{instance_id}: {what} not reached within {deadline_s}s (last: {seen})')


def wait_status(instance_id, *statuses):
    return wait_until(
        instance_id, lambda s: s is not None and s.runtime_status in statuses, '/'.join(x.name for x in statuses)
    )


def finish(instance_id):
    return wait_until(instance_id, lambda s: s is not None and s.runtime_status in TERMINAL, 'a terminal state')


def completed_output(instance_id):
    state = finish(instance_id)
    if state.runtime_status != wf.WorkflowStatus.COMPLETED:
        failure = state.failure_details.message if state.failure_details else ''
        raise AssertionError(f'{instance_id} ended {state.runtime_status.name} {failure}'.strip())
    return json.loads(state.serialized_output) if state.serialized_output else None


def expect(actual, expected, what):
    if actual != expected:
        raise AssertionError(f'{what}: expected {expected!r}, got {actual!r}')


def start(workflow, scenario, input=None, instance_id=None):
    instance_id = instance_id or new_id(scenario)
    cl().call('schedule_new_workflow', workflow, input=input, instance_id=instance_id)
    return instance_id


# ---- scenarios --------------------------------------------------------------------------


def s_activity_chain():
    expect(completed_output(start(chain, 'chain', 'a')), 'a123', 'output')
    return 'a -> a1 -> a12 -> a123'


def s_fan_out_fan_in():
    expect(completed_output(start(fan_out, 'fan', 5)), 55, 'sum of squares 1..5')
    return 'five activities in parallel, sum 55'


def s_child_workflow():
    parent = start(parent_of_child, 'child', 5)
    expect(completed_output(parent), 11, 'output')
    child = state_of(f'{parent}-child')
    expect(child.runtime_status if child else None, wf.WorkflowStatus.COMPLETED, 'child status')
    return 'child doubled 5, parent added 1'


def s_early_event_any_case():
    instance_id = start(late_waiter, 'early')
    cl().call('raise_workflow_event', instance_id, 'APPROVAL', data={'ok': True})
    expect(completed_output(instance_id), {'ok': True}, 'output')
    return "raised 'APPROVAL' before the wait for 'Approval'; delivered"


def s_durable_timer():
    began = time.monotonic()
    slept = completed_output(start(sleeper, 'timer'))
    took = time.monotonic() - began
    if slept < 1 or took < 1:
        raise AssertionError(f'timer fired early: workflow clock {slept}s, wall clock {took:.2f}s')
    return f'workflow clock advanced {slept}s'


def s_when_any_timer_event():
    by_event = start(race, 'race-event', 30)
    wait_status(by_event, wf.WorkflowStatus.RUNNING)
    cl().call('raise_workflow_event', by_event, 'go', data='now')
    expect(completed_output(by_event), 'event:now', 'event won')
    expect(completed_output(start(race, 'race-timer', 1)), 'timer', 'timer won')
    return 'event beat a 30 s timer; a 1 s timer beat a missing event'


def s_suspend_resume_events():
    instance_id = start(waiter, 'suspend')
    wait_status(instance_id, wf.WorkflowStatus.RUNNING)
    cl().call('pause_workflow', instance_id)
    wait_status(instance_id, wf.WorkflowStatus.SUSPENDED)
    cl().call('raise_workflow_event', instance_id, 'proceed', data='held')
    time.sleep(1)
    expect(state_of(instance_id).runtime_status, wf.WorkflowStatus.SUSPENDED, 'status while suspended with an event')
    cl().call('resume_workflow', instance_id)
    expect(completed_output(instance_id), 'held', 'output after resume')
    return 'event held while SUSPENDED, delivered after resume'


def start_parent_with_waiting_child(scenario):
    parent = start(parent_of_waiter, scenario)
    child = f'{parent}-child'
    wait_until(child, lambda s: s is not None and s.runtime_status == wf.WorkflowStatus.RUNNING, 'child RUNNING')
    return parent, child


def s_terminate_recursive():
    parent, child = start_parent_with_waiting_child('term-rec')
    cl().call('terminate_workflow', parent, recursive=True)
    wait_status(parent, wf.WorkflowStatus.TERMINATED)
    wait_status(child, wf.WorkflowStatus.TERMINATED)
    return 'parent and child TERMINATED'


def s_terminate_non_recursive():
    parent, child = start_parent_with_waiting_child('term-flat')
    cl().call('terminate_workflow', parent, recursive=False)
    wait_status(parent, wf.WorkflowStatus.TERMINATED)
    time.sleep(1)
    status = state_of(child).runtime_status
    cl().call('terminate_workflow', child)
    expect(status, wf.WorkflowStatus.RUNNING, 'child status after a non-recursive terminate')
    return 'parent TERMINATED, child still RUNNING'


def s_purge(recursive):
    parent = start(parent_of_child, 'purge-rec' if recursive else 'purge-flat', 1)
    completed_output(parent)
    child = f'{parent}-child'
    cl().call('purge_workflow', parent, recursive=recursive)
    expect(state_of(parent), None, 'parent after purge')
    child_state = state_of(child)
    if recursive:
        expect(child_state, None, 'child after a recursive purge')
        return 'parent and child purged'
    if child_state is None:
        raise AssertionError('child was purged by a non-recursive purge')
    cl().call('purge_workflow', child)
    return 'parent purged, child kept'


def s_continue_as_new_events():
    instance_id = start(collector, 'can', {'items': []})
    for n in [1, 2, 3]:
        cl().call('raise_workflow_event', instance_id, 'item', data=n)
    expect(completed_output(instance_id), [1, 2, 3], 'items collected over three generations')
    return 'three events raised at once, consumed across three generations'


def s_failure_details():
    state = finish(start(failing, 'fail'))
    expect(state.runtime_status, wf.WorkflowStatus.FAILED, 'status')
    details = state.failure_details
    if details is None or 'boom 42' not in (details.message or '') or not details.error_type:
        raise AssertionError(f'failure details lack the error: {details!r}')
    return f'FAILED, {details.error_type}: {details.message[:80]}'


def s_custom_status():
    instance_id = start(status_setter, 'status')
    running = wait_until(instance_id, lambda s: s is not None and s.serialized_custom_status, 'a custom status')
    # The SDK sends a str custom status as it is (other values as JSON).
    expect(running.serialized_custom_status, 'stage-1', 'custom status while running')
    cl().call('raise_workflow_event', instance_id, 'next')
    completed_output(instance_id)
    expect(state_of(instance_id).serialized_custom_status, 'stage-2', 'custom status after completion')
    return 'stage-1 while running, stage-2 after completion'


def s_retry_policy():
    instance_id = start(retrying, 'retry')
    expect(completed_output(instance_id), 'ok after 3', 'output')
    return 'two failed attempts, third succeeded'


def s_versioning():
    expect(completed_output(start('versioned', 'version')), 'v2:patched', 'output')
    return 'latest version v2 ran; is_patched true on a new instance'


def s_stalled_patch_mismatch():
    instance_id = start(patch_dropper, 'stall')
    wait_status(instance_id, wf.WorkflowStatus.RUNNING)  # its first turn applied the patch
    with redeployed_lock:
        redeployed.add(instance_id)  # the code now runs without is_patched('p-stall')
    cl().call('raise_workflow_event', instance_id, 'go')
    wait_status(instance_id, wf.WorkflowStatus.STALLED)
    cl().call('terminate_workflow', instance_id)
    wait_status(instance_id, wf.WorkflowStatus.TERMINATED)
    return 'replayed without its patch: STALLED, then TERMINATED on request'


def s_rerun_from_event():
    if not hasattr(cl().c, 'rerun_workflow_from_event'):
        raise Unsupported(f'DaprWorkflowClient ({cl().name}) of dapr-ext-workflow {version("dapr-ext-workflow")} has no rerun_workflow_from_event')
    raise AssertionError('rerun_workflow_from_event exists in this SDK version; the runner needs a scenario for it')


def s_tags():
    import inspect

    if 'tags' not in inspect.signature(cl().c.schedule_new_workflow).parameters:
        raise Unsupported(f'schedule_new_workflow of dapr-ext-workflow {version("dapr-ext-workflow")} takes no tags')
    raise AssertionError('schedule_new_workflow takes tags in this SDK version; the runner needs a scenario for it')


def s_falsy_values():
    instance_id = start(falsy, 'falsy', 0)
    wait_status(instance_id, wf.WorkflowStatus.RUNNING)
    cl().call('raise_workflow_event', instance_id, 'falsy', data=False)
    output = completed_output(instance_id)
    expected = {'input': 0, 'activities': [0, False, '', None], 'children': [0, False, ''], 'event': False}
    if output != expected and output.get('event') is None and {**output, 'event': False} == expected:
        # The client's raise sends a payload only `if data`: False, 0 and "" arrive as no data.
        raise AssertionError(
            f'event data False arrived as None: raise_workflow_event of dapr-ext-workflow {version("dapr-ext-workflow")} '
            'leaves out a falsy payload (an SDK bug); the rest round-tripped'
        )
    expect(output, expected, 'output')
    return 'input 0, activities 0/false/""/null, children 0/false/"", event false'


def s_http_client_api():
    raise Unsupported('the Python workflow SDK drives workflows over gRPC only; the HTTP workflow API is exercised by the JavaScript runner')


SCENARIOS = {
    'activity-chain': s_activity_chain,
    'fan-out-fan-in': s_fan_out_fan_in,
    'child-workflow': s_child_workflow,
    'early-event-any-case': s_early_event_any_case,
    'durable-timer': s_durable_timer,
    'when-any-timer-event': s_when_any_timer_event,
    'suspend-resume-events': s_suspend_resume_events,
    'terminate-recursive': s_terminate_recursive,
    'terminate-non-recursive': s_terminate_non_recursive,
    'purge-recursive': lambda: s_purge(True),
    'purge-non-recursive': lambda: s_purge(False),
    'continue-as-new-events': s_continue_as_new_events,
    'failure-details': s_failure_details,
    'custom-status': s_custom_status,
    'retry-policy': s_retry_policy,
    'versioning': s_versioning,
    'stalled-patch-mismatch': s_stalled_patch_mismatch,
    'rerun-from-event': s_rerun_from_event,
    'tags': s_tags,
    'falsy-values': s_falsy_values,
    'http-client-api': s_http_client_api,
}


def emit(line):
    sys.stdout.write(json.dumps(line) + '\n')
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--client', choices=['sync', 'aio'], default='sync')
    parser.add_argument('--only', nargs='*', help='scenario ids to run (default: all)')
    args = parser.parse_args()

    with open(os.path.join(HERE, '..', 'scenarios.json')) as f:
        ids = [s['id'] for s in json.load(f)['scenarios']]
    emit({'runner': f'python-{args.client}', 'sdk': f'dapr-ext-workflow {version("dapr-ext-workflow")} ({args.client} client)'})

    runtime.start()
    if not runtime.wait_for_worker_ready(timeout=30):
        for scenario in ids:
            emit({'scenario': scenario, 'status': 'fail', 'detail': 'the workflow worker did not connect within 30 s'})
        return
    global client_kind
    client_kind = args.client

    def play(scenario):
        run = SCENARIOS.get(scenario)
        try:
            if run is None:
                raise AssertionError('this runner has no implementation of the scenario')
            return {'scenario': scenario, 'status': 'pass', 'detail': run()}
        except Unsupported as reason:
            return {'scenario': scenario, 'status': 'unsupported', 'detail': str(reason)}
        except Exception as error:  # every failure becomes a cell, the run goes on
            if os.environ.get('COMPAT_TRACEBACK'):
                traceback.print_exc()
            return {'scenario': scenario, 'status': 'fail', 'detail': f'{type(error).__name__}: {error}'[:500]}

    # Scenarios are independent (each uses its own instance IDs): they run at once, and each
    # line is printed as its scenario ends.
    chosen = [s for s in ids if not args.only or s in args.only]
    try:
        with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
            for line in as_completed([pool.submit(play, s) for s in chosen]):
                emit(line.result())
    finally:
        for c in opened:
            c.close()
        runtime.shutdown()


if __name__ == '__main__':
    main()
