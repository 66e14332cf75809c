import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { sentenceFor } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useProjectionsQuery, useStartRebuildMutation, type ProjectionStatus } from './api';
import { durationOf, RebuildPanel } from './RebuildPanel';

const stateColor = { live: 'success', rebuilding: 'info', failed: 'error' } as const;
const number = new Intl.NumberFormat('en');

function StartRebuildDialog(props: { projection: ProjectionStatus; onClose: () => void }) {
  const [autoSwitch, setAutoSwitch] = useState(false);
  const [start, { error, isLoading }] = useStartRebuildMutation();
  const titleId = `rebuild-${props.projection.name}-title`;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth maxWidth="xs">
      <DialogTitle id={titleId}>Rebuild {props.projection.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          A new version reads the log from the start into new collections while version{' '}
          {props.projection.activeVersion} keeps serving. Nothing it applies is pushed to anyone.
        </DialogContentText>
        <FormControlLabel
          sx={{ mt: 1 }}
          control={
            <Checkbox checked={autoSwitch} onChange={(event) => setAutoSwitch(event.target.checked)} />
          }
          label="Switch to it on its own once it has caught up"
        />
        {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Keep as is</Button>
        <Button
          variant="contained"
          disabled={isLoading}
          onClick={() =>
            void start({ name: props.projection.name, autoSwitch }).then((result) => {
              if (!('error' in result)) props.onClose();
            })
          }
        >
          Start rebuild
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ProjectionCard(props: { projection: ProjectionStatus }) {
  const { projection } = props;
  const [asking, setAsking] = useState(false);
  const busy =
    projection.rebuild !== null && ['requested', 'running', 'ready'].includes(projection.rebuild.state);
  return (
    <Paper
      component="article"
      variant="outlined"
      aria-label={`Projection ${projection.name}`}
      sx={{ p: 1.5 }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {projection.name}
        </Typography>
        <Chip size="small" label={projection.state} color={stateColor[projection.state]} variant="outlined" />
        <Box sx={{ flexGrow: 1 }} />
        <Button size="small" variant="outlined" disabled={busy} onClick={() => setAsking(true)}>
          Rebuild
        </Button>
      </Stack>
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        Version {projection.activeVersion} live
        {projection.codeVersion !== projection.activeVersion &&
          ` (the code is at version ${projection.codeVersion})`}{' '}
        ·{' '}
        {projection.lag.events === 0
          ? 'up to date'
          : `${number.format(projection.lag.events)} events behind (${durationOf(projection.lag.seconds)})`}{' '}
        · {projection.deadLetters === 0 ? 'no dead letters' : `${projection.deadLetters} open dead letters`}
      </Typography>
      {projection.rebuild !== null && (
        <Box sx={{ mt: 1 }}>
          <RebuildPanel name={projection.name} />
        </Box>
      )}
      {asking && <StartRebuildDialog projection={projection} onClose={() => setAsking(false)} />}
    </Paper>
  );
}

/** Every projection with its live version, lag and dead letters; rebuilds start and finish here. */
export function ProjectionsPanel() {
  // Lag moves on its own: the list is asked again every five seconds.
  const { data, error, refetch } = useProjectionsQuery(undefined, { pollingInterval: 5000 });
  if (data === undefined)
    return error ? (
      <ErrorAlert error={error} onRetry={() => void refetch()} />
    ) : (
      <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
        <CircularProgress aria-label="Loading the projections" />
      </Box>
    );
  return (
    <Stack spacing={1} component="section" aria-label="Projections">
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data.map((projection) => (
        <ProjectionCard key={projection.name} projection={projection} />
      ))}
    </Stack>
  );
}
