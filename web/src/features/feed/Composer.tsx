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
import { newIdempotencyKey } from '../../api/idempotency';
import type { InitiativeSummary, Profile } from '../../api/types';
import { postSchema, useCreatePostMutation, type PostForm } from './api';

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
  const submit = form.handleSubmit(async ({ text, initiative }) => {
    if (props.me === undefined) return;
    const result = await createPost({
      text,
      ...(initiative ? { initiative } : {}),
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
        <TextField
          {...form.register('text')}
          label="Share something with your colleagues"
          multiline
          minRows={2}
          fullWidth
          error={errors.text !== undefined}
          helperText={errors.text?.message}
        />
        <Box sx={{ display: 'flex', gap: 1, mt: 1, alignItems: 'center', flexWrap: 'wrap' }}>
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
          <Button type="submit" variant="contained" disabled={isLoading || props.me === undefined}>
            {isLoading ? 'Posting…' : 'Post'}
          </Button>
        </Box>
      </form>
    </Paper>
  );
}
