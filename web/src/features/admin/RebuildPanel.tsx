import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { sentenceFor } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  unfinished,
  useCancelRebuildMutation,
  useRebuildQuery,
  useSwitchProjectionMutation,
  type RebuildProgress,
} from './api';

/** Seconds as people say them: "45 s", "3 min 20 s", "1 h 5 min". */
export function durationOf(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

const number = new Intl.NumberFormat('en');

function DiffPreview(props: {
  diff: NonNullable<RebuildProgress['diff']>;
  fromVersion: number;
  version: number;
}) {
  const { diff } = props;
  const same = diff.added === 0 && diff.removed === 0 && diff.changed === 0;
  return (
    <Box component="section" aria-label="Shadow diff" sx={{ overflowWrap: 'anywhere' }}>
      <Typography variant="subtitle2" component="h4">
        Version {props.version} against version {props.fromVersion}
      </Typography>
      <Typography variant="body2">
        {number.format(diff.compared)} documents compared:{' '}
        {same
          ? 'identical.'
          : `${number.format(diff.added)} added, ${number.format(diff.removed)} removed, ${number.format(diff.changed)} changed.`}
      </Typography>
      {diff.samples.added.length > 0 && (
        <Typography variant="body2">Added, for example: {diff.samples.added.join(', ')}</Typography>
      )}
      {diff.samples.removed.length > 0 && (
        <Typography variant="body2">Removed, for example: {diff.samples.removed.join(', ')}</Typography>
      )}
      {diff.samples.changed.length > 0 && (
        <Box component="ul" sx={{ m: 0, pl: 2.5 }} aria-label="Changed documents">
          {diff.samples.changed.map((change) => (
            <li key={change.id}>
              <Typography variant="body2">
                {change.id}: {change.fields.join(', ')}
              </Typography>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** The latest rebuild of a projection: live progress while it runs, then its diff and the switch. */
export function RebuildPanel(props: { name: string }) {
  const [moving, setMoving] = useState(true);
  const { data: rebuild, error } = useRebuildQuery(props.name, {
    // Live progress: asked again every second while the rebuild moves, not at all once it stopped.
    pollingInterval: moving ? 1000 : 0,
    skipPollingIfUnfocused: true,
  });
  const state = rebuild?.state;
  useEffect(() => {
    setMoving(
      state === undefined || unfinished.has(state) || (state === 'ready' && rebuild?.autoSwitch === true),
    );
  }, [state, rebuild?.autoSwitch]);
  const [cancel, cancelState] = useCancelRebuildMutation();
  const [switchTo, switchState] = useSwitchProjectionMutation();
  if (rebuild === undefined) return <ErrorAlert error={error} />;
  const percent = rebuild.total === 0 ? 100 : Math.min(100, (rebuild.done / rebuild.total) * 100);
  const label = `Rebuild of ${props.name} to version ${rebuild.version}`;

  return (
    <Stack spacing={1} component="section" aria-label={label}>
      {unfinished.has(rebuild.state) && (
        <>
          <LinearProgress
            variant={rebuild.state === 'requested' ? 'indeterminate' : 'determinate'}
            value={percent}
            aria-label={`${label}: progress`}
          />
          <Typography variant="body2" role="status">
            {rebuild.state === 'requested'
              ? `Version ${rebuild.version} is waiting for a projectors instance to take it up.`
              : `Version ${rebuild.version}: ${number.format(rebuild.done)} of ${number.format(rebuild.total)} events (${Math.floor(percent)}%), ${number.format(rebuild.rate)} events/s, ${
                  rebuild.secondsLeft === null
                    ? 'time left unknown'
                    : `${durationOf(rebuild.secondsLeft)} left`
                }.`}
          </Typography>
          <Box>
            <Button color="warning" onClick={() => void cancel(props.name)} disabled={cancelState.isLoading}>
              Cancel rebuild
            </Button>
          </Box>
        </>
      )}
      {rebuild.state === 'ready' && (
        <>
          <Alert severity="info" role="status">
            Version {rebuild.version} has caught up{rebuild.autoSwitch ? ' and switches on its own' : ''}.
            Check the diff, then switch.
          </Alert>
          {rebuild.diff && (
            <DiffPreview diff={rebuild.diff} fromVersion={rebuild.fromVersion} version={rebuild.version} />
          )}
          <Stack direction="row" spacing={1}>
            <Button
              variant="contained"
              onClick={() => void switchTo(props.name)}
              disabled={switchState.isLoading}
            >
              Switch to version {rebuild.version}
            </Button>
            <Button color="warning" onClick={() => void cancel(props.name)} disabled={cancelState.isLoading}>
              Drop it
            </Button>
          </Stack>
        </>
      )}
      {rebuild.state === 'switched' && (
        <Typography variant="body2" color="text.secondary">
          Version {rebuild.version} went live
          {rebuild.finishedAt ? ` on ${dayjs(rebuild.finishedAt).format('D MMM YYYY, HH:mm')}` : ''}.
        </Typography>
      )}
      {rebuild.state === 'cancelled' && (
        <Typography variant="body2" color="text.secondary">
          The rebuild to version {rebuild.version} was cancelled; version {rebuild.fromVersion} kept serving.
        </Typography>
      )}
      {rebuild.state === 'failed' && (
        <Alert severity="error">
          The rebuild to version {rebuild.version} failed: {rebuild.error ?? 'no reason recorded'}. Version{' '}
          {rebuild.fromVersion} keeps serving; fix the cause and rebuild again.
        </Alert>
      )}
      {cancelState.error && <Alert severity="error">{sentenceFor(cancelState.error)}</Alert>}
      {switchState.error && <Alert severity="error">{sentenceFor(switchState.error)}</Alert>}
    </Stack>
  );
}
