import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { useBroadcastMutation } from './api';
import { FormTextField } from '../../components/FormTextField';

export const broadcastSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Give the message a title.')
    .max(100, 'Keep the title under 100 characters.'),
  message: z
    .string()
    .trim()
    .min(1, 'Write the message.')
    .max(2000, 'Keep the message under 2000 characters.'),
});
type BroadcastForm = z.infer<typeof broadcastSchema>;

/** A notification to everyone at once, live to those online and in everyone's inbox. */
export function BroadcastPanel() {
  const [send, { error, isLoading, isSuccess, reset }] = useBroadcastMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm<BroadcastForm>({
    resolver: zodResolver(broadcastSchema),
    defaultValues: { title: '', message: '' },
  });
  const { errors } = form.formState;
  const message = form.watch('message');
  const submit = form.handleSubmit(async (values) => {
    const result = await send({ ...values, idempotencyKey });
    if (!('error' in result)) {
      setSent(values.title);
      setIdempotencyKey(newIdempotencyKey());
      form.reset();
    }
  });
  return (
    <Paper variant="outlined" sx={{ p: 1.5, maxWidth: 720 }}>
      <Box
        component="form"
        noValidate
        aria-labelledby="broadcast-heading"
        onSubmit={(event) => void submit(event)}
        onChange={() => isSuccess && reset()}
      >
        <Typography id="broadcast-heading" variant="h6" component="h2">
          Message to everyone
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Every person gets it as a notification: at once if they are online, in their inbox otherwise.
        </Typography>
        {error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {sentenceFor(error)}
          </Alert>
        )}
        {isSuccess && sent !== null && (
          <Alert severity="success" sx={{ mb: 1 }}>
            “{sent}” was sent to everyone.
          </Alert>
        )}
        <Stack spacing={1.5}>
          <FormTextField
            control={form.control}
            name="title"
            label="Title"
            error={errors.title !== undefined}
            helperText={errors.title?.message}
          />
          <FormTextField
            control={form.control}
            name="message"
            label="Message"
            multiline
            minRows={4}
            error={errors.message !== undefined}
            helperText={errors.message?.message ?? `${message.length} / 2000 characters`}
          />
        </Stack>
        <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={isLoading}>
          {isLoading ? 'Sending…' : 'Send to everyone'}
        </Button>
      </Box>
    </Paper>
  );
}
