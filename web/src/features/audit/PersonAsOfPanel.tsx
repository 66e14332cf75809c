import { zodResolver } from '@hookform/resolvers/zod';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { usePeopleQuery } from '../../api/shared';
import type { Profile } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { nameOf } from '../../components/people';
import { useLazyUserAsOfQuery, type UserAsOf } from './api';
import { instantOf, isLocalInstant, shownAt } from './instants';

const asOfSchema = z.object({
  userId: z.string().trim().min(1, 'Pick the person, or paste their user id.'),
  asOf: z
    .string()
    .min(1, 'Pick the date and time the answer is about.')
    .refine(isLocalInstant, 'Enter a valid date and time.'),
  knownAt: z.string().refine(isLocalInstant, 'Enter a valid date and time.'),
});
type AsOfForm = z.infer<typeof asOfSchema>;

type KudosSide = UserAsOf['kudos']['received'];

function KudosSideView(props: { title: string; side: KudosSide; counterpart: 'from' | 'to' }) {
  const { side } = props;
  return (
    <Paper variant="outlined" component="section" aria-label={props.title} sx={{ p: 1.5 }}>
      <Typography variant="subtitle1" component="h3">
        {props.title}: {side.total}
      </Typography>
      {side.items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None by then.
        </Typography>
      ) : (
        <List dense disablePadding>
          {side.items.map((kudos) => (
            <ListItem key={kudos.id} disableGutters divider>
              <ListItemText
                sx={{ overflowWrap: 'anywhere' }}
                primary={
                  <>
                    {kudos.kind} {props.counterpart} {kudos[props.counterpart]}: {kudos.reason}
                    {kudos.revoked && ' (revoked)'}
                  </>
                }
                secondary={
                  <>
                    Given <time dateTime={kudos.givenAt}>{shownAt(kudos.givenAt)}</time>
                    {kudos.revokedAt && (
                      <>
                        {' '}
                        · revoked <time dateTime={kudos.revokedAt}>{shownAt(kudos.revokedAt)}</time>
                      </>
                    )}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </Paper>
  );
}

function AsOfAnswer(props: { answer: UserAsOf }) {
  const { answer } = props;
  return (
    <Stack spacing={1.5} component="section" aria-label="As it stood">
      <Typography variant="body2" color="text.secondary">
        As of <time dateTime={answer.asOf}>{shownAt(answer.asOf)}</time>
        {answer.knownAt ? (
          <>
            , as recorded by <time dateTime={answer.knownAt}>{shownAt(answer.knownAt)}</time>
          </>
        ) : (
          ', with everything recorded since'
        )}
        ; folded from {answer.eventsRead} events of the log.
      </Typography>
      <Paper variant="outlined" component="section" aria-label="Status" sx={{ p: 1.5 }}>
        <Typography variant="subtitle1" component="h3">
          Status
        </Typography>
        {answer.status === null ? (
          <Typography variant="body2">No status was set by then.</Typography>
        ) : (
          <>
            <Typography>
              <strong>{answer.status.status}</strong>: {answer.status.reason}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Effective <time dateTime={answer.status.effectiveAt}>{shownAt(answer.status.effectiveAt)}</time>{' '}
              · recorded <time dateTime={answer.status.recordedAt}>{shownAt(answer.status.recordedAt)}</time>{' '}
              · set by {answer.status.setBy} · at {answer.status.position}
            </Typography>
          </>
        )}
      </Paper>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <KudosSideView title="Kudos received" side={answer.kudos.received} counterpart="from" />
        <KudosSideView title="Kudos given" side={answer.kudos.given} counterpart="to" />
      </Box>
    </Stack>
  );
}

/** A person's kudos and status as they stood at an instant, optionally as the system knew them then. */
export function PersonAsOfPanel() {
  const [search, setSearch] = useState('');
  const { data: people } = usePeopleQuery({ q: search.trim() || undefined, limit: 20 });
  const [picked, setPicked] = useState<Profile | null>(null);
  const [ask, { data, error, isFetching }] = useLazyUserAsOfQuery();
  const form = useForm<AsOfForm>({
    resolver: zodResolver(asOfSchema),
    defaultValues: { userId: '', asOf: dayjs().format('YYYY-MM-DDTHH:mm'), knownAt: '' },
  });
  const { errors } = form.formState;

  const submit = form.handleSubmit((values) => {
    void ask({ id: values.userId.trim(), asOf: instantOf(values.asOf), knownAt: instantOf(values.knownAt) });
  });

  return (
    <Stack spacing={2}>
      <Box
        component="form"
        noValidate
        aria-label="A person as of an instant"
        onSubmit={(event) => void submit(event)}
        sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}
      >
        <Controller
          control={form.control}
          name="userId"
          render={({ field }) => (
            <Autocomplete
              freeSolo
              options={people?.items ?? []}
              value={picked}
              getOptionLabel={(person) =>
                typeof person === 'string' ? person : `${nameOf(person)} (${person.email})`
              }
              isOptionEqualToValue={(option, value) => typeof value !== 'string' && option.id === value.id}
              filterOptions={(all) => all}
              onInputChange={(_event, value, reason) => {
                if (reason === 'input') {
                  setSearch(value);
                  setPicked(null);
                  field.onChange(value);
                }
              }}
              onChange={(_event, person) => {
                const chosen = typeof person === 'string' || person === null ? null : person;
                setPicked(chosen);
                field.onChange(typeof person === 'string' ? person : (person?.id ?? ''));
              }}
              sx={{ gridColumn: { sm: '1 / -1' } }}
              renderInput={(params) => (
                <TextField
                  {...params}
                  size="small"
                  label="Person"
                  inputRef={field.ref}
                  error={errors.userId !== undefined}
                  helperText={errors.userId?.message ?? 'Type a name to search, or paste a user id'}
                />
              )}
            />
          )}
        />
        <TextField
          size="small"
          type="datetime-local"
          label="As of"
          slotProps={{ inputLabel: { shrink: true } }}
          {...form.register('asOf')}
          error={errors.asOf !== undefined}
          helperText={errors.asOf?.message ?? 'The instant the answer is about'}
        />
        <TextField
          size="small"
          type="datetime-local"
          label="Known at (optional)"
          slotProps={{ inputLabel: { shrink: true } }}
          {...form.register('knownAt')}
          error={errors.knownAt !== undefined}
          helperText={errors.knownAt?.message ?? 'Only what was recorded by then; empty for everything'}
        />
        <Box>
          <Button type="submit" variant="contained" disabled={isFetching}>
            Show as of then
          </Button>
        </Box>
      </Box>
      <ErrorAlert error={error} />
      {isFetching && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
          <CircularProgress aria-label="Folding the history" />
        </Box>
      )}
      {data && !isFetching && <AsOfAnswer answer={data} />}
    </Stack>
  );
}
