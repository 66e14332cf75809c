import Box from '@mui/material/Box';
import type { UploadedImage } from '../api/types';
import { imageUrl, srcSetOf } from './images';

/** An initiative's cover (16:9), from the variant the layout needs; nothing when it has none. */
export function CoverImage(props: { cover: UploadedImage | null | undefined; name: string; sizes: string }) {
  if (!props.cover) return null;
  return (
    <Box
      component="img"
      src={imageUrl(props.cover, '640x360')}
      srcSet={srcSetOf(props.cover)}
      sizes={props.sizes}
      width={640}
      height={360}
      alt={`Cover of ${props.name}`}
      sx={{ width: '100%', height: 'auto', aspectRatio: '16 / 9', objectFit: 'cover', display: 'block' }}
    />
  );
}
