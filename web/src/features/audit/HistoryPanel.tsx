import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { useAppSelector } from '../../app/store';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAuditEventsQuery, type AuditEvent, type HistoryFilter } from './api';
import { downloadExport, type DownloadedExport, type ExportFormat } from './export';
import { instantOf, isLocalInstant, localOf, shownAt } from './instants';

/** The event types the audit log keeps (the history's type filter offers these). */
export const auditedTypes = ['KudosGiven', 'KudosRevoked', 'StatusSet'] as const;

const filterSchema = z
  .object({
    aggregate: z.string().trim().max(100, 'An aggregate id has at most 100 characters.'),
    type: z.string(),
    actor: z.string().trim().max(100, 'A user id has at most 100 characters.'),
    from: z.string().refine(isLocalInstant, 'Enter a valid date and time.'),
    to: z.string().refine(isLocalInstant, 'Enter a valid date and time.'),
  })
  .refine((form) => form.from === '' || form.to === '' || form.from < form.to, {
    message: 'The end of the range must come after its start.',
    path: ['to'],
  });
type FilterForm = z.infer<typeof filterSchema>;

const filterKeys = ['aggregate', 'type', 'actor', 'from', 'to'] as const;

/** The history's filters as the URL holds them (so a link can show one aggregate's events). */
export function filterOf(params: URLSearchParams): HistoryFilter {
  return Object.fromEntries(
    filterKeys.flatMap((key) => {
      const value = params.get(key);
      return value ? [[key, value]] : [];
    }),
  );
}

function EventCard(props: { event: AuditEvent }) {
  const { event } = props;
  return (
    <Paper
      component="article"
      variant="outlined"
      aria-label={`${event.type} at ${event.position}`}
      sx={{ p: 1.5, overflowWrap: 'anywhere' }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Chip size="small" label={event.type} color="primary" variant="outlined" />
        <Typography variant="body2">
          <time dateTime={event.occurredAt}>{shownAt(event.occurredAt)}</time>
        </Typography>
        <Typography variant="body2" color="text.secondary">
          version {event.version}
        </Typography>
      </Stack>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' },
          columnGap: 2,
          m: 0,
          mt: 1,
          '& dt': { color: 'text.secondary', fontSize: 13 },
          '& dd': { m: 0, mb: { xs: 0.5, sm: 0 }, fontFamily: 'monospace', fontSize: 13 },
        }}
      >
        <dt>Aggregate</dt>
        <dd>{event.aggregateId}</dd>
        <dt>Actor</dt>
        <dd>{event.actor ?? 'none recorded'}</dd>
        <dt>Position</dt>
        <dd>{event.position}</dd>
        <dt>Schema</dt>
        <dd>{event.schema ? `${event.schema.subject} v${event.schema.version}` : 'unknown'}</dd>
        <dt>Event id</dt>
        <dd>{event.eventId}</dd>
        <dt>Correlation</dt>
        <dd>{event.correlationId}</dd>
        <dt>Causation</dt>
        <dd>{event.causationId ?? 'none'}</dd>
      </Box>
      <Box component="details" sx={{ mt: 1 }}>
        <summary>Event data</summary>
        <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
          {JSON.stringify(event.data, null, 2)}
        </Box>
      </Box>
    </Paper>
  );
}

function ExportControls(props: { filter: HistoryFilter }) {
  const accessToken = useAppSelector((state) => state.session.accessToken);
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DownloadedExport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const download = async () => {
    if (accessToken === null) return;
    setBusy(true);
    setOutcome(null);
    setFailure(null);
    try {
      setOutcome(await downloadExport(accessToken, format, props.filter));
    } catch (error) {
      setFailure(
        sentenceFor(
          'status' in (error as object)
            ? (error as { status: number; data: unknown })
            : { status: 'FETCH_ERROR', error: String(error) },
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="section" aria-label="Export">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <TextField
          select
          size="small"
          label="Export format"
          value={format}
          onChange={(event) => setFormat(event.target.value as ExportFormat)}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="ndjson">NDJSON</MenuItem>
          <MenuItem value="csv">CSV</MenuItem>
        </TextField>
        <Button variant="outlined" onClick={() => void download()} disabled={busy}>
          {busy ? 'Exporting…' : 'Download export'}
        </Button>
      </Stack>
      <Box role="status" sx={{ mt: 1 }}>
        {outcome &&
          (outcome.trailer === null ? (
            <Alert severity="warning">
              {outcome.fileName} downloaded, but it ends without a trailer: it may have been cut off. Export
              again.
            </Alert>
          ) : outcome.hashMatches ? (
            <Alert severity="success">
              {outcome.fileName} downloaded: {outcome.trailer.count} events; its SHA-256 matches its signed
              trailer.
            </Alert>
          ) : (
            <Alert severity="error">
              {outcome.fileName} downloaded, but its SHA-256 does not match its trailer: the file was damaged
              on the way. Export again.
            </Alert>
          ))}
      </Box>
      {failure && <Alert severity="error">{failure}</Alert>}
    </Box>
  );
}

/** The audited history, oldest first: filters, cursor paging, and an export of what is filtered. */
export function HistoryPanel() {
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  // The cursors of the pages before this one, so "Previous page" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const { data, error, isFetching, refetch } = useAuditEventsQuery({ ...filter, cursor });
  const form = useForm<FilterForm>({
    resolver: zodResolver(filterSchema),
    values: {
      aggregate: filter.aggregate ?? '',
      type: filter.type ?? '',
      actor: filter.actor ?? '',
      from: localOf(filter.from),
      to: localOf(filter.to),
    },
  });
  const { errors } = form.formState;

  const apply = form.handleSubmit((values) => {
    const next = new URLSearchParams(params);
    for (const key of filterKeys) {
      const value = key === 'from' || key === 'to' ? instantOf(values[key]) : values[key].trim();
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setCursors([]);
    setParams(next);
  });

  return (
    <Stack spacing={2}>
      <Box
        component="form"
        noValidate
        aria-label="Filter the history"
        onSubmit={(event) => void apply(event)}
        sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}
      >
        <TextField
          size="small"
          label="Aggregate id"
          {...form.register('aggregate')}
          error={errors.aggregate !== undefined}
          helperText={errors.aggregate?.message}
        />
        <TextField
          select
          size="small"
          label="Event type"
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          value={form.watch('type')}
          onChange={(event) => form.setValue('type', event.target.value)}
        >
          <MenuItem value="">Any type</MenuItem>
          {auditedTypes.map((type) => (
            <MenuItem key={type} value={type}>
              {type}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label="Actor (user id)"
          {...form.register('actor')}
          error={errors.actor !== undefined}
          helperText={errors.actor?.message}
        />
        <Box />
        <TextField
          size="small"
          type="datetime-local"
          label="From"
          slotProps={{ inputLabel: { shrink: true } }}
          {...form.register('from')}
          error={errors.from !== undefined}
          helperText={errors.from?.message}
        />
        <TextField
          size="small"
          type="datetime-local"
          label="To"
          slotProps={{ inputLabel: { shrink: true } }}
          {...form.register('to')}
          error={errors.to !== undefined}
          helperText={errors.to?.message}
        />
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained">
            Apply filters
          </Button>
          <Button
            onClick={() => {
              setCursors([]);
              setParams(new URLSearchParams(params.get('tab') ? { tab: params.get('tab') ?? '' } : {}));
            }}
          >
            Clear
          </Button>
        </Stack>
      </Box>
      <ExportControls filter={filter} />
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data === undefined && isFetching && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
          <CircularProgress aria-label="Loading the history" />
        </Box>
      )}
      {data && (
        <Box component="section" aria-label="Events" aria-busy={isFetching}>
          {data.items.length === 0 ? (
            <Typography color="text.secondary">No events match these filters.</Typography>
          ) : (
            <Stack spacing={1}>
              {data.items.map((event) => (
                <EventCard key={event.position} event={event} />
              ))}
            </Stack>
          )}
          <Stack direction="row" spacing={1} sx={{ mt: 2, justifyContent: 'space-between' }}>
            <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </Button>
            <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
              Page {cursors.length + 1}
            </Typography>
            <Button disabled={!data.next} onClick={() => data.next && setCursors([...cursors, data.next])}>
              Next page
            </Button>
          </Stack>
        </Box>
      )}
    </Stack>
  );
}
