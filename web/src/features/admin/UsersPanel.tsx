import { zodResolver } from '@hookform/resolvers/zod';
import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import type { Profile } from '../../api/types';
import { useAppSelector } from '../../app/store';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  useAccountsQuery,
  useAssignRoleMutation,
  useCatalogQuery,
  useDeactivateUserMutation,
  useRevokeRoleMutation,
} from './api';

export const deactivateSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Say why: the reason is kept in the history.')
    .max(500, 'Keep the reason under 500 characters.'),
});
type DeactivateForm = z.infer<typeof deactivateSchema>;

const nameOf = (person: Profile) => `${person.firstName} ${person.lastName}`;

function DeactivateDialog(props: { person: Profile; onClose: () => void }) {
  const [deactivate, { error, isLoading }] = useDeactivateUserMutation();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<DeactivateForm>({
    resolver: zodResolver(deactivateSchema),
    defaultValues: { reason: '' },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async ({ reason }) => {
    const result = await deactivate({ userId: props.person.id, reason, idempotencyKey });
    if (!('error' in result)) props.onClose();
  });
  const titleId = `deactivate-${props.person.id}`;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth maxWidth="xs">
      <Box component="form" noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id={titleId}>Deactivate {nameOf(props.person)}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            They can no longer sign in or receive kudos. Their kudos, posts and history stay.
          </DialogContentText>
          {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
          <TextField
            {...form.register('reason')}
            label="Reason"
            fullWidth
            sx={{ mt: 2 }}
            error={errors.reason !== undefined}
            helperText={errors.reason?.message}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Keep active</Button>
          <Button type="submit" color="error" variant="contained" disabled={isLoading}>
            {isLoading ? 'Deactivating…' : 'Deactivate'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

function PersonRow(props: { person: Profile; roles: readonly string[]; listedAt: number }) {
  const { person } = props;
  const [assign, assigning] = useAssignRoleMutation();
  const [revoke, revoking] = useRevokeRoleMutation();
  const [role, setRole] = useState('');
  const [deactivating, setDeactivating] = useState(false);
  // A change shows as pending until the list has been read again (consistentWith it) after it.
  const changedAt = Math.max(assigning.fulfilledTimeStamp ?? 0, revoking.fulfilledTimeStamp ?? 0);
  const saving = assigning.isLoading || revoking.isLoading || changedAt > props.listedAt;
  const error = assigning.error ?? revoking.error;
  const name = nameOf(person);
  // An admin does not lock themselves out from here: their own roles and account stay as they are.
  const me = useAppSelector((state) => state.session.userId) === person.id;
  const offered = props.roles.filter((one) => !person.roles.includes(one));
  return (
    <Paper component="article" variant="outlined" aria-label={name} sx={{ p: 1.5 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {name}
        </Typography>
        {!person.active && <Chip size="small" color="warning" label="Deactivated" />}
        {saving && <Chip size="small" label="Saving…" />}
        <Box sx={{ flexGrow: 1 }} />
        {me && <Chip size="small" variant="outlined" label="You" />}
        {person.active && !me && (
          <Button size="small" color="error" onClick={() => setDeactivating(true)}>
            Deactivate
          </Button>
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        {person.email}
      </Typography>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {sentenceFor(error)}
        </Alert>
      )}
      <Box
        component="ul"
        aria-label={`Roles of ${name}`}
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, p: 0, my: 1 }}
      >
        {person.roles.length === 0 && (
          <Typography component="li" variant="body2" sx={{ listStyle: 'none' }}>
            No roles
          </Typography>
        )}
        {person.roles.map((held) => (
          <Box component="li" key={held} sx={{ display: 'flex', alignItems: 'center', listStyle: 'none' }}>
            <Chip size="small" label={held} />
            <IconButton
              size="small"
              disabled={saving || me}
              aria-label={`Take the role ${held} from ${name}`}
              onClick={() => void revoke({ userId: person.id, role: held })}
            >
              <CloseIcon fontSize="small" />
            </IconButton>
          </Box>
        ))}
      </Box>
      {offered.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            select
            size="small"
            label="Role to give"
            value={role}
            onChange={(event) => setRole(event.target.value)}
            sx={{ minWidth: 160 }}
          >
            {offered.map((one) => (
              <MenuItem key={one} value={one}>
                {one}
              </MenuItem>
            ))}
          </TextField>
          <Button
            size="small"
            variant="outlined"
            disabled={role === '' || saving}
            onClick={() => void assign({ userId: person.id, role }).then(() => setRole(''))}
          >
            Give role
          </Button>
        </Stack>
      )}
      {deactivating && <DeactivateDialog person={person} onClose={() => setDeactivating(false)} />}
    </Paper>
  );
}

/** People with their roles: give and take roles, deactivate an account. */
export function UsersPanel() {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const { data, error, refetch, fulfilledTimeStamp = 0 } = useAccountsQuery(q);
  const roles = useCatalogQuery('roles').data?.items.map((role) => role.id) ?? [];
  return (
    <Stack spacing={1} component="section" aria-label="Users">
      <TextField
        label="Find people"
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        helperText="By name or email"
        sx={{ maxWidth: 420 }}
      />
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data === undefined && !error && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
          <CircularProgress aria-label="Loading the people" />
        </Box>
      )}
      {data?.items.length === 0 && <Typography>No one matches “{q}”.</Typography>}
      {data?.items.map((person) => (
        <PersonRow key={person.id} person={person} roles={roles} listedAt={fulfilledTimeStamp} />
      ))}
    </Stack>
  );
}
