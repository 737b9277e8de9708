/**
 * The conformance corpus as played through Dapr's workflow HTTP API (/v1.0/workflows/dapr/…):
 * status codes and bodies, with the times blanked out. The workflows run on the JS SDK's
 * worker connected to the same sidecar.
 */
import { eventually, shorten, type Scenario } from './observe.js';
import type { JsTarget } from './js-scenarios.js';

/** One HTTP exchange as observed: the status code and the body (JSON when it parses). */
export async function http(target: JsTarget, method: 'GET' | 'POST' | 'DELETE', path: string, body?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${target.httpBase}${path}`, {
    method,
    ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? '' : JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, body: shorten(withoutTimes(parsed)) };
}

function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !/^(createdAt|lastUpdatedAt)$/.test(key))
        .map(([key, inner]) => [key, withoutTimes(inner)]),
    );
  }
  return value;
}

const API = '/v1.0/workflows/dapr';

async function statusOf(target: JsTarget, id: string): Promise<string | undefined> {
  const { body } = await http(target, 'GET', `${API}/${id}`);
  return (body as { runtimeStatus?: string })?.runtimeStatus;
}

async function until(target: JsTarget, id: string, wanted: readonly string[]): Promise<string> {
  return eventually(`${id} to be ${wanted.join(' or ')}`, async () => {
    const status = await statusOf(target, id);
    return status && wanted.includes(status) ? status : undefined;
  });
}

/** The HTTP API's scenarios. */
export const httpScenarios: readonly Scenario<JsTarget>[] = [
  {
    id: 'http-lifecycle', via: 'HTTP API', description: 'Start, get, pause, resume, raise an event with a JSON payload, get the result, purge.',
    async run(target) {
      const id = 'http-life';
      const start = await http(target, 'POST', `${API}/Approval/start?instanceID=${id}`, '{"order":7}');
      await until(target, id, ['RUNNING']);
      const pause = await http(target, 'POST', `${API}/${id}/pause`);
      await until(target, id, ['SUSPENDED']);
      const suspended = await http(target, 'GET', `${API}/${id}`);
      const resume = await http(target, 'POST', `${API}/${id}/resume`);
      await until(target, id, ['RUNNING']);
      const raise = await http(target, 'POST', `${API}/${id}/raiseEvent/Approval`, '{"approved":true}');
      await until(target, id, ['COMPLETED']);
      const completed = await http(target, 'GET', `${API}/${id}`);
      const purge = await http(target, 'POST', `${API}/${id}/purge`);
      const gone = await http(target, 'GET', `${API}/${id}`);
      return { start, pause, suspended, resume, raise, completed, purge, gone };
    },
  },
  {
    id: 'http-terminate', via: 'HTTP API', description: 'Terminate a waiting instance, get it, terminate it again.',
    async run(target) {
      const id = 'http-term';
      await http(target, 'POST', `${API}/Approval/start?instanceID=${id}`);
      await until(target, id, ['RUNNING']);
      const terminate = await http(target, 'POST', `${API}/${id}/terminate`);
      await until(target, id, ['TERMINATED']);
      return { terminate, terminated: await http(target, 'GET', `${API}/${id}`), again: await http(target, 'POST', `${API}/${id}/terminate`) };
    },
  },
  {
    id: 'http-errors', via: 'HTTP API', description: 'Error codes and bodies: unknown IDs, a taken ID, purge of a running instance, an unknown component, a bad ID.',
    async run(target) {
      const id = 'http-running';
      await http(target, 'POST', `${API}/Approval/start?instanceID=${id}`);
      await until(target, id, ['RUNNING']);
      const observed = {
        getMissing: await http(target, 'GET', `${API}/http-missing`),
        pauseMissing: await http(target, 'POST', `${API}/http-missing/pause`),
        resumeMissing: await http(target, 'POST', `${API}/http-missing/resume`),
        terminateMissing: await http(target, 'POST', `${API}/http-missing/terminate`),
        raiseMissing: await http(target, 'POST', `${API}/http-missing/raiseEvent/Approval`, '{}'),
        purgeMissing: await http(target, 'POST', `${API}/http-missing/purge`),
        startTaken: await http(target, 'POST', `${API}/Approval/start?instanceID=${id}`),
        purgeRunning: await http(target, 'POST', `${API}/${id}/purge`),
        unknownComponent: await http(target, 'GET', `/v1.0/workflows/nosuch/${id}`),
        badId: await http(target, 'POST', `${API}/Approval/start?instanceID=bad%20id`),
        badJson: await http(target, 'POST', `${API}/Approval/start?instanceID=http-bad-json`, '{not json'),
      };
      await http(target, 'POST', `${API}/${id}/terminate`);
      await until(target, id, ['TERMINATED']);
      return observed;
    },
  },
];
