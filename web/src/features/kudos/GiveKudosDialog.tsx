import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { useKudosKindsQuery, useMeQuery, usePeopleQuery, useUserQuery } from '../../api/shared';
import type { Profile } from '../../api/types';
import { nameOf } from '../../components/people';
import { giveKudosSchema, useGiveKudosMutation, useKudosBudgetQuery, type GiveKudosForm } from './api';
import { FormTextField } from '../../components/FormTextField';

const periodWord = (period: 'WEEK' | 'MONTH' | undefined) => (period === 'MONTH' ? 'month' : 'week');

/** Give kudos: receiver, kind and reason; the budget left before and after; refusals in words. */
export function GiveKudosDialog(props: { receiver: string | null; onClose: () => void }) {
  const fullScreen = useMediaQuery('(max-width:600px)');
  const [search, setSearch] = useState('');
  const { data: me } = useMeQuery();
  const { data: kinds } = useKudosKindsQuery();
  const { data: budget, isFetching: budgetFetching } = useKudosBudgetQuery();
  const { data: people } = usePeopleQuery({ q: search.trim() || undefined, limit: 20 });
  const { data: prefilled } = useUserQuery(props.receiver ?? '', { skip: props.receiver === null });
  const [give, { error, isLoading, isSuccess, reset }] = useGiveKudosMutation();
  // One key per intended kudos: a retry of the same send cannot give twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [picked, setPicked] = useState<Profile | null>(null);
  const form = useForm<GiveKudosForm>({
    resolver: zodResolver(giveKudosSchema),
    defaultValues: { to: props.receiver ?? '', kind: '', reason: '' },
  });
  const { errors } = form.formState;
  const activeKinds = (kinds?.items ?? []).filter((kind) => kind.active);
  const options = (people?.items ?? []).filter((person) => person.id !== me?.id && person.active);
  const receiver = picked ?? (prefilled && prefilled.id === form.watch('to') ? prefilled : null);

  const submit = form.handleSubmit(async (values) => {
    const result = await give({ ...values, idempotencyKey });
    if (!('error' in result)) {
      setIdempotencyKey(newIdempotencyKey());
      form.reset({ to: '', kind: values.kind, reason: '' });
      setPicked(null);
    }
  });

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
      aria-labelledby="give-kudos-title"
    >
      <form noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id="give-kudos-title">Give kudos</DialogTitle>
        <DialogContent>
          <Typography role="status" sx={{ mb: 2 }} color="text.secondary">
            {budget === undefined
              ? 'Checking your kudos budget…'
              : isSuccess && !budgetFetching
                ? `Kudos sent. You have ${budget.left} of ${budget.perPeriod} kudos left this ${periodWord(budget.period)}.`
                : `You have ${budget.left} of ${budget.perPeriod} kudos left this ${periodWord(budget.period)}.`}
          </Typography>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {sentenceFor(error)}
            </Alert>
          )}
          <Controller
            control={form.control}
            name="to"
            render={({ field }) => (
              <Autocomplete
                options={options}
                value={receiver}
                getOptionLabel={(person) => `${nameOf(person)}${person.email ? ` (${person.email})` : ''}`}
                isOptionEqualToValue={(option, value) => option.id === value.id}
                filterOptions={(all) => all}
                onInputChange={(_event, value, reason) => {
                  if (reason === 'input') setSearch(value);
                }}
                onChange={(_event, person) => {
                  setPicked(person);
                  field.onChange(person?.id ?? '');
                  reset();
                }}
                renderInput={(params) => (
                  <TextField
                    {...params}
                    label="Who receives the kudos"
                    margin="normal"
                    inputRef={field.ref}
                    error={errors.to !== undefined}
                    helperText={errors.to?.message ?? 'Type a name to search'}
                  />
                )}
              />
            )}
          />
          <Controller
            control={form.control}
            name="kind"
            render={({ field }) => (
              <TextField
                select
                label="Kind of kudos"
                fullWidth
                margin="normal"
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                inputRef={field.ref}
                error={errors.kind !== undefined}
                helperText={errors.kind?.message}
              >
                {activeKinds.map((kind) => (
                  <MenuItem key={kind.id} value={kind.id}>
                    {kind.name}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
          <FormTextField
            control={form.control}
            name="reason"
            label="Reason"
            placeholder="What did they do that you want to recognise?"
            fullWidth
            multiline
            minRows={3}
            margin="normal"
            error={errors.reason !== undefined}
            helperText={errors.reason?.message}
          />
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={props.onClose}>Close</Button>
          <Button type="submit" variant="contained" disabled={isLoading || budget?.left === 0}>
            {isLoading ? 'Sending…' : 'Send kudos'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
