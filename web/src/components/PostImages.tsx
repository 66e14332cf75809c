import Box from '@mui/material/Box';
import type { UploadedImage } from '../api/types';
import { imageUrl, srcSetOf } from './images';

/** A post's images in a grid, each from the variant the layout needs. */
export function PostImages(props: { images: readonly UploadedImage[] | undefined }) {
  const images = props.images ?? [];
  if (images.length === 0) return null;
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 1,
        mt: 1,
        gridTemplateColumns: images.length === 1 ? '1fr' : 'repeat(auto-fill, minmax(160px, 1fr))',
      }}
    >
      {images.map((image, index) => {
        const preview = image.variants['640'] ?? Object.values(image.variants)[0];
        return (
          <Box
            key={image.id}
            component="img"
            src={imageUrl(image, '640')}
            srcSet={srcSetOf(image)}
            sizes="(max-width: 600px) 100vw, 600px"
            width={preview?.width}
            height={preview?.height}
            loading="lazy"
            alt={`Image ${index + 1} of ${images.length}`}
            sx={{ width: '100%', height: 'auto', borderRadius: 1 }}
          />
        );
      })}
    </Box>
  );
}
