import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useBudgetQuery, useChangeBudgetMutation, type KudosBudget } from './api';

export const budgetSchema = z.object({
  perPeriod: z.coerce
    .number({ message: 'Enter a whole number of kudos.' })
    .int('Enter a whole number of kudos.')
    .min(0, 'Enter 0 or more kudos.')
    .max(1000, 'At most 1000 kudos per period.'),
  period: z.enum(['WEEK', 'MONTH'], { message: 'Pick a period.' }),
});
type BudgetInput = z.input<typeof budgetSchema>;
type BudgetForm = z.output<typeof budgetSchema>;

const periodWord = { WEEK: 'week', MONTH: 'month' } as const;

function BudgetForm(props: { current: KudosBudget; confirming: boolean }) {
  const [change, { error, isLoading, isSuccess }] = useChangeBudgetMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<BudgetInput, unknown, BudgetForm>({
    resolver: zodResolver(budgetSchema),
    defaultValues: { perPeriod: props.current.perPeriod, period: props.current.period },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (rule) => {
    const result = await change({ ...rule, idempotencyKey });
    if (!('error' in result)) setIdempotencyKey(newIdempotencyKey());
  });
  return (
    <Box
      component="form"
      noValidate
      aria-label="Change the kudos budget"
      onSubmit={(event) => void submit(event)}
    >
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {sentenceFor(error)}
        </Alert>
      )}
      {isSuccess && (
        <Alert severity={props.confirming ? 'info' : 'success'} sx={{ mb: 1 }}>
          {props.confirming ? 'Saving the new budget…' : 'Budget changed: it applies from now on.'}
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          {...form.register('perPeriod')}
          label="Kudos each person may give"
          type="number"
          slotProps={{ htmlInput: { min: 0, max: 1000, step: 1 } }}
          error={errors.perPeriod !== undefined}
          helperText={errors.perPeriod?.message}
        />
        <Controller
          control={form.control}
          name="period"
          render={({ field }) => (
            <TextField
              select
              label="Per"
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              error={errors.period !== undefined}
              helperText={errors.period?.message}
            >
              <MenuItem value="WEEK">week</MenuItem>
              <MenuItem value="MONTH">month</MenuItem>
            </TextField>
          )}
        />
      </Box>
      <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={isLoading}>
        {isLoading ? 'Saving…' : 'Change budget'}
      </Button>
    </Box>
  );
}

/** The kudos budget rule: how many kudos one person may give per week or per month. */
export function BudgetPanel() {
  const { data, error, refetch, isFetching } = useBudgetQuery();
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby="budget-heading"
      sx={{ p: 1.5, maxWidth: 640 }}
    >
      <Typography id="budget-heading" variant="h6" component="h2">
        Kudos budget
      </Typography>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data === undefined ? (
        !error && <CircularProgress size={24} aria-label="Loading the kudos budget" />
      ) : (
        <>
          <Typography sx={{ mb: 1.5 }}>
            Now: each person may give {data.perPeriod} kudos per {periodWord[data.period]}; revoked kudos are
            given back.
          </Typography>
          {/* The rule is read again after a change (consistentWith it): until then the change is pending. */}
          <BudgetForm current={data} confirming={isFetching} />
        </>
      )}
    </Paper>
  );
}
