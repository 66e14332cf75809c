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
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCatalogQuery, useChangeRoleMutation, useCreateRoleMutation, type ListedEntry } from './api';
import { FormTextField } from '../../components/FormTextField';

/** As the server checks it: `area:action`, lower-case (for example `kudos:give`). */
const permission = /^[a-z]+(:[a-z-]+)+$/;
const roleFields = {
  description: z.string().trim().max(500, 'Keep the description under 500 characters.'),
  permissions: z
    .array(z.string())
    .max(100, 'A role grants at most 100 permissions.')
    .refine((all) => all.every((one) => permission.test(one)), {
      message: 'A permission reads like area:action, for example kudos:give.',
    }),
};
export const newRoleSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      /^[a-z][a-z0-9-]{1,39}$/,
      'Use 2 to 40 lower-case letters, digits or dashes, starting with a letter.',
    ),
  ...roleFields,
});
export const roleChangeSchema = z.object(roleFields);
type NewRoleForm = z.infer<typeof newRoleSchema>;
type RoleChangeForm = z.infer<typeof roleChangeSchema>;

/** A permission picker: the ones roles grant already, or a new one typed in. */
function PermissionsField(props: {
  control: Control<RoleChangeForm> | Control<NewRoleForm>;
  known: readonly string[];
  error: string | undefined;
}) {
  return (
    <Controller
      control={props.control as Control<RoleChangeForm>}
      name="permissions"
      render={({ field }) => (
        <Autocomplete
          multiple
          freeSolo
          autoSelect
          options={props.known}
          value={field.value}
          onChange={(_event, value) => field.onChange(value)}
          renderInput={(params) => (
            <TextField
              {...params}
              label="Permissions"
              error={props.error !== undefined}
              helperText={props.error ?? 'Pick from the list, or type one like kudos:give and press Enter'}
            />
          )}
        />
      )}
    />
  );
}

function EditRoleDialog(props: { role: ListedEntry; known: readonly string[]; onClose: () => void }) {
  const { role } = props;
  const [change, { error, isLoading }] = useChangeRoleMutation();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<RoleChangeForm>({
    resolver: zodResolver(roleChangeSchema),
    defaultValues: { description: role.description, permissions: [...(role.permissions ?? [])] },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await change({ id: role.id, idempotencyKey, ...values });
    if (!('error' in result)) props.onClose();
  });
  const titleId = `edit-role-${role.id}`;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <Box component="form" noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id={titleId}>Change the role {role.name}</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
          <Stack spacing={1.5} sx={{ pt: 1 }}>
            <TextField
              {...form.register('description')}
              label="Description (optional)"
              error={errors.description !== undefined}
              helperText={errors.description?.message}
            />
            <PermissionsField
              control={form.control}
              known={props.known}
              error={errors.permissions?.message}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={isLoading}>
            {isLoading ? 'Saving…' : 'Save'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

function AddRoleForm(props: { known: readonly string[] }) {
  const [create, { error }] = useCreateRoleMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<NewRoleForm>({
    resolver: zodResolver(newRoleSchema),
    defaultValues: { name: '', description: '', permissions: [] },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await create({ ...values, idempotencyKey });
    if (!('error' in result)) {
      setIdempotencyKey(newIdempotencyKey());
      form.reset();
    }
  });
  return (
    <Box component="form" noValidate aria-label="Add a role" onSubmit={(event) => void submit(event)}>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {sentenceFor(error)}
        </Alert>
      )}
      <Stack spacing={1.5} sx={{ pt: 1 }}>
        <FormTextField
          control={form.control}
          name="name"
          label="Role name"
          error={errors.name !== undefined}
          helperText={errors.name?.message ?? 'For example moderator; it cannot be changed later'}
        />
        <FormTextField
          control={form.control}
          name="description"
          label="Description (optional)"
          error={errors.description !== undefined}
          helperText={errors.description?.message}
        />
        <PermissionsField control={form.control} known={props.known} error={errors.permissions?.message} />
      </Stack>
      <Button type="submit" variant="outlined" sx={{ mt: 1 }} disabled={form.formState.isSubmitting}>
        Add role
      </Button>
    </Box>
  );
}

/** The roles, each with the permissions it grants; new roles, and changes to what one grants. */
export function RolesSection() {
  const { data, error, refetch } = useCatalogQuery('roles');
  const [editing, setEditing] = useState<ListedEntry | null>(null);
  const known = [...new Set((data?.items ?? []).flatMap((role) => role.permissions ?? []))].sort();
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby="catalog-roles"
      sx={{ p: 1.5, gridColumn: { md: '1 / span 2' } }}
    >
      <Typography id="catalog-roles" variant="h6" component="h2">
        Roles
      </Typography>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data === undefined && !error && <CircularProgress size={24} aria-label="Loading the roles" />}
      <Stack spacing={1} sx={{ my: 1 }}>
        {data?.items.map((role) => (
          <Box
            key={role.id}
            component="article"
            aria-label={`Role ${role.name}`}
            sx={{ borderTop: 1, borderColor: 'divider', pt: 1, opacity: role.pending ? 0.6 : 1 }}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                {role.name}
              </Typography>
              {role.pending && <Chip size="small" label="Saving…" />}
              <Box sx={{ flexGrow: 1 }} />
              <Button
                size="small"
                disabled={role.pending}
                onClick={() => setEditing(role)}
                aria-label={`Change the role ${role.name}`}
              >
                Change
              </Button>
            </Stack>
            {role.description && (
              <Typography variant="body2" color="text.secondary">
                {role.description}
              </Typography>
            )}
            <Box
              component="ul"
              aria-label={`Permissions of ${role.name}`}
              sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, p: 0, m: 0, mt: 0.5 }}
            >
              {(role.permissions ?? []).map((granted) => (
                <Chip key={granted} component="li" size="small" label={granted} variant="outlined" />
              ))}
            </Box>
          </Box>
        ))}
      </Stack>
      <AddRoleForm known={known} />
      {editing && <EditRoleDialog role={editing} known={known} onClose={() => setEditing(null)} />}
    </Paper>
  );
}
