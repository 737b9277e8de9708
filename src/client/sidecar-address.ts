/**
 * Which sidecar to talk to, following Dapr's conventions: `--sidecar HOST:PORT`, else
 * DAPR_GRPC_ENDPOINT, else DAPR_HOST + DAPR_GRPC_PORT, else the embedded sidecar's default
 * (127.0.0.1:50001). The API token comes from `--api-token`, else DAPR_API_TOKEN.
 */

import { DEFAULT_GRPC_PORT } from '../model/index.js';

/** Where a sidecar is and how to reach it. */
export interface SidecarTarget {
  /** `host:port`. */
  readonly address: string;
  readonly useTls: boolean;
  readonly apiToken?: string;
  /** Where the address came from, for messages: `--sidecar`, `DAPR_GRPC_ENDPOINT`, `DAPR_HOST/DAPR_GRPC_PORT`, or `default`. */
  readonly origin: string;
}

/** Thrown for an address that cannot be parsed; the message is one sentence. */
export class SidecarAddressError extends Error {}

/** Parses `host:port`, `http://host:port`, `https://host:port` or `dns:host:port`-like endpoints. */
export function parseEndpoint(text: string): { address: string; useTls: boolean } {
  let rest = text.trim();
  let useTls = false;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (name === 'https' || name === 'grpcs') useTls = true;
    else if (name !== 'http' && name !== 'grpc' && name !== 'dns') {
      throw new SidecarAddressError(`The sidecar address "${text}" has an unknown scheme "${name}"; use HOST:PORT.`);
    }
    rest = rest.slice(scheme[0].length);
  }
  const query = rest.indexOf('?');
  if (query >= 0) {
    if (/[?&]tls=true/i.test(rest.slice(query))) useTls = true;
    rest = rest.slice(0, query);
  }
  rest = rest.replace(/\/+$/, '');
  // A host never holds control characters (a pasted escape sequence would otherwise reach URL parsing).
  const match = /^(\[[^\]\u0000-\u001f\u007f-\u009f]+\]|[^:/\s\u0000-\u001f\u007f-\u009f]+):(\d{1,5})$/.exec(rest);
  if (!match || Number(match[2]) > 65535) {
    throw new SidecarAddressError(`The sidecar address "${text}" is not HOST:PORT (for example 127.0.0.1:50001).`);
  }
  return { address: `${match[1]}:${match[2]}`, useTls };
}

/** Resolves the sidecar to use from the command line's options and the environment. */
export function resolveSidecarTarget(
  options: { readonly sidecar?: string; readonly apiToken?: string },
  env: NodeJS.ProcessEnv = process.env,
): SidecarTarget {
  const apiToken = options.apiToken ?? (env.DAPR_API_TOKEN || undefined);
  if (options.sidecar) return { ...parseEndpoint(options.sidecar), apiToken, origin: '--sidecar' };
  if (env.DAPR_GRPC_ENDPOINT) {
    return { ...parseEndpoint(env.DAPR_GRPC_ENDPOINT), apiToken, origin: 'DAPR_GRPC_ENDPOINT' };
  }
  if (env.DAPR_GRPC_PORT) {
    const host = env.DAPR_HOST || '127.0.0.1';
    return { ...parseEndpoint(`${host}:${env.DAPR_GRPC_PORT}`), apiToken, origin: 'DAPR_HOST/DAPR_GRPC_PORT' };
  }
  return { address: `127.0.0.1:${DEFAULT_GRPC_PORT}`, useTls: false, apiToken, origin: 'default' };
}

/** True when the user named a sidecar (flag or Dapr's environment variables). */
export function isSidecarNamed(options: { readonly sidecar?: string }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(options.sidecar || env.DAPR_GRPC_ENDPOINT || env.DAPR_GRPC_PORT);
}
