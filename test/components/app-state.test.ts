/** The UI reducer, as a plain function. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReducer, INITIAL_APP_STATE, type AppState } from '../../components/app-state.js';
import { STATUS_FILTERS } from '../../components/table/row-filter.js';

test('dialogs return to the view they were opened from', () => {
  let state: AppState = appReducer(INITIAL_APP_STATE, { type: 'mode-opened', mode: { kind: 'details' } });
  state = appReducer(state, { type: 'mode-opened', mode: { kind: 'help', from: 'details' } });
  assert.equal(appReducer(state, { type: 'mode-closed' }).mode.kind, 'details');
  state = appReducer(INITIAL_APP_STATE, {
    type: 'mode-opened',
    mode: { kind: 'confirm', command: 'instance.terminate', instanceId: 'a', from: 'table' },
  });
  assert.equal(appReducer(state, { type: 'mode-closed' }).mode.kind, 'table');
  state = appReducer(INITIAL_APP_STATE, { type: 'mode-opened', mode: { kind: 'start-form' } });
  assert.equal(appReducer(state, { type: 'mode-closed' }).mode.kind, 'table');
});

test('opening details from the table starts at the top; help starts at the top', () => {
  let state = appReducer(INITIAL_APP_STATE, { type: 'pane-scrolled', pane: 'details', top: 12 });
  state = appReducer(state, { type: 'mode-opened', mode: { kind: 'details' } });
  assert.equal(state.detailsTop, 0);
  state = appReducer(state, { type: 'pane-scrolled', pane: 'details', top: 5 });
  state = appReducer(state, { type: 'mode-opened', mode: { kind: 'help', from: 'details' } });
  assert.equal(state.helpTop, 0);
  assert.equal(appReducer(state, { type: 'mode-closed' }).detailsTop, 5, 'details keep their scroll across help');
});

test('an outcome message clears the pending action', () => {
  let state = appReducer(INITIAL_APP_STATE, { type: 'action-started', text: 'Pausing a…' });
  assert.equal(state.pending, 'Pausing a…');
  state = appReducer(state, { type: 'message-shown', message: { text: 'Suspended a.', tone: 'success' } });
  assert.equal(state.pending, undefined);
  assert.equal(state.message?.text, 'Suspended a.');
});

test('raised event names are remembered most recent first, case-insensitively unique', () => {
  let state = INITIAL_APP_STATE;
  for (const name of ['approval', 'cancel', 'Approval']) state = appReducer(state, { type: 'event-raised', name });
  assert.deepEqual(state.raisedEventNames, ['Approval', 'cancel']);
});

test('the status filter cycles and comes back to all', () => {
  let state = INITIAL_APP_STATE;
  const seen = [state.statusFilter];
  for (let index = 0; index < STATUS_FILTERS.length; index += 1) {
    state = appReducer(state, { type: 'status-filter-cycled' });
    seen.push(state.statusFilter);
  }
  assert.equal(seen[1], 'active');
  assert.equal(seen.at(-1), 'all');
  assert.equal(new Set(seen.slice(0, -1)).size, STATUS_FILTERS.length, 'every filter is visited once');
});

test('moving the cursor to where it is returns the same state', () => {
  const state = appReducer(INITIAL_APP_STATE, { type: 'cursor-moved', id: 'a', index: 2 });
  assert.equal(appReducer(state, { type: 'cursor-moved', id: 'a', index: 2 }), state);
});
