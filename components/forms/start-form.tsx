/**
 * The start form: the workflow (picked from those the in-process runtime registered, or
 * typed when it registered none), an optional instance ID, and the input as JSON, prefilled
 * with the workflow's example input. Everything is validated before anything is sent; a
 * refusal from the sidecar shows inline and keeps the form open.
 */
import { Text } from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import React, { useCallback, useMemo } from 'react';
import { describeError } from '../../src/client/errors.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { Theme } from '../theme.js';
import { parseInstanceIdField, parseJsonField, parseNameField, toJsonText } from './field-validation.js';
import { FieldRow, FormFrame } from './form-frame.js';
import { focusedField, isOnLastField, useFormState } from './use-form-state.js';
import { useFormKeys } from './use-form-keys.js';

/** What the start form submits (validated). */
export interface StartRequestInput {
  readonly workflowName: string;
  readonly instanceId?: string;
  /** Compact JSON text, or undefined for no input. */
  readonly input?: string;
}

/** Props of StartForm. */
export interface StartFormProps {
  readonly workflows: readonly WorkflowInfo[];
  /** Sends the request; rejects with the sidecar's error (shown inline). */
  readonly onSubmit: (request: StartRequestInput) => Promise<void>;
  readonly onCancel: () => void;
  readonly width: number;
  readonly theme: Theme;
}

type StartValues = { workflow: string; instanceId: string; input: string };

const FIELDS = ['workflow', 'instanceId', 'input'] as const;
const VISIBLE_WORKFLOWS = 6;

/** The modal start form. */
export function StartForm({ workflows, onSubmit, onCancel, width, theme }: StartFormProps): React.JSX.Element {
  const first = workflows[0];
  const [state, dispatch] = useFormState<StartValues>(FIELDS, {
    workflow: first?.name ?? '',
    instanceId: '',
    input: toJsonText(first?.exampleInput),
  });
  const field = focusedField(state);
  const chosen = workflows.find((workflow) => workflow.name === state.values.workflow);
  const items = useMemo(
    () => workflows.map((workflow) => ({ key: workflow.name, label: safeLine(workflow.name), value: workflow.name })),
    [workflows],
  );

  const choose = useCallback(
    (name: string) => {
      dispatch({ type: 'value-typed', field: 'workflow', value: name });
      const info = workflows.find((workflow) => workflow.name === name);
      dispatch({ type: 'value-prefilled', field: 'input', value: toJsonText(info?.exampleInput) });
    },
    [dispatch, workflows],
  );

  const submit = () => {
    const name = parseNameField(state.values.workflow, 'workflow name');
    if (!name.ok) return dispatch({ type: 'validation-failed', field: 'workflow', message: name.error });
    const id = parseInstanceIdField(state.values.instanceId);
    if (!id.ok) return dispatch({ type: 'validation-failed', field: 'instanceId', message: id.error });
    const input = parseJsonField(state.values.input, 'input');
    if (!input.ok) return dispatch({ type: 'validation-failed', field: 'input', message: input.error });
    dispatch({ type: 'submit-started' });
    onSubmit({ workflowName: name.value, instanceId: id.value, input: input.value }).catch((error: unknown) => {
      dispatch({ type: 'submit-failed', message: describeError(error) });
    });
  };

  useFormKeys({
    isActive: !state.isSubmitting,
    onNext: () => (isOnLastField(state) ? submit() : dispatch({ type: 'focus-moved', by: 1 })),
    onPrevious: () => dispatch({ type: 'focus-moved', by: -1 }),
    onCancel,
  });

  const initialIndex = Math.max(0, workflows.findIndex((workflow) => workflow.name === state.values.workflow));
  return (
    <FormFrame
      title="Start a workflow instance"
      error={state.error?.message}
      busyText={state.isSubmitting ? 'Starting…' : undefined}
      width={width}
      theme={theme}
    >
      <FieldRow label="Workflow" isFocused={field === 'workflow'} hasError={state.error?.field === 'workflow'} theme={theme}>
        {workflows.length > 0 ? (
          field === 'workflow' ? (
            <SelectInput
              items={items}
              initialIndex={initialIndex}
              limit={VISIBLE_WORKFLOWS}
              isFocused={!state.isSubmitting}
              onHighlight={(item) => choose(item.value)}
            />
          ) : (
            <Text>{safeLine(state.values.workflow)}</Text>
          )
        ) : (
          <TextInput
            value={state.values.workflow}
            focus={field === 'workflow' && !state.isSubmitting}
            placeholder="workflow name (no workflows are hosted here)"
            onChange={(value) => dispatch({ type: 'value-typed', field: 'workflow', value })}
          />
        )}
        {chosen && field === 'workflow' ? (
          <Text {...theme.muted} wrap="truncate-end">
            {safeLine(chosen.description)}
          </Text>
        ) : null}
      </FieldRow>
      <FieldRow label="Instance ID" isFocused={field === 'instanceId'} hasError={state.error?.field === 'instanceId'} theme={theme}>
        <TextInput
          value={state.values.instanceId}
          focus={field === 'instanceId' && !state.isSubmitting}
          placeholder="optional: letters, digits, _ and -"
          onChange={(value) => dispatch({ type: 'value-typed', field: 'instanceId', value })}
        />
      </FieldRow>
      <FieldRow label="Input (JSON)" isFocused={field === 'input'} hasError={state.error?.field === 'input'} theme={theme}>
        <TextInput
          value={state.values.input}
          focus={field === 'input' && !state.isSubmitting}
          placeholder='optional JSON, e.g. {"id": 1}'
          onChange={(value) => dispatch({ type: 'value-typed', field: 'input', value })}
        />
      </FieldRow>
    </FormFrame>
  );
}
