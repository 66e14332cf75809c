import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useForm } from 'react-hook-form';
import Link from '@mui/material/Link';
import { Navigate, Link as RouterLink, useSearchParams } from 'react-router';
import { z } from 'zod/mini';
import { sentenceFor } from '../../api/errors';
import { useAppSelector } from '../../app/store';
import { useSignInMutation } from './api';

export const signInSchema = z.object({
  email: z.email('Enter your email address, like name@example.com.'),
  password: z.string().check(z.minLength(1, 'Enter your password.')),
});
type SignInForm = z.infer<typeof signInSchema>;

/** Where to go after signing in: back where the person was, never off this site. */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const signedIn = useAppSelector((state) => state.session.accessToken !== null);
  const endedReason = useAppSelector((state) => state.session.endedReason);
  const [signIn, { error, isLoading }] = useSignInMutation();
  const form = useForm<SignInForm>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;

  if (signedIn) return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh', p: 2 }}>
      <Paper sx={{ p: { xs: 3, sm: 4 }, width: '100%', maxWidth: 400 }} elevation={3}>
        <Typography component="h1" variant="h5" gutterBottom>
          Sign in to Engage
        </Typography>
        {endedReason && !error && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {endedReason}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {sentenceFor(error)}
          </Alert>
        )}
        <form
          noValidate
          onSubmit={(event) =>
            void form.handleSubmit(async (values) => {
              await signIn(values)
                .unwrap()
                .catch(() => undefined);
            })(event)
          }
        >
          <TextField
            {...form.register('email')}
            label="Email"
            type="email"
            autoComplete="username"
            fullWidth
            margin="normal"
            error={errors.email !== undefined}
            helperText={errors.email?.message}
          />
          <TextField
            {...form.register('password')}
            label="Password"
            type="password"
            autoComplete="current-password"
            fullWidth
            margin="normal"
            error={errors.password !== undefined}
            helperText={errors.password?.message}
          />
          <Button type="submit" variant="contained" fullWidth sx={{ mt: 2 }} disabled={isLoading}>
            {isLoading ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
        <Typography sx={{ mt: 2 }} variant="body2">
          New here?{' '}
          <Link component={RouterLink} to="/sign-up" underline="always">
            Create an account
          </Link>
        </Typography>
      </Paper>
    </Box>
  );
}
