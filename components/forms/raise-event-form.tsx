/**
 * The raise-event form: the event name (suggested from the workflow's known events and the
 * names raised before; ↑/↓ cycles through them) and a JSON payload, prefilled from the
 * event's example payload when one is known. JSON is validated before anything is sent.
 * The same form raises one event on every marked instance.
 */
import { Text } from 'ink';
import React, { useMemo } from 'react';
import { describeError } from '../../src/client/errors.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { ExternalEditor } from '../editor/use-external-editor.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import type { Theme } from '../theme.js';
import { cycleSuggestion, eventSuggestions, findSuggestion } from './event-suggestions.js';
import { parseJsonField, parseNameField } from './field-validation.js';
import { fieldWidth, FieldRow, FormFrame, labelColumnWidth } from './form-frame.js';
import { TextField } from './text-field.js';
import { fieldText, focusedField, useFormState } from './use-form-state.js';
import { useFormFields } from './use-form-keys.js';

/** Props of RaiseEventForm. */
export interface RaiseEventFormProps {
  /** Where the event goes: one instance, or every marked one. */
  readonly instanceIds: readonly string[];
  /** The instance's workflow when the in-process runtime hosts it. */
  readonly workflow?: WorkflowInfo;
  readonly raisedBefore: readonly string[];
  /** Prefills (e.g. from the inbox); otherwise the first suggestion. */
  readonly initialName?: string;
  readonly initialPayload?: string;
  /** Sends the event (payload: compact JSON or undefined); rejects with the sidecar's error. */
  readonly onSubmit: (eventName: string, payload: string | undefined) => Promise<void>;
  readonly onCancel: () => void;
  readonly editor?: ExternalEditor;
  readonly width: number;
  readonly theme: Theme;
}

type EventValues = { name: string; payload: string };
const FIELDS = ['name', 'payload'] as const;
const LABEL_WIDTH = labelColumnWidth(['Event name', 'Payload (JSON)']);

/** The title: the instance, or how many marked instances. */
export function raiseEventTitle(instanceIds: readonly string[]): string {
  return instanceIds.length === 1 ? `Raise an event on ${safeLine(instanceIds[0]!)}` : `Raise an event on ${instanceIds.length} marked instances`;
}

/** The modal raise-event form. */
export function RaiseEventForm(props: RaiseEventFormProps): React.JSX.Element {
  const { theme } = props;
  const suggestions = useMemo(() => eventSuggestions(props.workflow, props.raisedBefore), [props.workflow, props.raisedBefore]);
  const [state, dispatch] = useFormState<EventValues>(FIELDS, {
    name: props.initialName ?? suggestions[0]?.name ?? '',
    payload: props.initialPayload ?? (props.initialName === undefined ? suggestions[0]?.examplePayload : undefined) ?? '',
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

  useFormFields({
    state,
    dispatch,
    textFields: FIELDS,
    jsonFields: { payload: 'payload' },
    editor: props.editor,
    onSubmit: submit,
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

  const valueWidth = fieldWidth(props.width, LABEL_WIDTH);
  return (
    <FormFrame
      title={raiseEventTitle(props.instanceIds)}
      error={state.error?.message}
      note={state.note}
      busyText={state.isSubmitting ? 'Sending…' : undefined}
      width={props.width}
      theme={theme}
    >
      <FieldRow label="Event name" labelWidth={LABEL_WIDTH} isFocused={field === 'name'} hasError={state.error?.field === 'name'} theme={theme}>
        <TextField
          state={fieldText(state, 'name')}
          isFocused={field === 'name' && !state.isSubmitting}
          placeholder="e.g. approval"
          width={valueWidth}
          theme={theme}
        />
        {suggestions.length > 0 ? (
          <Text {...theme.muted} wrap="truncate-end">
            {field === 'name' ? '↑↓ ' : ''}known: {suggestions.map((suggestion) => safeLine(suggestion.name)).join(', ')}
          </Text>
        ) : null}
      </FieldRow>
      <FieldRow label="Payload (JSON)" labelWidth={LABEL_WIDTH} isFocused={field === 'payload'} hasError={state.error?.field === 'payload'} theme={theme}>
        <TextField
          state={fieldText(state, 'payload')}
          isFocused={field === 'payload' && !state.isSubmitting}
          placeholder='optional JSON, e.g. {"approved": true}'
          width={valueWidth}
          theme={theme}
        />
      </FieldRow>
    </FormFrame>
  );
}
