/**
 * Reads a Dapr Configuration file (the YAML daprd takes with `--config`) for what the
 * embedded sidecar honors: `spec.workflow.stateRetentionPolicy`. Other sections (tracing,
 * features, metrics, ...) are accepted and have no effect here. As daprd does, `$VAR` and
 * `${VAR}` are replaced by environment variables before the YAML is read. Every problem is
 * one sentence naming the file and, where there is one, the key.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseGoDuration } from './go-duration.js';
import { RETENTION_KEYS, type RetentionPolicy } from './retention-policy.js';

/** What the embedded sidecar takes from a Configuration. */
export interface SidecarConfiguration {
  /** The retention policy, when the file sets one. */
  readonly retention?: RetentionPolicy;
}

/** A Configuration file that cannot be used; the message is one sentence. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const POLICY_PATH = 'spec.workflow.stateRetentionPolicy';

function expandEnvironment(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced: string | undefined, bare: string | undefined) => env[(braced ?? bare)!] ?? '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPolicy(value: unknown, file: string): RetentionPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    throw new ConfigurationError(`${POLICY_PATH} in ${file} must be a mapping of ${RETENTION_KEYS.join(', ')} to durations.`);
  }
  const policy: Record<string, number> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (!(RETENTION_KEYS as readonly string[]).includes(key)) {
      throw new ConfigurationError(
        `${POLICY_PATH}.${key} in ${file} is not a retention setting; use ${RETENTION_KEYS.join(', ')}.`,
      );
    }
    if (raw === null || raw === undefined) continue;
    const ms = typeof raw === 'string' ? parseGoDuration(raw) : raw === 0 ? 0 : undefined;
    if (ms === undefined || ms < 0 || !Number.isFinite(ms)) {
      throw new ConfigurationError(
        `${POLICY_PATH}.${key} in ${file} must be a duration such as "72h", "30m" or "0s", not ${JSON.stringify(raw)}.`,
      );
    }
    policy[key] = ms;
  }
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/** Parses a Configuration from its text (`file` only names it in messages). */
export function parseDaprConfiguration(text: string, file: string, env: NodeJS.ProcessEnv = process.env): SidecarConfiguration {
  let document: unknown;
  try {
    document = parseYaml(expandEnvironment(text, env));
  } catch (error) {
    const message = String((error as Error).message ?? error).split('\n')[0];
    throw new ConfigurationError(`The Configuration file ${file} is not valid YAML: ${message}`);
  }
  if (document === null || document === undefined) return {};
  if (!isObject(document)) throw new ConfigurationError(`The Configuration file ${file} must be a YAML mapping (kind: Configuration).`);
  if (document['kind'] !== undefined && document['kind'] !== 'Configuration') {
    throw new ConfigurationError(`The file ${file} is a ${String(document['kind'])}, not a Dapr Configuration (kind: Configuration).`);
  }
  const spec = document['spec'];
  if (spec === undefined || spec === null) return {};
  if (!isObject(spec)) throw new ConfigurationError(`spec in ${file} must be a mapping.`);
  const workflow = spec['workflow'];
  if (workflow === undefined || workflow === null) return {};
  if (!isObject(workflow)) throw new ConfigurationError(`spec.workflow in ${file} must be a mapping.`);
  const retention = readPolicy(workflow['stateRetentionPolicy'], file);
  return retention ? { retention } : {};
}

/** Reads and parses a Configuration file; throws ConfigurationError with one sentence when it cannot. */
export function readDaprConfiguration(file: string): SidecarConfiguration {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigurationError(`Cannot read the Configuration file ${file}: ${reason}.`);
  }
  return parseDaprConfiguration(text, file);
}
