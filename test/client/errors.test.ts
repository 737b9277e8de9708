/**
 * describeError: whatever is thrown, the user reads one safe sentence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, InstanceNotFoundError, isAbortError, SidecarUnreachableError } from '../../src/client/errors.js';

describe('describeError', () => {
  it('keeps the sentence of a typed error', () => {
    assert.equal(describeError(new InstanceNotFoundError('No workflow instance with ID x exists.')), 'No workflow instance with ID x exists.');
  });

  it('keeps only the first line, never a stack trace', () => {
    const error = new Error('first line\n    at something (file.js:1:1)');
    assert.equal(describeError(error), 'first line.');
    assert.doesNotMatch(describeError(new TypeError('boom')), /\bat\b/);
  });

  it('strips terminal control sequences that came from outside', () => {
    assert.equal(describeError(new Error('\u001b[31mred\u001b[0m alert\u0007')), 'red alert.');
  });

  it('describes aborts, strings and non-errors', () => {
    const controller = new AbortController();
    controller.abort();
    assert.ok(isAbortError(controller.signal.reason));
    assert.equal(describeError(controller.signal.reason), 'The operation was cancelled.');
    assert.equal(describeError('plain text'), 'plain text.');
    assert.match(describeError(undefined), /no description/);
    assert.match(describeError({ weird: true }), /no description/);
  });

  it('cuts a very long message', () => {
    const text = describeError(new Error('x'.repeat(5000)));
    assert.ok(text.length <= 500);
    assert.ok(text.endsWith('…'));
  });

  it('carries the address and reason of an unreachable sidecar', () => {
    const error = new SidecarUnreachableError('The sidecar at h:1 is not reachable (connection refused).', { address: 'h:1', reason: 'connection refused' });
    assert.equal(error.address, 'h:1');
    assert.equal(error.reason, 'connection refused');
    assert.equal(error.name, 'SidecarUnreachableError');
  });
});
