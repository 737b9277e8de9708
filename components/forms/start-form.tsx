/**
 * The start form: the workflow (picked from those the in-process runtime registered, or
 * typed, with ↑/↓ offering the names seen on the sidecar, when it registered none), an
 * optional instance ID, and the input as JSON, prefilled with the workflow's example input.
 * Everything is validated before anything is sent; a refusal from the sidecar shows inline
 * and keeps the form open.
 */
import { Text } from 'ink';
import SelectInput from 'ink-select-input';
import React, { useCallback, useMemo } from 'react';
import { describeError } from '../../src/client/errors.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { ExternalEditor } from '../editor/use-external-editor.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import type { Theme } from '../theme.js';
import { cycleName } from './event-suggestions.js';
import { parseInstanceIdField, parseJsonField, parseNameField, toJsonText } from './field-validation.js';
import { fieldWidth, FieldRow, FormFrame, labelColumnWidth } from './form-frame.js';
import { TextField } from './text-field.js';
import { fieldText, focusedField, useFormState } from './use-form-state.js';
import { useFormFields } from './use-form-keys.js';

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
  /** Workflow names seen on the sidecar, offered (↑/↓) when no workflow is hosted here. */
  readonly knownWorkflowNames?: readonly string[];
  /** Sends the request; rejects with the sidecar's error (shown inline). */
  readonly onSubmit: (request: StartRequestInput) => Promise<void>;
  readonly onCancel: () => void;
  readonly editor?: ExternalEditor;
  readonly width: number;
  readonly theme: Theme;
}

type StartValues = { workflow: string; instanceId: string; input: string };

const FIELDS = ['workflow', 'instanceId', 'input'] as const;
const VISIBLE_WORKFLOWS = 6;
const LABEL_WIDTH = labelColumnWidth(['Workflow', 'Instance ID', 'Input (JSON)']);

/** The modal start form. */
export function StartForm({ workflows, knownWorkflowNames = [], onSubmit, onCancel, editor, width, theme }: StartFormProps): React.JSX.Element {
  const first = workflows[0];
  const isPicked = workflows.length > 0;
  const [state, dispatch] = useFormState<StartValues>(FIELDS, {
    workflow: first?.name ?? knownWorkflowNames[0] ?? '',
    instanceId: '',
    input: toJsonText(first?.exampleInput),
  });
  const field = focusedField(state);
  const chosen = workflows.find((workflow) => workflow.name === state.values.workflow);
  const items = useMemo(
    () => workflows.map((workflow) => ({ key: workflow.name, label: safeLine(workflow.name), value: workflow.name })),
    [workflows],
  );
  const names = useMemo(() => knownWorkflowNames.map((name) => safeLine(name)).filter((name) => name !== ''), [knownWorkflowNames]);

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

  useFormFields({
    state,
    dispatch,
    textFields: isPicked ? ['instanceId', 'input'] : FIELDS,
    jsonFields: { input: 'input' },
    editor,
    onSubmit: submit,
    onCancel,
  });
  useKeyHandler(
    (_input, key) => {
      if (!key.upArrow && !key.downArrow) return;
      const next = cycleName(names, state.values.workflow, key.downArrow ? 1 : -1);
      if (next) dispatch({ type: 'value-typed', field: 'workflow', value: next });
    },
    !isPicked && field === 'workflow' && !state.isSubmitting && names.length > 0,
  );

  const valueWidth = fieldWidth(width, LABEL_WIDTH);
  const initialIndex = Math.max(0, workflows.findIndex((workflow) => workflow.name === state.values.workflow));
  return (
    <FormFrame
      title="Start a workflow instance"
      error={state.error?.message}
      note={state.note}
      busyText={state.isSubmitting ? 'Starting…' : undefined}
      width={width}
      theme={theme}
    >
      <FieldRow label="Workflow" labelWidth={LABEL_WIDTH} isFocused={field === 'workflow'} hasError={state.error?.field === 'workflow'} theme={theme}>
        {isPicked ? (
          field === 'workflow' ? (
            <SelectInput
              items={items}
              initialIndex={initialIndex}
              limit={VISIBLE_WORKFLOWS}
              isFocused={!state.isSubmitting}
              onHighlight={(item) => choose(item.value)}
            />
          ) : (
            <Text wrap="truncate-end">{safeLine(state.values.workflow)}</Text>
          )
        ) : (
          <>
            <TextField
              state={fieldText(state, 'workflow')}
              isFocused={field === 'workflow' && !state.isSubmitting}
              placeholder="workflow name (no workflows are hosted here)"
              width={valueWidth}
              theme={theme}
            />
            {names.length > 0 && field === 'workflow' ? (
              <Text {...theme.muted} wrap="truncate-end">
                ↑↓ seen on the sidecar: {names.join(', ')}
              </Text>
            ) : null}
          </>
        )}
        {chosen && field === 'workflow' ? (
          <Text {...theme.muted} wrap="truncate-end">
            {safeLine(chosen.description)}
          </Text>
        ) : null}
      </FieldRow>
      <FieldRow label="Instance ID" labelWidth={LABEL_WIDTH} isFocused={field === 'instanceId'} hasError={state.error?.field === 'instanceId'} theme={theme}>
        <TextField
          state={fieldText(state, 'instanceId')}
          isFocused={field === 'instanceId' && !state.isSubmitting}
          placeholder="optional: letters, digits, _ and -"
          width={valueWidth}
          theme={theme}
        />
      </FieldRow>
      <FieldRow label="Input (JSON)" labelWidth={LABEL_WIDTH} isFocused={field === 'input'} hasError={state.error?.field === 'input'} theme={theme}>
        <TextField
          state={fieldText(state, 'input')}
          isFocused={field === 'input' && !state.isSubmitting}
          placeholder='optional JSON, e.g. {"id": 1}'
          width={valueWidth}
          theme={theme}
        />
      </FieldRow>
    </FormFrame>
  );
}
