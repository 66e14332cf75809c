import Alert from '@mui/material/Alert';
import type { ReactNode } from 'react';
import { permissionsOf } from '../app/session';
import { useAppSelector } from '../app/store';

/** Whether the signed-in person's token carries this permission (the API checks it again). */
export function useHasPermission(permission: string): boolean {
  return useAppSelector((state) => permissionsOf(state.session.accessToken).includes(permission));
}

/** A page for holders of one permission; anyone else reads why it is not shown. */
export function RequirePermission(props: { permission: string; what: string; children: ReactNode }) {
  if (!useHasPermission(props.permission))
    return (
      <Alert severity="info">
        {props.what} is for people whose role grants it. Ask an admin if you need it, then sign in again.
      </Alert>
    );
  return <>{props.children}</>;
}
