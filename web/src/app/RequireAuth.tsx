import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { refreshSession } from '../api/base';
import { refreshTokenKey } from './session';
import { useAppDispatch, useAppSelector } from './store';

/** How long before the access token expires the app trades its refresh token for a new pair. */
const refreshAheadMs = 60_000;

/**
 * Pages behind sign-in. A stored refresh token resumes the session after a reload; the access
 * token is refreshed in the background before it expires; a session that ends returns to sign-in,
 * which comes back here afterwards.
 */
export function RequireAuth(props: { children: ReactNode }) {
  const dispatch = useAppDispatch();
  const location = useLocation();
  const accessToken = useAppSelector((state) => state.session.accessToken);
  const expiresAt = useAppSelector((state) => state.session.expiresAt);
  const [resuming, setResuming] = useState(
    () => accessToken === null && localStorage.getItem(refreshTokenKey) !== null,
  );

  useEffect(() => {
    if (!resuming) return;
    void refreshSession(dispatch).finally(() => setResuming(false));
  }, [resuming, dispatch]);

  useEffect(() => {
    if (expiresAt === null) return undefined;
    const timer = setTimeout(
      () => void refreshSession(dispatch),
      Math.max(1_000, expiresAt - Date.now() - refreshAheadMs),
    );
    return () => clearTimeout(timer);
  }, [expiresAt, dispatch]);

  if (resuming)
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <CircularProgress aria-label="Resuming your session" />
      </Box>
    );
  if (accessToken === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  return <>{props.children}</>;
}
