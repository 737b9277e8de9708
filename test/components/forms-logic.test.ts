/** Form rules, validation and event suggestions, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cycleSuggestion, eventSuggestions, findSuggestion } from '../../components/forms/event-suggestions.js';
import { parseInstanceIdField, parseJsonField, toJsonText } from '../../components/forms/field-validation.js';
import { formReducer, initialFormState, isOnLastField } from '../../components/forms/use-form-state.js';

test('JSON fields: empty means none, valid JSON is sent compact, invalid JSON is one sentence', () => {
  assert.deepEqual(parseJsonField('  ', 'input'), { ok: true, value: undefined });
  assert.deepEqual(parseJsonField('{ "a": [1, 2] }', 'input'), { ok: true, value: '{"a":[1,2]}' });
  const bad = parseJsonField('{a:1}', 'payload');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : '', /^The payload is not valid JSON \(.+\)\.$/);
});

test('instance IDs: letters, digits, _ and - only; empty is fine unless required', () => {
  assert.deepEqual(parseInstanceIdField(''), { ok: true, value: undefined });
  assert.deepEqual(parseInstanceIdField(' order_1-a '), { ok: true, value: 'order_1-a' });
  assert.equal(parseInstanceIdField('order 1').ok, false);
  assert.equal(parseInstanceIdField('ordér').ok, false);
  assert.equal(parseInstanceIdField('', true).ok, false);
});

test('the form moves focus within bounds, knows the last field, and prefills only untouched fields', () => {
  type V = { a: string; b: string };
  let state = initialFormState<V>(['a', 'b'], { a: '', b: '' });
  state = formReducer(state, { type: 'focus-moved', by: -1 });
  assert.equal(state.focus, 0);
  state = formReducer(state, { type: 'focus-moved', by: 1 });
  assert.ok(isOnLastField(state));
  state = formReducer(state, { type: 'value-prefilled', field: 'b', value: '{}' });
  assert.equal(state.values.b, '{}');
  state = formReducer(state, { type: 'value-typed', field: 'b', value: '{"x":1}' });
  state = formReducer(state, { type: 'value-prefilled', field: 'b', value: '{}' });
  assert.equal(state.values.b, '{"x":1}', 'a typed value is never overwritten');
});

test('a validation error focuses its field; typing there clears it', () => {
  type V = { a: string; b: string };
  let state = initialFormState<V>(['a', 'b'], { a: '', b: '' });
  state = formReducer(state, { type: 'focus-moved', by: 1 });
  state = formReducer(state, { type: 'validation-failed', field: 'a', message: 'bad' });
  assert.equal(state.focus, 0);
  assert.equal(state.error?.message, 'bad');
  state = formReducer(state, { type: 'value-typed', field: 'a', value: 'x' });
  assert.equal(state.error, undefined);
});

test('event suggestions: the workflow events first, then names raised before, no duplicates', () => {
  const workflow = {
    name: 'approval',
    description: '',
    events: [{ name: 'approval', examplePayload: { approved: true } }, { name: 'cancel' }],
  };
  const suggestions = eventSuggestions(workflow, ['Approval', 'nudge']);
  assert.deepEqual(suggestions.map((s) => s.name), ['approval', 'cancel', 'nudge']);
  assert.equal(suggestions[0]!.examplePayload, '{"approved":true}');
  assert.equal(findSuggestion(suggestions, 'APPROVAL')?.name, 'approval');
  assert.equal(cycleSuggestion(suggestions, 'nudge', 1)?.name, 'approval');
  assert.equal(cycleSuggestion(suggestions, 'typed', -1)?.name, 'nudge');
  assert.deepEqual(eventSuggestions(undefined, []), []);
  assert.equal(toJsonText(undefined), '');
});
