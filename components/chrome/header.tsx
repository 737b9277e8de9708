/**
 * The header: which sidecar, whether it answers (and when the next attempt is), counts of
 * instances by status, active filters, read-only mode, and a note when the sidecar cannot
 * list every instance.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { describeError } from '../../src/client/errors.js';
import type { RuntimeStatus } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { ConnectionState } from '../../src/tracker/index.js';
import { formatDuration } from '../format/format-time.js';
import { statusFilterLabel, type StatusFilter } from '../table/row-filter.js';
import type { Theme } from '../theme.js';

/** Props of Header. */
export interface HeaderProps {
  readonly sidecarLabel: string;
  readonly connection: ConnectionState;
  readonly listsAllInstances?: boolean;
  readonly counts: ReadonlyMap<RuntimeStatus, number>;
  readonly total: number;
  readonly shown: number;
  readonly filterText: string;
  readonly statusFilter: StatusFilter;
  readonly readOnly: boolean;
  readonly width: number;
  readonly now: number;
  readonly theme: Theme;
}

const COUNT_ORDER: readonly RuntimeStatus[] = [
  'RUNNING',
  'SUSPENDED',
  'STALLED',
  'PENDING',
  'COMPLETED',
  'FAILED',
  'TERMINATED',
  'CANCELED',
  'CONTINUED_AS_NEW',
];

/** How many lines the header takes: two, plus one for a connection error, plus one when the sidecar cannot list. */
export function headerHeight(listsAllInstances: boolean | undefined, connection: ConnectionState): number {
  return 2 + (listsAllInstances === false ? 1 : 0) + (connection.status === 'disconnected' ? 1 : 0);
}

function ConnectionText({ connection, now, theme }: Pick<HeaderProps, 'connection' | 'now' | 'theme'>): React.JSX.Element {
  if (connection.status === 'connected') return <Text {...theme.success}>● connected</Text>;
  if (connection.status === 'connecting') return <Text {...theme.muted}>○ connecting…</Text>;
  const retry = connection.retryAt !== undefined ? ` (retry in ${formatDuration(Math.max(0, connection.retryAt - now))})` : '';
  return <Text {...theme.error}>○ disconnected{retry}</Text>;
}

/** The header lines. */
export function Header(props: HeaderProps): React.JSX.Element {
  const { theme, width } = props;
  const filters: string[] = [];
  if (props.filterText.trim() !== '') filters.push(`filter "${safeLine(props.filterText.trim())}"`);
  if (props.statusFilter !== 'all') filters.push(`status ${statusFilterLabel(props.statusFilter)}`);
  return (
    <Box flexDirection="column" width={width} height={headerHeight(props.listsAllInstances, props.connection)}>
      <Text wrap="truncate-end">
        <Text {...theme.heading}>Dapr workflows</Text>
        <Text {...theme.muted}> · </Text>
        <Text>{safeLine(props.sidecarLabel)}</Text>
        <Text {...theme.muted}> · </Text>
        <ConnectionText connection={props.connection} now={props.now} theme={theme} />
        {props.readOnly ? (
          <>
            <Text {...theme.muted}> · </Text>
            <Text {...theme.warning}>read-only</Text>
          </>
        ) : null}
      </Text>
      <Text wrap="truncate-end">
        <Text {...theme.heading}>
          {props.total} instance{props.total === 1 ? '' : 's'}
        </Text>
        {COUNT_ORDER.filter((status) => (props.counts.get(status) ?? 0) > 0).map((status) => (
          <React.Fragment key={status}>
            <Text {...theme.muted}> · </Text>
            <Text {...theme.status(status)}>
              {props.counts.get(status)} {status === 'CONTINUED_AS_NEW' ? 'continued' : status.toLowerCase()}
            </Text>
          </React.Fragment>
        ))}
        {filters.length > 0 ? (
          <Text {...theme.warning}>
            {'  '}[{filters.join(', ')}: {props.shown} shown]
          </Text>
        ) : null}
      </Text>
      {props.connection.status === 'disconnected' ? (
        <Text wrap="truncate-end" {...theme.error}>
          {describeError(props.connection.error)}
        </Text>
      ) : null}
      {props.listsAllInstances === false ? (
        <Text wrap="truncate-end" {...theme.warning}>
          This sidecar cannot list instances: showing those started here or watched by ID (a).
        </Text>
      ) : null}
    </Box>
  );
}
