/**
 * The Dapr Configuration reader: Go durations as Dapr parses them, the retention policy at
 * spec.workflow.stateRetentionPolicy (a status's own setting over anyTerminal), other
 * sections accepted, and one sentence naming the key for anything it cannot use.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigurationError, parseDaprConfiguration, readDaprConfiguration } from '../../../src/engine/config/dapr-configuration.js';
import { parseGoDuration } from '../../../src/engine/config/go-duration.js';
import { retentionFor } from '../../../src/engine/config/retention-policy.js';

const FULL_FILE = `
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: appconfig
spec:
  tracing:
    samplingRate: "1"
    zipkin:
      endpointAddress: http://localhost:9411/api/v2/spans
  features:
    - name: SomePreview
      enabled: true
  metric:
    enabled: false
  workflow:
    maxConcurrentWorkflowInvocations: 100
    stateRetentionPolicy:
      anyTerminal: "360h"
      completed: "1m"
      failed: "720h"
`;

function oneSentence(pattern: RegExp) {
  return (error: unknown) => error instanceof ConfigurationError && pattern.test(error.message) && !error.message.includes('\n');
}

describe('Go durations', () => {
  it('parses what time.ParseDuration accepts', () => {
    assert.equal(parseGoDuration('72h'), 72 * 3_600_000);
    assert.equal(parseGoDuration('1h30m'), 5_400_000);
    assert.equal(parseGoDuration('1.5s'), 1500);
    assert.equal(parseGoDuration('0s'), 0);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('300ms'), 300);
    assert.equal(parseGoDuration('2500us'), 2.5);
    assert.equal(parseGoDuration('-1m'), -60_000);
  });
  it('refuses what it does not', () => {
    for (const text of ['', '72', '3d', '1 h', 'h', '1h 30m', 'soon']) assert.equal(parseGoDuration(text), undefined, text);
  });
});

describe('Dapr Configuration', () => {
  it('reads the retention policy and accepts every other section', () => {
    const config = parseDaprConfiguration(FULL_FILE, 'config.yaml');
    assert.deepEqual(config.retention, { anyTerminal: 360 * 3_600_000, completed: 60_000, failed: 720 * 3_600_000 });
    assert.equal(retentionFor(config.retention, 'COMPLETED'), 60_000);
    assert.equal(retentionFor(config.retention, 'TERMINATED'), 360 * 3_600_000, 'anyTerminal covers the statuses not set');
    assert.equal(retentionFor(config.retention, 'RUNNING'), undefined);
  });

  it('has no policy when the file sets none', () => {
    assert.deepEqual(parseDaprConfiguration('kind: Configuration\nspec:\n  tracing:\n    samplingRate: "1"\n', 'c.yaml'), {});
    assert.deepEqual(parseDaprConfiguration('', 'c.yaml'), {});
  });

  it('replaces environment variables as daprd does', () => {
    const text = 'kind: Configuration\nspec:\n  workflow:\n    stateRetentionPolicy:\n      completed: ${KEEP_FOR}\n';
    assert.equal(parseDaprConfiguration(text, 'c.yaml', { KEEP_FOR: '2h' }).retention?.completed, 7_200_000);
  });

  it('names the key of a setting it cannot use, in one sentence', () => {
    const policy = (body: string) => `kind: Configuration\nspec:\n  workflow:\n    stateRetentionPolicy:\n${body}`;
    assert.throws(() => parseDaprConfiguration(policy('      completed: 3d\n'), 'c.yaml'), oneSentence(/stateRetentionPolicy\.completed in c\.yaml .*"3d"/));
    assert.throws(() => parseDaprConfiguration(policy('      failed: "-1h"\n'), 'c.yaml'), oneSentence(/stateRetentionPolicy\.failed/));
    assert.throws(() => parseDaprConfiguration(policy('      complete: 1h\n'), 'c.yaml'), oneSentence(/stateRetentionPolicy\.complete in c\.yaml is not a retention setting/));
    assert.throws(() => parseDaprConfiguration('kind: Component\nspec: {}\n', 'c.yaml'), oneSentence(/is a Component, not a Dapr Configuration/));
    assert.throws(() => parseDaprConfiguration('spec: [unclosed\n', 'c.yaml'), oneSentence(/not valid YAML/));
  });

  it('reads a file, and names a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwt-config-'));
    try {
      const file = join(dir, 'config.yaml');
      writeFileSync(file, FULL_FILE);
      assert.equal(readDaprConfiguration(file).retention?.completed, 60_000);
      assert.throws(() => readDaprConfiguration(join(dir, 'missing.yaml')), oneSentence(/Cannot read the Configuration file .*missing\.yaml: no such file\./));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
