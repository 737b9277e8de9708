/**
 * The instance table: a column header and the visible rows only (status coloured, suspended
 * standing out, instance ID, workflow, age, last update, and a custom status / output
 * preview). The caller passes the slice that fits; nothing off screen is rendered.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { safeLine } from '../../src/text/safe-text.js';
import type { TrackedInstance } from '../../src/tracker/index.js';
import { formatAge } from '../format/format-time.js';
import { previewText } from '../format/pretty-json.js';
import type { Theme } from '../theme.js';
import type { TableColumns } from './table-columns.js';

/** Props of InstanceTable. */
export interface InstanceTableProps {
  /** The rows on screen, in order. */
  readonly rows: readonly TrackedInstance[];
  /** Index within `rows` of the cursor (-1: not on screen). */
  readonly cursor: number;
  readonly columns: TableColumns;
  /** Lines available for rows (below the column header). */
  readonly height: number;
  readonly width: number;
  readonly now: number;
  readonly theme: Theme;
  /** Shown instead of rows when there are none. */
  readonly emptyText: string;
}

function Cell({ width, children, style }: { width: number; children: React.ReactNode; style?: object }): React.JSX.Element | null {
  if (width <= 0) return null;
  return (
    <Box width={width} marginRight={1} flexShrink={0}>
      <Text wrap="truncate-end" {...style}>
        {children}
      </Text>
    </Box>
  );
}

/** One row; memoised so unchanged rows are not rebuilt on every frame. */
const Row = React.memo(function Row({
  row,
  isCursor,
  columns,
  now,
  theme,
}: {
  row: TrackedInstance;
  isCursor: boolean;
  columns: TableColumns;
  now: number;
  theme: Theme;
}): React.JSX.Element {
  const selected = isCursor ? theme.selectedRow : undefined;
  const preview = row.preview !== undefined ? previewText(row.preview) : '';
  return (
    <Box flexDirection="row" height={1} overflow="hidden">
      <Box width={columns.marker} flexShrink={0}>
        <Text {...(isCursor ? theme.heading : {})}>{isCursor ? '›' : ' '}</Text>
      </Box>
      <Cell width={columns.status} style={theme.status(row.status)}>
        {theme.statusLabel(row.status)}
      </Cell>
      <Cell width={columns.id} style={selected}>
        {safeLine(row.instanceId)}
      </Cell>
      <Cell width={columns.name} style={selected}>
        {safeLine(row.name)}
      </Cell>
      <Cell width={columns.age} style={selected}>
        {formatAge(now - row.createdAt)}
      </Cell>
      <Cell width={columns.updated} style={selected}>
        {formatAge(now - row.lastUpdatedAt)}
      </Cell>
      {columns.preview > 0 ? (
        <Box width={columns.preview} flexShrink={0}>
          <Text wrap="truncate-end" {...(row.status === 'FAILED' ? theme.error : theme.muted)}>
            {preview}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
});

/** The column header and the visible rows. */
export function InstanceTable(props: InstanceTableProps): React.JSX.Element {
  const { columns, theme } = props;
  return (
    <Box flexDirection="column" width={props.width} height={props.height + 1} overflow="hidden">
      <Box flexDirection="row" height={1}>
        <Box width={columns.marker} flexShrink={0} />
        <Cell width={columns.status} style={theme.heading}>
          STATUS
        </Cell>
        <Cell width={columns.id} style={theme.heading}>
          INSTANCE ID
        </Cell>
        <Cell width={columns.name} style={theme.heading}>
          WORKFLOW
        </Cell>
        <Cell width={columns.age} style={theme.heading}>
          AGE
        </Cell>
        <Cell width={columns.updated} style={theme.heading}>
          UPDATED
        </Cell>
        {columns.preview > 0 ? (
          <Box width={columns.preview} flexShrink={0}>
            <Text wrap="truncate-end" {...theme.heading}>
              {columns.preview >= 22 ? 'CUSTOM STATUS / OUTPUT' : 'PREVIEW'}
            </Text>
          </Box>
        ) : null}
      </Box>
      {props.rows.length === 0 ? (
        <Box paddingLeft={columns.marker}>
          <Text wrap="truncate-end" {...theme.muted}>
            {props.emptyText}
          </Text>
        </Box>
      ) : (
        props.rows.map((row, index) => (
          <Row
            key={row.instanceId}
            row={row}
            isCursor={index === props.cursor}
            columns={columns}
            now={props.now}
            theme={theme}
          />
        ))
      )}
    </Box>
  );
}
