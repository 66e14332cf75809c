import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import type { Profile } from '../../api/types';
import { useGendersQuery, useUpdateProfileMutation } from './api';

export const profileSchema = z.object({
  firstName: z.string().trim().min(1, 'Enter your first name.').max(100, 'Keep it under 100 characters.'),
  lastName: z.string().trim().min(1, 'Enter your last name.').max(100, 'Keep it under 100 characters.'),
  bio: z.string().max(2000, 'Keep your bio under 2,000 characters.'),
  birthDate: z.union([z.literal(''), z.iso.date('Pick a date, or leave it empty.')]),
  // E.164: a plus, the country code, then the number; 15 digits at most.
  mobile: z
    .string()
    .trim()
    .regex(/^(\+[1-9]\d{6,14})?$/, 'Write it with the country code, like +31612345678, or leave it empty.'),
  gender: z.string(),
});
export type ProfileForm = z.infer<typeof profileSchema>;

/** Edit one's own profile: names, bio, birth date, mobile (E.164) and gender from the catalog. */
export function EditProfileDialog(props: { me: Profile; onClose: () => void }) {
  const fullScreen = useMediaQuery('(max-width:600px)');
  const { data: genders } = useGendersQuery();
  const [update, { error, isLoading }] = useUpdateProfileMutation();
  // One key for this edit: a retried save cannot apply twice.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const { me } = props;
  const form = useForm<ProfileForm>({
    resolver: zodResolver(profileSchema),
    defaultValues: {
      firstName: me.firstName,
      lastName: me.lastName,
      bio: me.bio ?? '',
      birthDate: me.birthDate ?? '',
      mobile: me.mobile ?? '',
      gender: me.gender ?? '',
    },
  });
  const { errors } = form.formState;
  const choices = (genders?.items ?? []).filter((gender) => gender.active || gender.id === me.gender);
  const submit = form.handleSubmit(async (values) => {
    const result = await update({
      userId: me.id,
      idempotencyKey,
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      bio: values.bio.trim() || null,
      birthDate: values.birthDate || null,
      mobile: values.mobile.trim() || null,
      gender: values.gender || null,
    });
    if (!('error' in result)) props.onClose();
  });
  return (
    <Dialog
      open
      onClose={props.onClose}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
      aria-labelledby="edit-profile-title"
    >
      <form noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id="edit-profile-title">Edit your profile</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{sentenceFor(error)}</Alert>}
          <TextField
            {...form.register('firstName')}
            label="First name"
            autoComplete="given-name"
            fullWidth
            margin="normal"
            error={errors.firstName !== undefined}
            helperText={errors.firstName?.message}
          />
          <TextField
            {...form.register('lastName')}
            label="Last name"
            autoComplete="family-name"
            fullWidth
            margin="normal"
            error={errors.lastName !== undefined}
            helperText={errors.lastName?.message}
          />
          <TextField
            {...form.register('bio')}
            label="Bio"
            multiline
            minRows={3}
            fullWidth
            margin="normal"
            error={errors.bio !== undefined}
            helperText={errors.bio?.message}
          />
          <TextField
            {...form.register('birthDate')}
            label="Birth date"
            type="date"
            autoComplete="bday"
            fullWidth
            margin="normal"
            slotProps={{ inputLabel: { shrink: true } }}
            error={errors.birthDate !== undefined}
            helperText={errors.birthDate?.message}
          />
          <TextField
            {...form.register('mobile')}
            label="Mobile"
            type="tel"
            autoComplete="tel"
            placeholder="+31612345678"
            fullWidth
            margin="normal"
            error={errors.mobile !== undefined}
            helperText={errors.mobile?.message ?? 'With the country code, like +31612345678'}
          />
          <Controller
            control={form.control}
            name="gender"
            render={({ field }) => (
              <TextField
                select
                label="Gender"
                fullWidth
                margin="normal"
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                inputRef={field.ref}
                slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
              >
                <MenuItem value="">Not said</MenuItem>
                {choices.map((gender) => (
                  <MenuItem key={gender.id} value={gender.id}>
                    {gender.name}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={isLoading}>
            {isLoading ? 'Saving…' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
