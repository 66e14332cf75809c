import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import dayjs from 'dayjs';
import { useState } from 'react';
import { sentenceFor } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  useDeadLettersQuery,
  useProjectionsQuery,
  useRetryDeadLetterMutation,
  useSkipDeadLetterMutation,
  type DeadLetter,
} from './api';

type LetterState = DeadLetter['state'];
const stateLabels: Record<LetterState, string> = { open: 'Open', retried: 'Retried', skipped: 'Skipped' };

function SkipDialog(props: { letter: DeadLetter; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [skip, { error, isLoading }] = useSkipDeadLetterMutation();
  const titleId = `skip-${props.letter.id}-title`;
  const submit = async () => {
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    const result = await skip({ id: props.letter.id, reason: reason.trim() });
    if (!('error' in result)) props.onClose();
  };
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth maxWidth="xs">
      <DialogTitle id={titleId}>Skip the event at {props.letter.position}?</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {props.letter.reader} will never apply it. Your name and reason stay recorded.
        </Typography>
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          label="Why skip it"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={missing}
          helperText={missing ? 'Say why it is skipped: the reason is kept for auditors.' : undefined}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {sentenceFor(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Keep it open</Button>
        <Button variant="contained" color="warning" disabled={isLoading} onClick={() => void submit()}>
          Skip it
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function LetterCard(props: { letter: DeadLetter }) {
  const { letter } = props;
  const [skipping, setSkipping] = useState(false);
  const [retry, retryState] = useRetryDeadLetterMutation();
  return (
    <Paper
      component="article"
      variant="outlined"
      aria-label={`Dead letter of ${letter.reader} at ${letter.position}`}
      sx={{ p: 1.5, overflowWrap: 'anywhere' }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Typography variant="subtitle2" component="h3">
          {letter.reader}
        </Typography>
        <Chip
          size="small"
          label={stateLabels[letter.state]}
          color={letter.state === 'open' ? 'warning' : 'default'}
        />
        <Typography variant="body2" color="text.secondary">
          <time dateTime={letter.at}>{dayjs(letter.at).format('D MMM YYYY, HH:mm:ss')}</time>
        </Typography>
      </Stack>
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        Event at <strong>{letter.position}</strong>
        {letter.key && <> (aggregate {letter.key})</>}: {letter.reason}
      </Typography>
      {letter.skipped && (
        <Typography variant="body2" color="text.secondary">
          Skipped by {letter.skipped.by ?? 'a service'} on{' '}
          {dayjs(letter.skipped.at).format('D MMM YYYY, HH:mm')}: {letter.skipped.reason}
        </Typography>
      )}
      {letter.retried && (
        <Typography variant="body2" color="text.secondary">
          Applied again by {letter.retried.by ?? 'a service'} on{' '}
          {dayjs(letter.retried.at).format('D MMM YYYY, HH:mm')}.
        </Typography>
      )}
      {letter.state === 'open' && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button
            size="small"
            variant="outlined"
            disabled={retryState.isLoading}
            onClick={() => void retry(letter.id)}
          >
            Retry
          </Button>
          <Button size="small" color="warning" onClick={() => setSkipping(true)}>
            Skip
          </Button>
        </Stack>
      )}
      {retryState.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {sentenceFor(retryState.error)}
        </Alert>
      )}
      {skipping && <SkipDialog letter={letter} onClose={() => setSkipping(false)} />}
    </Paper>
  );
}

/** The events projections could not apply: retry them once the cause is fixed, or skip them with a reason. */
export function DeadLettersPanel() {
  const [projection, setProjection] = useState('');
  const [state, setState] = useState<LetterState | ''>('open');
  const [cursors, setCursors] = useState<string[]>([]);
  const { data: projections } = useProjectionsQuery();
  const { data, error, isFetching, refetch } = useDeadLettersQuery({
    projection: projection || undefined,
    state: state || undefined,
    cursor: cursors.at(-1),
  });
  return (
    <Stack spacing={2} component="section" aria-label="Dead letters">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5}>
        <TextField
          select
          size="small"
          label="Projection"
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          value={projection}
          onChange={(event) => {
            setCursors([]);
            setProjection(event.target.value);
          }}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">All projections</MenuItem>
          {(projections ?? []).map((candidate) => (
            <MenuItem key={candidate.name} value={candidate.name}>
              {candidate.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="State"
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          value={state}
          onChange={(event) => {
            setCursors([]);
            setState(event.target.value as LetterState | '');
          }}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="">Any state</MenuItem>
          {(Object.keys(stateLabels) as LetterState[]).map((name) => (
            <MenuItem key={name} value={name}>
              {stateLabels[name]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data === undefined && isFetching && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
          <CircularProgress aria-label="Loading the dead letters" />
        </Box>
      )}
      {data && data.items.length === 0 && (
        <Typography color="text.secondary">
          No dead letters{state ? ` ${stateLabels[state].toLowerCase()}` : ''}.
        </Typography>
      )}
      {data?.items.map((letter) => (
        <LetterCard key={letter.id} letter={letter} />
      ))}
      {data && (cursors.length > 0 || data.next) && (
        <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
          <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous page
          </Button>
          <Button disabled={!data.next} onClick={() => data.next && setCursors([...cursors, data.next])}>
            Next page
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
