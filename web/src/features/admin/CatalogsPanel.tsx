import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  useCatalogQuery,
  useChangeEntryMutation,
  useCreateEntryMutation,
  type ListedEntry,
  type NamedCatalog,
} from './api';
import { RolesSection } from './RolesSection';
import { FormTextField } from '../../components/FormTextField';

/** A catalog entry's fields, checked as the server checks them. */
export const entrySchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(60, 'Keep the name under 60 characters.'),
  description: z.string().trim().max(500, 'Keep the description under 500 characters.'),
  active: z.boolean(),
});
type EntryForm = z.infer<typeof entrySchema>;

const catalogs: readonly { id: NamedCatalog; title: string; one: string; describes: boolean }[] = [
  { id: 'kudos-kinds', title: 'Kudos kinds', one: 'kudos kind', describes: true },
  { id: 'statuses', title: 'Statuses', one: 'status', describes: true },
  { id: 'genders', title: 'Genders', one: 'gender', describes: false },
];
type CatalogInfo = (typeof catalogs)[number];

/** The fields of an entry: name, description (where the catalog has one), offered or retired. */
function EntryFields(props: {
  form: ReturnType<typeof useForm<EntryForm>>;
  info: CatalogInfo;
  withActive: boolean;
}) {
  const { form, info } = props;
  const { errors } = form.formState;
  return (
    <Stack spacing={1.5} sx={{ pt: 1 }}>
      <FormTextField
        control={form.control}
        name="name"
        label="Name"
        error={errors.name !== undefined}
        helperText={errors.name?.message}
      />
      {info.describes && (
        <FormTextField
          control={form.control}
          name="description"
          label="Description (optional)"
          multiline
          error={errors.description !== undefined}
          helperText={errors.description?.message}
        />
      )}
      {props.withActive && (
        <Controller
          control={form.control}
          name="active"
          render={({ field }) => (
            <FormControlLabel
              control={
                <Switch checked={field.value} onChange={(event) => field.onChange(event.target.checked)} />
              }
              label="Offered to people"
            />
          )}
        />
      )}
    </Stack>
  );
}

function EditEntryDialog(props: { info: CatalogInfo; entry: ListedEntry; onClose: () => void }) {
  const { info, entry } = props;
  const [change, { error, isLoading }] = useChangeEntryMutation();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<EntryForm>({
    resolver: zodResolver(entrySchema),
    defaultValues: { name: entry.name, description: entry.description, active: entry.active },
  });
  const titleId = `edit-${info.id}-${entry.id}`;
  const submit = form.handleSubmit(async (values) => {
    const result = await change({ catalog: info.id, id: entry.id, idempotencyKey, ...values });
    if (!('error' in result)) props.onClose();
  });
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth maxWidth="xs">
      <Box component="form" noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id={titleId}>
          Change the {info.one} {entry.name}
        </DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
          <EntryFields form={form} info={info} withActive />
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

function AddEntryForm(props: { info: CatalogInfo }) {
  const { info } = props;
  const [create, { error }] = useCreateEntryMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<EntryForm>({
    resolver: zodResolver(entrySchema),
    defaultValues: { name: '', description: '', active: true },
  });
  const submit = form.handleSubmit(async ({ name, description }) => {
    const result = await create({ catalog: info.id, name, description, idempotencyKey });
    if (!('error' in result)) {
      setIdempotencyKey(newIdempotencyKey());
      form.reset();
    }
  });
  return (
    <Box
      component="form"
      noValidate
      aria-label={`Add a ${info.one}`}
      onSubmit={(event) => void submit(event)}
    >
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {sentenceFor(error)}
        </Alert>
      )}
      <EntryFields form={form} info={info} withActive={false} />
      <Button type="submit" variant="outlined" sx={{ mt: 1 }} disabled={form.formState.isSubmitting}>
        Add {info.one}
      </Button>
    </Box>
  );
}

function CatalogSection(props: { info: CatalogInfo }) {
  const { info } = props;
  const { data, error, refetch } = useCatalogQuery(info.id);
  const [editing, setEditing] = useState<ListedEntry | null>(null);
  const headingId = `catalog-${info.id}`;
  return (
    <Paper component="section" variant="outlined" aria-labelledby={headingId} sx={{ p: 1.5 }}>
      <Typography id={headingId} variant="h6" component="h2">
        {info.title}
      </Typography>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {data === undefined ? (
        !error && <CircularProgress size={24} aria-label={`Loading the ${info.title.toLowerCase()}`} />
      ) : data.items.length === 0 ? (
        <Typography color="text.secondary">None yet.</Typography>
      ) : (
        <List dense aria-label={info.title}>
          {data.items.map((entry) => (
            <ListItem
              key={entry.id}
              disableGutters
              secondaryAction={
                <Button
                  size="small"
                  disabled={entry.pending}
                  onClick={() => setEditing(entry)}
                  aria-label={`Change ${entry.name}`}
                >
                  Change
                </Button>
              }
              sx={{ opacity: entry.pending ? 0.6 : 1, pr: 10 }}
            >
              <ListItemText
                primary={
                  <>
                    {entry.name}{' '}
                    {entry.pending ? (
                      <Chip size="small" label="Saving…" />
                    ) : (
                      !entry.active && <Chip size="small" label="Retired" variant="outlined" />
                    )}
                  </>
                }
                secondary={entry.description || undefined}
              />
            </ListItem>
          ))}
        </List>
      )}
      <AddEntryForm info={info} />
      {editing && <EditEntryDialog info={info} entry={editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}

/** The catalogs people pick from: kudos kinds, statuses, genders, and the roles with their permissions. */
export function CatalogsPanel() {
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
      {catalogs.map((info) => (
        <CatalogSection key={info.id} info={info} />
      ))}
      <RolesSection />
    </Box>
  );
}
