/**
 * The instance table: a column header and the visible rows only (status coloured, suspended
 * standing out, a `*` on marked rows, instance ID, workflow, age, last update, and a custom
 * status / output preview). The caller passes the slice that fits; nothing off screen is
 * rendered.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { safeLine } from '../../src/text/safe-text.js';
import type { TrackedInstance } from '../../src/tracker/index.js';
import { fitCell } from '../format/cell-text.js';
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
  /** Marked instance IDs (drawn with `*` next to the cursor column). */
  readonly marked: ReadonlySet<string>;
  readonly columns: TableColumns;
  /** Lines available for rows (below the column header). */
  readonly height: number;
  readonly width: number;
  readonly now: number;
  readonly theme: Theme;
  /** Shown instead of rows when there are none. */
  readonly emptyText: string;
}

/** One row as a single line of fixed-width cells; memoised so unchanged rows are not rebuilt. */
const Row = React.memo(function Row({
  row,
  isCursor,
  isMarked,
  columns,
  now,
  theme,
}: {
  row: TrackedInstance;
  isCursor: boolean;
  isMarked: boolean;
  columns: TableColumns;
  now: number;
  theme: Theme;
}): React.JSX.Element {
  const selected = isCursor ? theme.selectedRow : {};
  const middle =
    fitCell(safeLine(row.instanceId), columns.id) +
    ' ' +
    fitCell(safeLine(row.name), columns.name) +
    ' ' +
    fitCell(formatAge(now - row.createdAt), columns.age) +
    ' ' +
    fitCell(formatAge(now - row.lastUpdatedAt), columns.updated);
  const preview = columns.preview > 0 && row.preview !== undefined ? fitCell(previewText(row.preview), columns.preview) : '';
  return (
    <Text wrap="truncate-end">
      <Text {...(isCursor ? theme.heading : {})}>{isCursor ? '›' : ' '}</Text>
      <Text {...theme.warning}>{fitCell(isMarked ? '*' : ' ', columns.marker - 1)}</Text>
      <Text {...theme.status(row.status)}>{fitCell(theme.statusLabel(row.status), columns.status)}</Text>
      <Text> </Text>
      <Text {...selected}>{middle}</Text>
      {preview ? (
        <>
          <Text> </Text>
          <Text {...(row.status === 'FAILED' ? theme.error : theme.muted)}>{preview}</Text>
        </>
      ) : null}
    </Text>
  );
});

/** The column header line. */
function HeaderRow({ columns, theme }: { columns: TableColumns; theme: Theme }): React.JSX.Element {
  const cells = [
    fitCell('', columns.marker) + fitCell('STATUS', columns.status),
    fitCell('INSTANCE ID', columns.id),
    fitCell('WORKFLOW', columns.name),
    fitCell('AGE', columns.age),
    fitCell('UPDATED', columns.updated),
  ];
  if (columns.preview > 0) cells.push(columns.preview >= 22 ? 'CUSTOM STATUS / OUTPUT' : 'PREVIEW');
  return (
    <Text wrap="truncate-end" {...theme.heading}>
      {cells.join(' ')}
    </Text>
  );
}

/** The column header and the visible rows. */
export function InstanceTable(props: InstanceTableProps): React.JSX.Element {
  const { columns, theme } = props;
  return (
    <Box flexDirection="column" width={props.width} height={props.height + 1} overflowY="hidden">
      <HeaderRow columns={columns} theme={theme} />
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
            isMarked={props.marked.has(row.instanceId)}
            columns={columns}
            now={props.now}
            theme={theme}
          />
        ))
      )}
    </Box>
  );
}
