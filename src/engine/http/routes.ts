/**
 * The routes of Dapr's workflow HTTP API, as a pure function from method and URL to what
 * the request asks for. The same routes answer under the three API versions daprd has
 * served them (`/v1.0-alpha1`, `/v1.0-beta1`, `/v1.0`), with the built-in workflow
 * component `dapr`:
 *
 *   POST /{v}/workflows/dapr/{workflowName}/start[?instanceID=ID]   body: input
 *   GET  /{v}/workflows/dapr/{instanceID}
 *   POST /{v}/workflows/dapr/{instanceID}/raiseEvent/{eventName}    body: event data
 *   POST /{v}/workflows/dapr/{instanceID}/pause | resume | purge
 *   POST /{v}/workflows/dapr/{instanceID}/terminate                  body (optional): output
 *
 * plus `GET /v1.0/healthz` and `/v1.0/healthz/outbound`, which Dapr SDKs poll at start-up,
 * and Dapr's metadata API: `GET /v1.0/metadata`, `PUT /v1.0/metadata/{key}` (body: value).
 */
import { checkWorkflowComponent } from '../workflow-operations.js';
import { DaprApiError, type WorkflowOperation } from '../dapr-api-error.js';

/** The API versions the workflow routes answer under. */
export const API_VERSIONS: readonly string[] = ['v1.0-alpha1', 'v1.0-beta1', 'v1.0'];

/** What a request asks for, with its path parameters decoded. */
export type ApiRoute =
  | { readonly kind: 'health' }
  | { readonly kind: 'metadata' }
  | { readonly kind: 'setMetadata'; readonly key: string }
  | { readonly kind: 'start'; readonly workflowName: string; readonly instanceId?: string }
  | { readonly kind: 'get'; readonly instanceId: string }
  | { readonly kind: 'raiseEvent'; readonly instanceId: string; readonly eventName: string }
  | { readonly kind: 'pause' | 'resume' | 'terminate' | 'purge'; readonly instanceId: string };

/** The workflow operation a route performs (for error codes), or undefined for health and metadata. */
export function routeOperation(route: ApiRoute): WorkflowOperation | undefined {
  return route.kind === 'health' || route.kind === 'metadata' || route.kind === 'setMetadata' ? undefined : route.kind;
}

const INSTANCE_ACTIONS = new Set(['pause', 'resume', 'terminate', 'purge']);

function notFound(method: string, path: string): DaprApiError {
  return new DaprApiError(404, 'ERR_NOT_FOUND', `method ${JSON.stringify(`${method} ${path}`)} is not found`);
}

function methodNotAllowed(method: string, path: string, allowed: string): DaprApiError {
  return new DaprApiError(
    405,
    'ERR_METHOD_NOT_ALLOWED',
    `method ${method} is not allowed on ${path}; use ${allowed}`,
    { Allow: allowed },
  );
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DaprApiError(400, 'ERR_MALFORMED_REQUEST', `the URL path segment "${segment}" is not valid percent-encoding`);
  }
}

function metadataRoute(method: string, path: string, key: string | undefined): ApiRoute {
  if (key === undefined) {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, path, 'GET');
    return { kind: 'metadata' };
  }
  if (method !== 'PUT') throw methodNotAllowed(method, path, 'PUT');
  return { kind: 'setMetadata', key: decodeSegment(key) };
}

/**
 * Resolves a request to a route. Throws DaprApiError: 404 for a path that is no route,
 * 405 for a route asked with the wrong method, 400 for a missing or unknown component,
 * workflow name or event name (daprd's codes).
 */
export function resolveRoute(method: string, rawUrl: string): ApiRoute {
  // Split by hand: WHATWG URL parsing would read `//x` as a host and fold `..` segments.
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
  const query = new URLSearchParams(queryAt >= 0 ? rawUrl.slice(queryAt + 1) : '');
  const segments = path.split('/').slice(1);
  const [version, area, ...rest] = segments;

  if (version === 'v1.0' && area === 'healthz' && (rest.length === 0 || (rest.length === 1 && rest[0] === 'outbound'))) {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, path, 'GET');
    return { kind: 'health' };
  }
  if (version === 'v1.0' && area === 'metadata' && rest.length <= 1) return metadataRoute(method, path, rest[0]);
  if (version === undefined || !API_VERSIONS.includes(version) || area !== 'workflows' || rest.length < 2) {
    throw notFound(method, path);
  }

  const component = decodeSegment(rest[0]!);
  const params = rest.slice(1).map(decodeSegment);
  const checkComponent = (): void => {
    if (component === '') throw new DaprApiError(400, 'ERR_WORKFLOW_COMPONENT_MISSING', 'no workflow component was provided');
    checkWorkflowComponent(component);
  };
  const checkInstanceId = (instanceId: string): void => {
    if (instanceId === '') throw new DaprApiError(400, 'ERR_INSTANCE_ID_PROVIDED_MISSING', 'no instance ID was provided');
  };

  if (params.length === 1) {
    if (method !== 'GET') throw methodNotAllowed(method, path, 'GET');
    checkComponent();
    checkInstanceId(params[0]!);
    return { kind: 'get', instanceId: params[0]! };
  }
  if (params.length === 2 && (params[1] === 'start' || INSTANCE_ACTIONS.has(params[1]!))) {
    if (method !== 'POST') throw methodNotAllowed(method, path, 'POST');
    checkComponent();
    if (params[1] === 'start') {
      if (params[0] === '') throw new DaprApiError(400, 'ERR_WORKFLOW_NAME_MISSING', 'workflow name is not configured');
      const instanceId = query.get('instanceID') ?? query.get('instanceId') ?? undefined;
      return { kind: 'start', workflowName: params[0]!, instanceId: instanceId || undefined };
    }
    checkInstanceId(params[0]!);
    return { kind: params[1] as 'pause' | 'resume' | 'terminate' | 'purge', instanceId: params[0]! };
  }
  if ((params.length === 3 || params.length === 2) && params[1] === 'raiseEvent') {
    if (method !== 'POST') throw methodNotAllowed(method, path, 'POST');
    checkComponent();
    checkInstanceId(params[0]!);
    const eventName = params[2] ?? '';
    if (eventName === '') throw new DaprApiError(400, 'ERR_WORKFLOW_EVENT_NAME_MISSING', 'missing workflow event name');
    return { kind: 'raiseEvent', instanceId: params[0]!, eventName };
  }
  throw notFound(method, path);
}
