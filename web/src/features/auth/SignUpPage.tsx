import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, Link as RouterLink } from 'react-router';
import { z } from 'zod/mini';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { useAppSelector } from '../../app/store';
import { useSignInMutation, useSignUpMutation } from './api';

export const signUpSchema = z.object({
  firstName: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Enter your first name.'),
      z.maxLength(100, 'Keep it under 100 characters.'),
    ),
  lastName: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Enter your last name.'),
      z.maxLength(100, 'Keep it under 100 characters.'),
    ),
  email: z.email('Enter your email address, like name@example.com.'),
  password: z
    .string()
    .check(z.minLength(12, 'Use at least 12 characters.'), z.maxLength(200, 'Keep it under 200 characters.')),
});
type SignUpForm = z.infer<typeof signUpSchema>;

/** A 401 to an unsigned POST /users: this system registers people through its admins only. */
const closed = (error: unknown) => (error as FetchBaseQueryError | undefined)?.status === 401;

/** Self sign-up, when the system allows it; then signed in at once. */
export default function SignUpPage() {
  const signedIn = useAppSelector((state) => state.session.accessToken !== null);
  const [signUp, { error, isLoading }] = useSignUpMutation();
  const [signIn, signingIn] = useSignInMutation();
  // One key per account asked for: a retried submit cannot register twice.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<SignUpForm>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { firstName: '', lastName: '', email: '', password: '' },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await signUp({ ...values, idempotencyKey });
    if ('error' in result) return;
    await signIn({ email: values.email, password: values.password })
      .unwrap()
      .catch(() => undefined);
  });

  if (signedIn) return <Navigate to="/" replace />;
  const field = (name: keyof SignUpForm, label: string, extra: Record<string, string> = {}) => (
    <TextField
      {...form.register(name)}
      {...extra}
      label={label}
      fullWidth
      margin="normal"
      error={errors[name] !== undefined}
      helperText={errors[name]?.message}
    />
  );
  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh', p: 2 }}>
      <Paper sx={{ p: { xs: 3, sm: 4 }, width: '100%', maxWidth: 440 }} elevation={3}>
        <Typography component="h1" variant="h5" gutterBottom>
          Create your Engage account
        </Typography>
        {error && (
          <Alert severity={closed(error) ? 'info' : 'error'} sx={{ mb: 2 }}>
            {closed(error)
              ? 'This organisation does not let people sign up themselves. Ask an admin to register you.'
              : sentenceFor(error)}
          </Alert>
        )}
        {signingIn.error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            Your account is made, but signing in failed: {sentenceFor(signingIn.error)}
          </Alert>
        )}
        <form noValidate onSubmit={(event) => void submit(event)}>
          {field('firstName', 'First name', { autoComplete: 'given-name' })}
          {field('lastName', 'Last name', { autoComplete: 'family-name' })}
          {field('email', 'Email', { type: 'email', autoComplete: 'email' })}
          {field('password', 'Password', { type: 'password', autoComplete: 'new-password' })}
          <Button
            type="submit"
            variant="contained"
            fullWidth
            sx={{ mt: 2 }}
            disabled={isLoading || signingIn.isLoading}
          >
            {isLoading || signingIn.isLoading ? 'Creating your account…' : 'Create account'}
          </Button>
        </form>
        <Typography sx={{ mt: 2 }} variant="body2">
          Already have an account?{' '}
          <Link component={RouterLink} to="/sign-in" underline="always">
            Sign in
          </Link>
        </Typography>
      </Paper>
    </Box>
  );
}
