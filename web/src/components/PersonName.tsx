import { Link as RouterLink } from 'react-router';
import Link from '@mui/material/Link';
import { useUserQuery } from '../api/shared';
import { nameOf } from './people';

/** A person's name by id, linking to their profile. */
export function PersonName(props: { id: string; link?: boolean }) {
  const { data } = useUserQuery(props.id);
  const name = data ? nameOf(data) : '…';
  if (props.link === false) return <>{name}</>;
  return (
    <Link component={RouterLink} to={`/people/${encodeURIComponent(props.id)}`} underline="always">
      {name}
    </Link>
  );
}
