/**
 * The raise-event form: the event name (suggested from the workflow's known events and the
 * names raised before; ↑/↓ cycles through them) and a JSON payload, prefilled from the
 * event's example payload when one is known. JSON is validated before anything is sent.
 */
import { Text } from 'ink';
import TextInput from 'ink-text-input';
import React, { useMemo } from 'react';
import { describeError } from '../../src/client/errors.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import type { Theme } from '../theme.js';
import { cycleSuggestion, eventSuggestions, findSuggestion } from './event-suggestions.js';
import { parseJsonField, parseNameField } from './field-validation.js';
import { FieldRow, FormFrame } from './form-frame.js';
import { focusedField, isOnLastField, useFormState } from './use-form-state.js';
import { useFormKeys } from './use-form-keys.js';

/** Props of RaiseEventForm. */
export interface RaiseEventFormProps {
  readonly instanceId: string;
  /** The instance's workflow when the in-process runtime hosts it. */
  readonly workflow?: WorkflowInfo;
  readonly raisedBefore: readonly string[];
  /** Sends the event (payload: compact JSON or undefined); rejects with the sidecar's error. */
  readonly onSubmit: (eventName: string, payload: string | undefined) => Promise<void>;
  readonly onCancel: () => void;
  readonly width: number;
  readonly theme: Theme;
}

type EventValues = { name: string; payload: string };
const FIELDS = ['name', 'payload'] as const;

/** The modal raise-event form. */
export function RaiseEventForm(props: RaiseEventFormProps): React.JSX.Element {
  const { theme } = props;
  const suggestions = useMemo(() => eventSuggestions(props.workflow, props.raisedBefore), [props.workflow, props.raisedBefore]);
  const [state, dispatch] = useFormState<EventValues>(FIELDS, {
    name: suggestions[0]?.name ?? '',
    payload: suggestions[0]?.examplePayload ?? '',
  });
  const field = focusedField(state);

  const setName = (name: string) => {
    dispatch({ type: 'value-typed', field: 'name', value: name });
    const known = findSuggestion(suggestions, name);
    if (known?.examplePayload) dispatch({ type: 'value-prefilled', field: 'payload', value: known.examplePayload });
  };

  const submit = () => {
    const name = parseNameField(state.values.name, 'event name');
    if (!name.ok) return dispatch({ type: 'validation-failed', field: 'name', message: name.error });
    const payload = parseJsonField(state.values.payload, 'payload');
    if (!payload.ok) return dispatch({ type: 'validation-failed', field: 'payload', message: payload.error });
    dispatch({ type: 'submit-started' });
    props.onSubmit(name.value, payload.value).catch((error: unknown) => {
      dispatch({ type: 'submit-failed', message: describeError(error) });
    });
  };

  useFormKeys({
    isActive: !state.isSubmitting,
    onNext: () => (isOnLastField(state) ? submit() : dispatch({ type: 'focus-moved', by: 1 })),
    onPrevious: () => dispatch({ type: 'focus-moved', by: -1 }),
    onCancel: props.onCancel,
  });
  useKeyHandler(
    (_input, key) => {
      if (!key.upArrow && !key.downArrow) return;
      const next = cycleSuggestion(suggestions, state.values.name, key.downArrow ? 1 : -1);
      if (next) setName(next.name);
    },
    field === 'name' && !state.isSubmitting && suggestions.length > 0,
  );

  return (
    <FormFrame
      title={`Raise an event on ${safeLine(props.instanceId)}`}
      error={state.error?.message}
      busyText={state.isSubmitting ? 'Sending…' : undefined}
      width={props.width}
      theme={theme}
    >
      <FieldRow label="Event name" isFocused={field === 'name'} hasError={state.error?.field === 'name'} theme={theme}>
        <TextInput
          value={state.values.name}
          focus={field === 'name' && !state.isSubmitting}
          placeholder="e.g. approval"
          onChange={setName}
        />
        {suggestions.length > 0 ? (
          <Text {...theme.muted} wrap="truncate-end">
            {field === 'name' ? '↑↓ ' : ''}known: {suggestions.map((suggestion) => safeLine(suggestion.name)).join(', ')}
          </Text>
        ) : null}
      </FieldRow>
      <FieldRow label="Payload (JSON)" isFocused={field === 'payload'} hasError={state.error?.field === 'payload'} theme={theme}>
        <TextInput
          value={state.values.payload}
          focus={field === 'payload' && !state.isSubmitting}
          placeholder='optional JSON, e.g. {"approved": true}'
          onChange={(value) => dispatch({ type: 'value-typed', field: 'payload', value })}
        />
      </FieldRow>
    </FormFrame>
  );
}
