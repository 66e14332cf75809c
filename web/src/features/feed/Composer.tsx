import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { sentenceFor } from '../../api/errors';
import { ChooseImagesButton, UploadList } from '../../components/ImageUploads';
import { useImageUploads } from '../../components/useImageUploads';
import { newIdempotencyKey } from '../../api/idempotency';
import type { InitiativeSummary, Profile } from '../../api/types';
import { postSchema, useCreatePostMutation, type PostForm } from './api';
import { FormTextField } from '../../components/FormTextField';

/** How many images a post holds (the command service refuses more). */
const maxImages = 10;

/** Write a post, to the company or into an initiative the person belongs to. Nothing typed is lost on failure. */
export function Composer(props: {
  me: Profile | undefined;
  initiatives: InitiativeSummary[];
  initiative?: string;
}) {
  const [createPost, { error, isLoading }] = useCreatePostMutation();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<PostForm>({
    resolver: zodResolver(postSchema),
    defaultValues: { text: '', initiative: props.initiative ?? '' },
  });
  const { errors } = form.formState;
  const uploads = useImageUploads('post');
  const room = maxImages - uploads.uploads.filter((each) => each.error === undefined).length;
  const submit = form.handleSubmit(async ({ text, initiative }) => {
    if (props.me === undefined || uploads.busy) return;
    const result = await createPost({
      text,
      ...(initiative ? { initiative } : {}),
      images: uploads.images,
      idempotencyKey,
      author: {
        id: props.me.id,
        firstName: props.me.firstName,
        lastName: props.me.lastName,
        avatar: props.me.avatar,
      },
    });
    if (!('error' in result)) {
      setIdempotencyKey(newIdempotencyKey());
      form.reset({ text: '', initiative });
      uploads.clear();
    }
  });
  return (
    <Paper component="section" aria-label="Write a post" sx={{ p: 2, mb: 2 }}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        {error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {sentenceFor(error)}
          </Alert>
        )}
        <FormTextField
          control={form.control}
          name="text"
          label="Share something with your colleagues"
          multiline
          minRows={2}
          fullWidth
          error={errors.text !== undefined}
          helperText={errors.text?.message}
        />
        <Box sx={{ mt: 1 }}>
          <UploadList uploads={uploads.uploads} onRemove={uploads.remove} thumbnail="640" />
        </Box>
        <Box sx={{ display: 'flex', gap: 1, mt: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <ChooseImagesButton
            label="Add images"
            multiple
            disabled={room <= 0}
            onChosen={(files) => {
              for (const file of files.slice(0, room)) void uploads.start(file);
            }}
          />
          {props.initiative === undefined && (
            <Controller
              control={form.control}
              name="initiative"
              render={({ field }) => (
                <TextField
                  select
                  // The empty choice ("Everyone", "Any role" ...) shows as a value, not as a blank field.
                  slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
                  size="small"
                  label="Post in"
                  value={field.value}
                  onChange={field.onChange}
                  sx={{ minWidth: 200, flexGrow: 1 }}
                >
                  <MenuItem value="">The company feed</MenuItem>
                  {props.initiatives.map((initiative) => (
                    <MenuItem key={initiative.id} value={initiative.id}>
                      {initiative.name}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
          )}
          <Box sx={{ flexGrow: 1 }} />
          <Button
            type="submit"
            variant="contained"
            disabled={isLoading || uploads.busy || props.me === undefined}
          >
            {isLoading ? 'Posting…' : uploads.busy ? 'Uploading images…' : 'Post'}
          </Button>
        </Box>
      </form>
    </Paper>
  );
}
