/**
 * The differences from daprd the embedded sidecar keeps on purpose, by scenario ID, each with
 * the reason. docs/conformance.md shows the reason next to the scenario; a difference in a
 * scenario not listed here fails the conformance run.
 */

const PRECISE_CODES =
  'daprd 1.18 refuses with gRPC UNKNOWN (or a code wrapping a Go error text such as "no such instance exists" or ' +
  '"orchestration has not yet completed"); the embedded sidecar answers the precise code (NOT_FOUND, FAILED_PRECONDITION, ' +
  'ALREADY_EXISTS) with one sentence naming the instance. The SDKs raise on both alike, and the console\'s client maps ' +
  'both to the same typed error and sentence (test/real-dapr/real-dapr.test.ts checks this against daprd).';

export const DELIBERATE: Readonly<Record<string, string>> = {
  'purge': PRECISE_CODES,
  'unknown-instance': `${PRECISE_CODES} GetInstanceHistory's "not found" text differs the same way.`,
  'duplicate-id': PRECISE_CODES,
  'purge-running': PRECISE_CODES,
  'py-errors': PRECISE_CODES,
  'suspend-resume-status':
    'daprd accepts a resume of a running instance and a suspend of a suspended or finished one, and records each ' +
    'as a new history event (a second ExecutionSuspended, an ExecutionResumed while running); after two suspensions ' +
    'and a resume, @dapr/dapr 3.18\'s worker loops forever. The embedded sidecar refuses them with FAILED_PRECONDITION ' +
    'and a sentence, and the console\'s client asks the status first, so it sends neither to daprd either.',
  'payload-sizes':
    'Both refuse a payload over 4 MiB with RESOURCE_EXHAUSTED. Just under 4 MiB, daprd accepts the call but cannot ' +
    'carry the start through its own reminder ("actor is stalled"); the embedded sidecar has no such inner hop and ' +
    'runs it. The limit the embedded sidecar enforces is the 4 MiB one, with a sentence saying how large the payload was.',
  'bad-instance-ids':
    'daprd\'s gRPC API takes any instance ID and fails later or not at all ("/" breaks its scheduler\'s job names with ' +
    'UNKNOWN, a space or a colon passes); its HTTP API allows only letters, digits, "_" and "-". The embedded ' +
    'sidecar applies the HTTP API\'s rule to both, with INVALID_ARGUMENT and a sentence, so that an ID is valid ' +
    'through every door or through none.',
  'unregistered-workflow':
    'daprd hands the work item to whichever worker is connected, and @dapr/dapr\'s worker fails the instance ' +
    '(OrchestratorNotRegisteredError, an empty message through the JS SDK). The embedded sidecar keeps the instance ' +
    'PENDING and offers it to the other connected workers, so that a worker that registers the workflow later ' +
    '(the console\'s runtime, a user\'s app) still runs it.',
  'http-errors':
    'The HTTP API answers the same codes as daprd where daprd answers a precise one (404 for terminate and purge of ' +
    'a missing ID, 400 ERR_INSTANCE_ID_INVALID). Where daprd answers 500 with a wrapped Go error (pause, resume, ' +
    'raise-event of a missing ID, a taken ID, purge of a running instance), the embedded sidecar answers 404 or 409 ' +
    'with one sentence. daprd ignores the component name in the URL and takes a body that is not JSON as the input; ' +
    'the embedded sidecar refuses both with 400 (ERR_WORKFLOW_COMPONENT_NOT_FOUND, ERR_MALFORMED_REQUEST). Its ' +
    'ERR_INSTANCE_ID_INVALID sentence names "-" among the allowed characters, as daprd\'s check allows it.',
};
