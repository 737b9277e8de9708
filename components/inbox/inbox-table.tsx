/**
 * The inbox: running instances that wait for an external event, grouped by workflow and
 * event name (each group's name shown on its first row), with how long each has waited and
 * when a wait with a timeout runs out; under the rows, what the approve and reject keys
 * would send for the selected instance, so nothing is sent unseen.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { safeLine } from '../../src/text/safe-text.js';
import { fitCell } from '../format/cell-text.js';
import { formatAge, formatDuration } from '../format/format-time.js';
import type { Theme } from '../theme.js';
import type { InboxEntry } from './inbox-entries.js';

/** Props of InboxTable. */
export interface InboxTableProps {
  /** The entries on screen, in order. */
  readonly entries: readonly InboxEntry[];
  /** Index within `entries` of the cursor (-1: not on screen). */
  readonly cursor: number;
  /** The entry under the cursor (for the payload lines), wherever it is. */
  readonly selected?: InboxEntry;
  readonly marked: ReadonlySet<string>;
  /** Lines for rows (below the column header); two more lines below show the payloads. */
  readonly height: number;
  readonly width: number;
  readonly now: number;
  readonly theme: Theme;
  readonly emptyText: string;
  readonly isReadOnly: boolean;
}

/** Lines the payload preview takes under the rows. */
export const INBOX_PREVIEW_LINES = 2;

interface Widths {
  readonly group: number;
  readonly id: number;
  readonly waited: number;
  readonly timeout: number;
}

function widthsFor(width: number, longestId: number): Widths {
  const waited = 7;
  const timeout = 14;
  const rest = Math.max(20, width - 2 - waited - timeout - 3);
  const id = Math.min(Math.max(12, longestId), 30, Math.floor(rest / 2));
  return { group: Math.max(8, rest - id), id, waited, timeout };
}

function timeoutText(entry: InboxEntry, now: number): string {
  if (entry.timeoutAt === undefined) return '—';
  const left = entry.timeoutAt - now;
  return left <= 0 ? 'timing out' : `in ${formatDuration(left)}`;
}

/** The inbox rows and the payload preview. */
export function InboxTable(props: InboxTableProps): React.JSX.Element {
  const { theme, now } = props;
  const widths = widthsFor(props.width, Math.max(0, ...props.entries.map((entry) => entry.row.instanceId.length)));
  const rowLines = Math.max(1, props.height - INBOX_PREVIEW_LINES);
  const header = [
    fitCell('', 2) + fitCell('WORKFLOW · EVENT', widths.group),
    fitCell('INSTANCE ID', widths.id),
    fitCell('WAITING', widths.waited),
    fitCell('TIMEOUT', widths.timeout),
  ].join(' ');
  const selected = props.selected;
  const payload = (text: string | undefined) => (text === undefined ? 'unknown (Enter opens the form)' : text === '' ? '(no payload)' : safeLine(text.slice(0, props.width * 2)));
  return (
    <Box flexDirection="column" width={props.width} height={props.height + 1} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.heading}>
        {header}
      </Text>
      <Box flexDirection="column" height={rowLines} overflowY="hidden">
        {props.entries.length === 0 ? (
          <Box paddingLeft={2}>
            <Text wrap="truncate-end" {...theme.muted}>
              {props.emptyText}
            </Text>
          </Box>
        ) : (
          props.entries.map((entry, index) => {
            const isCursor = index === props.cursor;
            const group = entry.isGroupStart || index === 0
              ? `${safeLine(entry.row.name)} · ${entry.eventName ? safeLine(entry.eventName) : 'event unknown'} (${entry.groupSize})`
              : '';
            return (
              <Text key={entry.row.instanceId} wrap="truncate-end">
                <Text {...(isCursor ? theme.heading : {})}>{isCursor ? '›' : ' '}</Text>
                <Text {...theme.warning}>{props.marked.has(entry.row.instanceId) ? '*' : ' '}</Text>
                <Text {...theme.muted}>{fitCell(group, widths.group)}</Text>
                <Text> </Text>
                <Text {...(isCursor ? theme.selectedRow : {})}>{fitCell(safeLine(entry.row.instanceId), widths.id)}</Text>
                <Text> </Text>
                <Text>{fitCell(formatAge(now - entry.row.lastUpdatedAt), widths.waited)}</Text>
                <Text> </Text>
                <Text {...(entry.timeoutAt !== undefined ? theme.warning : theme.muted)}>{fitCell(timeoutText(entry, now), widths.timeout)}</Text>
              </Text>
            );
          })
        )}
      </Box>
      {selected && !props.isReadOnly ? (
        <>
          <Text wrap="truncate-end">
            <Text {...theme.key}>y</Text>
            <Text> approve: </Text>
            <Text {...theme.muted}>{selected.eventName ? safeLine(selected.eventName) : 'event unknown'} </Text>
            <Text>{payload(selected.approvePayload)}</Text>
          </Text>
          <Text wrap="truncate-end">
            <Text {...theme.dangerousKey}>n</Text>
            <Text> reject:  </Text>
            <Text {...theme.muted}>{selected.eventName ? safeLine(selected.eventName) : 'event unknown'} </Text>
            <Text>{payload(selected.rejectPayload)}</Text>
          </Text>
        </>
      ) : null}
    </Box>
  );
}
