/**
 * The embedded sidecar's Dapr workflow HTTP API (node:http, no framework): the routes of
 * ./routes.ts under `/v1.0-alpha1`, `/v1.0-beta1` and `/v1.0`, answered by ./workflow-handlers.ts.
 * When an API token is set, every request but the health probes must carry it in the
 * `dapr-api-token` header. Whatever a client sends, the server answers with Dapr's error
 * shape or drops the connection; it never throws.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { terminalSafeJson } from '../../text/safe-json.js';
import { MAX_PAYLOAD_BYTES } from '../../model/index.js';
import { type WorkflowEngine } from '../engine.js';
import { DaprApiError } from '../dapr-api-error.js';
import { readBody } from './read-body.js';
import { resolveRoute, routeOperation, type ApiRoute } from './routes.js';
import { handleWorkflowRoute, type ApiResponse } from './workflow-handlers.js';

/** Where to listen and whether to require an API token. */
export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly apiToken?: string;
}

/** A listening HTTP API server. */
export interface RunningHttpServer {
  /** The port it actually listens on. */
  readonly port: number;
  /** Stops listening and ends every open connection. */
  close(): Promise<void>;
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, answer: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  // Escaped so that a curl in a terminal prints stored text without obeying it.
  const text = answer.body === undefined ? '' : terminalSafeJson(answer.body);
  const headers: Record<string, string | number> = { ...extraHeaders, 'Content-Length': Buffer.byteLength(text) };
  if (text !== '') headers['Content-Type'] = 'application/json';
  response.writeHead(answer.status, headers);
  response.end(text);
}

function sendError(response: ServerResponse, error: DaprApiError, closeConnection = false): void {
  const headers: Record<string, string> = { ...error.headers };
  if (closeConnection) headers.Connection = 'close';
  send(response, { status: error.status, body: error.toBody() }, headers);
}

async function handleRequest(
  engine: WorkflowEngine,
  options: HttpServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  let route: ApiRoute;
  try {
    route = resolveRoute(method, request.url ?? '/');
  } catch (error) {
    request.resume(); // drop any body of a request we will not serve
    sendError(response, error instanceof DaprApiError ? error : internalError(error));
    return;
  }
  if (options.apiToken !== undefined && route.kind !== 'health' && !tokenMatches(request.headers['dapr-api-token'], options.apiToken)) {
    request.resume();
    sendError(response, new DaprApiError(401, 'ERR_UNAUTHORIZED', 'invalid api token: send the dapr-api-token header'));
    return;
  }
  const body = await readBody(request, MAX_PAYLOAD_BYTES);
  if (!body.ok) {
    sendError(response, body.error, body.closeConnection);
    if (body.closeConnection) response.once('finish', () => request.socket.destroy());
    return;
  }
  try {
    send(response, handleWorkflowRoute(engine, route, body.text));
  } catch (error) {
    const operation = routeOperation(route);
    sendError(response, error instanceof DaprApiError ? error : internalError(error, operation));
  }
}

function internalError(error: unknown, operation?: string): DaprApiError {
  const detail = error instanceof Error ? error.message : String(error);
  return new DaprApiError(500, 'ERR_INTERNAL', `${operation ? `${operation} failed: ` : ''}${detail}`);
}

/** Starts the HTTP API on host:port; resolves once it listens, rejects (one sentence) if it cannot. */
export function startHttpServer(engine: WorkflowEngine, options: HttpServerOptions): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    handleRequest(engine, options, request, response).catch((error: unknown) => {
      sendError(response, internalError(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    // Unparseable HTTP: answer 400 if the socket still takes it, then drop it.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `${options.host}:${options.port}`;
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `The Dapr HTTP API cannot listen on ${where}: the port is already in use (choose another with --http-port, or off).`
            : `The Dapr HTTP API cannot listen on ${where}: ${error.message}.`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      server.on('error', () => {}); // after start-up, socket-level errors are per connection
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          });
          return closing;
        },
      });
    });
  });
}
