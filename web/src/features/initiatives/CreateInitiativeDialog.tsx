import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { ChooseImagesButton, UploadList } from '../../components/ImageUploads';
import { useImageUploads } from '../../components/useImageUploads';
import { initiativeSchema, useCreateInitiativeMutation, type InitiativeForm } from './api';

export function CreateInitiativeDialog(props: { onClose: () => void }) {
  const navigate = useNavigate();
  const [create, { error, isLoading }] = useCreateInitiativeMutation();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<InitiativeForm>({
    resolver: zodResolver(initiativeSchema),
    defaultValues: { name: '', description: '', visibility: 'public', startsAt: '', endsAt: '' },
  });
  const { errors } = form.formState;
  const covers = useImageUploads('cover');
  const cover = covers.images.at(-1);
  const submit = form.handleSubmit(async (values) => {
    if (covers.busy) return;
    const result = await create({ ...values, idempotencyKey, cover: cover?.id });
    if ('data' in result && result.data) {
      props.onClose();
      void navigate(`/initiatives/${encodeURIComponent(result.data.id)}`);
    }
  });
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm" aria-labelledby="create-initiative-title">
      <form noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id="create-initiative-title">Start an initiative</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
          <TextField
            {...form.register('name')}
            label="Name"
            fullWidth
            margin="normal"
            error={errors.name !== undefined}
            helperText={errors.name?.message}
          />
          <TextField
            {...form.register('description')}
            label="Description"
            fullWidth
            multiline
            minRows={3}
            margin="normal"
            error={errors.description !== undefined}
            helperText={errors.description?.message}
          />
          <Controller
            control={form.control}
            name="visibility"
            render={({ field }) => (
              <TextField
                select
                label="Who can join"
                fullWidth
                margin="normal"
                value={field.value}
                onChange={field.onChange}
              >
                <MenuItem value="public">Anyone (public)</MenuItem>
                <MenuItem value="invite-only">Only people the owner approves (invite-only)</MenuItem>
              </TextField>
            )}
          />
          <Box sx={{ display: 'flex', gap: 1 }}>
            <TextField
              {...form.register('startsAt')}
              label="Starts"
              type="date"
              margin="normal"
              fullWidth
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              {...form.register('endsAt')}
              label="Ends"
              type="date"
              margin="normal"
              fullWidth
              slotProps={{ inputLabel: { shrink: true } }}
              error={errors.endsAt !== undefined}
              helperText={errors.endsAt?.message}
            />
          </Box>
          <Box sx={{ mt: 2, display: 'grid', gap: 1 }}>
            <ChooseImagesButton
              label={cover ? 'Choose another cover image' : 'Add a cover image'}
              disabled={covers.busy}
              onChosen={([file]) => {
                if (file === undefined) return;
                covers.clear();
                void covers.start(file);
              }}
            />
            <UploadList uploads={covers.uploads} onRemove={covers.remove} thumbnail="640x360" />
          </Box>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={isLoading || covers.busy}>
            {isLoading ? 'Creating…' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
