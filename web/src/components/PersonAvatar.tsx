import Avatar from '@mui/material/Avatar';
import type { PersonSummary } from '../api/types';
import { imageUrl } from './images';
import { initialsOf } from './people';

/** A person's avatar image (the variant that fits `size`), or their initials when they have none. */
export function PersonAvatar(props: {
  person: Pick<PersonSummary, 'id' | 'firstName' | 'lastName' | 'avatar'> | null | undefined;
  size?: number;
}) {
  const size = props.size ?? 40;
  const src = imageUrl(props.person?.avatar, size <= 64 ? '64' : '256');
  return (
    <Avatar aria-hidden src={src} sx={{ width: size, height: size, fontSize: size * 0.4 }}>
      {initialsOf(props.person)}
    </Avatar>
  );
}
