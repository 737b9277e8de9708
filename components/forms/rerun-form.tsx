/**
 * The rerun form: starts a new instance from a finished one's history, replayed up to the
 * activity (or child workflow) chosen on the timeline in details, which runs again. The new
 * instance ID is suggested (editable); the input that activity gets is the one it had
 * (editable, Ctrl-E for an editor, sent only when changed); both are validated first.
 */
import React from 'react';
import { describeError } from '../../src/client/errors.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { RerunRequestInput } from '../actions/use-instance-actions.js';
import type { ExternalEditor } from '../editor/use-external-editor.js';
import type { Theme } from '../theme.js';
import { parseInstanceIdField, parseJsonField } from './field-validation.js';
import { fieldWidth, FieldRow, FormFrame, labelColumnWidth } from './form-frame.js';
import { TextField } from './text-field.js';
import { fieldText, focusedField, useFormState } from './use-form-state.js';
import { useFormFields } from './use-form-keys.js';

/** Props of RerunForm. */
export interface RerunFormProps {
  readonly sourceInstanceId: string;
  readonly eventId: number;
  readonly eventLabel: string;
  /** The suggested new instance ID. */
  readonly suggestedId: string;
  /** The input the chosen activity was scheduled with (JSON text), prefilled. */
  readonly input?: string;
  readonly onSubmit: (request: RerunRequestInput) => Promise<void>;
  readonly onCancel: () => void;
  readonly editor?: ExternalEditor;
  readonly width: number;
  readonly theme: Theme;
}

type RerunValues = { instanceId: string; input: string };
const FIELDS = ['instanceId', 'input'] as const;
const LABEL_WIDTH = labelColumnWidth(['New instance ID', 'Activity input']);

/** Suggests `<source>-rerun-<n>`, the first not among `taken`. */
export function suggestRerunId(sourceInstanceId: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const candidate = `${sourceInstanceId}-rerun-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The modal rerun form. */
export function RerunForm(props: RerunFormProps): React.JSX.Element {
  const { theme } = props;
  const [state, dispatch] = useFormState<RerunValues>(FIELDS, { instanceId: props.suggestedId, input: props.input ?? '' });
  const field = focusedField(state);
  const submit = () => {
    const id = parseInstanceIdField(state.values.instanceId);
    if (!id.ok) return dispatch({ type: 'validation-failed', field: 'instanceId', message: id.error });
    const input = parseJsonField(state.values.input, 'input');
    if (!input.ok) return dispatch({ type: 'validation-failed', field: 'input', message: input.error });
    const isInputChanged = state.edited.includes('input');
    dispatch({ type: 'submit-started' });
    props
      .onSubmit({
        sourceInstanceId: props.sourceInstanceId,
        eventId: props.eventId,
        ...(id.value !== undefined ? { newInstanceId: id.value } : {}),
        ...(isInputChanged ? { overwriteInput: true, ...(input.value !== undefined ? { input: input.value } : {}) } : {}),
      })
      .catch((error: unknown) => dispatch({ type: 'submit-failed', message: describeError(error) }));
  };
  useFormFields({
    state,
    dispatch,
    textFields: FIELDS,
    jsonFields: { input: 'input' },
    editor: props.editor,
    onSubmit: submit,
    onCancel: props.onCancel,
  });
  const valueWidth = fieldWidth(props.width, LABEL_WIDTH);
  return (
    <FormFrame
      title={`Rerun ${safeLine(props.sourceInstanceId)} from ${safeLine(props.eventLabel)} (event ${props.eventId})`}
      error={state.error?.message}
      note={state.note}
      busyText={state.isSubmitting ? 'Rerunning…' : undefined}
      width={props.width}
      theme={theme}
    >
      <FieldRow label="New instance ID" labelWidth={LABEL_WIDTH} isFocused={field === 'instanceId'} hasError={state.error?.field === 'instanceId'} theme={theme}>
        <TextField
          state={fieldText(state, 'instanceId')}
          isFocused={field === 'instanceId' && !state.isSubmitting}
          placeholder="empty: the sidecar chooses"
          width={valueWidth}
          theme={theme}
        />
      </FieldRow>
      <FieldRow label="Activity input" labelWidth={LABEL_WIDTH} isFocused={field === 'input'} hasError={state.error?.field === 'input'} theme={theme}>
        <TextField
          state={fieldText(state, 'input')}
          isFocused={field === 'input' && !state.isSubmitting}
          placeholder="no input (JSON)"
          width={valueWidth}
          theme={theme}
        />
      </FieldRow>
    </FormFrame>
  );
}
