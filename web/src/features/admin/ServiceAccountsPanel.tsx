import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  useCatalogQuery,
  useCreateServiceAccountMutation,
  useDeleteServiceAccountMutation,
  useServiceAccountsQuery,
  type CreatedServiceAccount,
  type ServiceAccount,
} from './api';
import { FormTextField } from '../../components/FormTextField';

export const serviceAccountSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name what the account is for.')
    .max(100, 'Keep the name under 100 characters.'),
  roles: z.array(z.string()).min(1, 'Give it at least one role.').max(20, 'At most 20 roles.'),
});
type ServiceAccountForm = z.infer<typeof serviceAccountSchema>;

const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** The one time the secret is shown: the admin copies it now or makes a new account later. */
function SecretDialog(props: { account: CreatedServiceAccount; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open aria-labelledby="secret-title" fullWidth maxWidth="sm">
      <DialogTitle id="secret-title">Copy the secret of {props.account.name} now</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This is the only time the secret is shown. Store it where the program that uses it can read it; if
          it is lost, delete the account and make a new one.
        </DialogContentText>
        {/* Multi-line so the whole value shows on a phone too: it is copied by hand there. */}
        <Stack spacing={1.5} sx={{ mt: 2, '& textarea': { wordBreak: 'break-all' } }}>
          <TextField
            multiline
            label="Client id"
            value={props.account.clientId}
            slotProps={{ htmlInput: { readOnly: true } }}
          />
          <TextField
            multiline
            label="Client secret"
            value={props.account.clientSecret}
            slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } } }}
          />
        </Stack>
        {copied && (
          <Alert severity="success" sx={{ mt: 1 }}>
            Copied.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button
          onClick={() =>
            void navigator.clipboard.writeText(props.account.clientSecret).then(() => setCopied(true))
          }
        >
          Copy the secret
        </Button>
        <Button variant="contained" onClick={props.onClose}>
          I have stored it
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function DeleteDialog(props: { account: ServiceAccount; onClose: () => void }) {
  const [remove, { error, isLoading }] = useDeleteServiceAccountMutation();
  return (
    <Dialog open onClose={props.onClose} aria-labelledby="delete-account-title" fullWidth maxWidth="xs">
      <DialogTitle id="delete-account-title">Delete {props.account.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Its secret stops working at once; programs using it are refused.
        </DialogContentText>
        {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Keep it</Button>
        <Button
          color="error"
          variant="contained"
          disabled={isLoading}
          onClick={() =>
            void remove(props.account.clientId).then((result) => {
              if (!('error' in result)) props.onClose();
            })
          }
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function NewAccountForm(props: { onCreated: (account: CreatedServiceAccount) => void }) {
  const roles = useCatalogQuery('roles').data?.items.map((role) => role.id) ?? [];
  const [create, { error }] = useCreateServiceAccountMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<ServiceAccountForm>({
    resolver: zodResolver(serviceAccountSchema),
    defaultValues: { name: '', roles: [] },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await create({ ...values, idempotencyKey });
    if (!('error' in result)) {
      setIdempotencyKey(newIdempotencyKey());
      form.reset();
      props.onCreated(result.data);
    }
  });
  return (
    <Box
      component="form"
      noValidate
      aria-label="New service account"
      onSubmit={(event) => void submit(event)}
    >
      <Typography variant="h6" component="h2">
        New service account
      </Typography>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {sentenceFor(error)}
        </Alert>
      )}
      <Stack spacing={1.5} sx={{ pt: 1 }}>
        <FormTextField
          control={form.control}
          name="name"
          label="What it is for"
          error={errors.name !== undefined}
          helperText={errors.name?.message ?? 'For example: HR export'}
        />
        <Controller
          control={form.control}
          name="roles"
          render={({ field }) => (
            <Autocomplete
              multiple
              options={roles}
              value={field.value}
              onChange={(_event, value) => field.onChange(value)}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label="Roles"
                  error={errors.roles !== undefined}
                  helperText={errors.roles?.message ?? 'Its tokens carry these roles’ permissions'}
                />
              )}
            />
          )}
        />
      </Stack>
      <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Creating…' : 'Create account'}
      </Button>
    </Box>
  );
}

/** Accounts programs sign in with (client credentials); the secret is shown once, at creation. */
export function ServiceAccountsPanel() {
  const { data, error, refetch } = useServiceAccountsQuery();
  const [created, setCreated] = useState<CreatedServiceAccount | null>(null);
  const [deleting, setDeleting] = useState<ServiceAccount | null>(null);
  return (
    <Stack spacing={2}>
      <Paper component="section" variant="outlined" aria-label="Service accounts" sx={{ p: 1.5 }}>
        <Typography variant="h6" component="h2">
          Service accounts
        </Typography>
        <ErrorAlert error={error} onRetry={() => void refetch()} />
        {data === undefined && !error && (
          <CircularProgress size={24} aria-label="Loading the service accounts" />
        )}
        {data?.length === 0 && <Typography color="text.secondary">None yet.</Typography>}
        <Stack spacing={1} sx={{ mt: 1 }}>
          {data?.map((account) => (
            <Box
              key={account.clientId}
              component="article"
              aria-label={`Service account ${account.name}`}
              sx={{ borderTop: 1, borderColor: 'divider', pt: 1 }}
            >
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                  {account.name}
                </Typography>
                <Box sx={{ flexGrow: 1 }} />
                <Button size="small" color="error" onClick={() => setDeleting(account)}>
                  Delete
                </Button>
              </Stack>
              <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
                Client id {account.clientId} · created {when.format(new Date(account.createdAt))}
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}>
                {account.roles.map((role) => (
                  <Chip key={role} size="small" variant="outlined" label={role} />
                ))}
              </Box>
            </Box>
          ))}
        </Stack>
      </Paper>
      <Paper variant="outlined" sx={{ p: 1.5 }}>
        <NewAccountForm onCreated={setCreated} />
      </Paper>
      {created && <SecretDialog account={created} onClose={() => setCreated(null)} />}
      {deleting && <DeleteDialog account={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}
