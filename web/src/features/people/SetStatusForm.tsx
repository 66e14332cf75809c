import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import type { CatalogEntry } from '../../api/types';
import { useSetStatusMutation } from './api';
import { FormTextField } from '../../components/FormTextField';

export const setStatusSchema = z.object({
  status: z.string().min(1, 'Pick a status.'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why: a reason is required.')
    .max(500, 'Keep the reason under 500 characters.'),
  // A datetime-local value (local time), or empty for "now".
  effectiveAt: z.string(),
});
type SetStatusForm = z.infer<typeof setStatusSchema>;

/** Set one's own status with a reason and, optionally, the time it took (or takes) effect. */
export function SetStatusForm(props: { userId: string; statuses: CatalogEntry[] }) {
  const [setStatus, { error, isLoading, isSuccess }] = useSetStatusMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<SetStatusForm>({
    resolver: zodResolver(setStatusSchema),
    defaultValues: { status: '', reason: '', effectiveAt: '' },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async ({ status, reason, effectiveAt }) => {
    const result = await setStatus({
      userId: props.userId,
      status,
      reason,
      ...(effectiveAt ? { effectiveAt: new Date(effectiveAt).toISOString() } : {}),
      idempotencyKey,
    });
    if (!('error' in result)) {
      setIdempotencyKey(newIdempotencyKey());
      form.reset({ status, reason: '', effectiveAt: '' });
    }
  });
  return (
    <Box component="form" noValidate aria-label="Set your status" onSubmit={(event) => void submit(event)}>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {sentenceFor(error)}
        </Alert>
      )}
      {isSuccess && (
        <Alert severity="success" sx={{ mb: 1 }}>
          Status set.
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <Controller
          control={form.control}
          name="status"
          render={({ field }) => (
            <TextField
              select
              label="Status"
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              error={errors.status !== undefined}
              helperText={errors.status?.message}
            >
              {props.statuses
                .filter((status) => status.active)
                .map((status) => (
                  <MenuItem key={status.id} value={status.id}>
                    {status.name}
                  </MenuItem>
                ))}
            </TextField>
          )}
        />
        <TextField
          {...form.register('effectiveAt')}
          label="Effective from (optional)"
          type="datetime-local"
          slotProps={{ inputLabel: { shrink: true } }}
          helperText="Leave empty for now; pick an earlier time to backdate"
        />
        <FormTextField
          control={form.control}
          name="reason"
          label="Reason"
          sx={{ gridColumn: { sm: '1 / span 2' } }}
          error={errors.reason !== undefined}
          helperText={errors.reason?.message}
        />
      </Box>
      <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={isLoading}>
        {isLoading ? 'Saving…' : 'Set status'}
      </Button>
    </Box>
  );
}
