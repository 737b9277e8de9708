/**
 * The watch form: one instance ID to add to the table. The ID is validated first; an
 * unknown ID or an unreachable sidecar is reported inline and the form stays open.
 */
import React from 'react';
import { describeError } from '../../src/client/errors.js';
import type { Theme } from '../theme.js';
import { parseInstanceIdField } from './field-validation.js';
import { fieldWidth, FieldRow, FormFrame, labelColumnWidth } from './form-frame.js';
import { TextField } from './text-field.js';
import { fieldText, useFormState } from './use-form-state.js';
import { useFormFields } from './use-form-keys.js';

/** Props of WatchForm. */
export interface WatchFormProps {
  /** Looks the instance up; resolves to an error sentence when it cannot be watched, undefined when done. */
  readonly onSubmit: (instanceId: string) => Promise<string | undefined>;
  readonly onCancel: () => void;
  readonly width: number;
  readonly theme: Theme;
}

type WatchValues = { instanceId: string };
const FIELDS = ['instanceId'] as const;
const LABEL_WIDTH = labelColumnWidth(['Instance ID']);

/** The modal watch-by-ID form. */
export function WatchForm({ onSubmit, onCancel, width, theme }: WatchFormProps): React.JSX.Element {
  const [state, dispatch] = useFormState<WatchValues>(FIELDS, { instanceId: '' });
  const submit = () => {
    const id = parseInstanceIdField(state.values.instanceId, true);
    if (!id.ok) return dispatch({ type: 'validation-failed', field: 'instanceId', message: id.error });
    dispatch({ type: 'submit-started' });
    onSubmit(id.value!).then(
      (problem) => {
        if (problem) dispatch({ type: 'submit-failed', message: problem });
      },
      (error: unknown) => dispatch({ type: 'submit-failed', message: describeError(error) }),
    );
  };
  useFormFields({ state, dispatch, textFields: FIELDS, jsonFields: {}, onSubmit: submit, onCancel });
  return (
    <FormFrame
      title="Watch an instance by ID"
      error={state.error?.message}
      note={state.note}
      busyText={state.isSubmitting ? 'Looking it up…' : undefined}
      width={width}
      theme={theme}
    >
      <FieldRow label="Instance ID" labelWidth={LABEL_WIDTH} isFocused hasError={state.error !== undefined} theme={theme}>
        <TextField
          state={fieldText(state, 'instanceId')}
          isFocused={!state.isSubmitting}
          placeholder="e.g. order-12345"
          width={fieldWidth(width, LABEL_WIDTH)}
          theme={theme}
        />
      </FieldRow>
    </FormFrame>
  );
}
