import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import PhotoCameraIcon from '@mui/icons-material/PhotoCamera';
import { useRef } from 'react';
import { sentenceFor } from '../api/errors';
import { imageUrl } from './images';
import type { UploadState } from './useImageUploads';

/** The image types the file service takes (it checks the bytes; this only narrows the picker). */
const accepted = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** A button that opens the file picker for images. */
export function ChooseImagesButton(props: {
  label: string;
  multiple?: boolean;
  disabled?: boolean;
  onChosen: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Button
      component="label"
      variant="outlined"
      startIcon={<PhotoCameraIcon />}
      disabled={props.disabled === true}
    >
      {props.label}
      <input
        ref={input}
        type="file"
        hidden
        accept={accepted}
        multiple={props.multiple === true}
        aria-label={props.label}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // The same file may be chosen again after a refusal.
          event.target.value = '';
          if (files.length > 0) props.onChosen(files);
        }}
      />
    </Button>
  );
}

/** Each upload: its progress while it is sent, then a thumbnail or the refusal in words. */
export function UploadList(props: {
  uploads: readonly UploadState[];
  onRemove: (key: string) => void;
  thumbnail: string;
}) {
  if (props.uploads.length === 0) return null;
  return (
    <Box component="ul" aria-label="Images" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1 }}>
      {props.uploads.map((upload) => (
        <Box component="li" key={upload.key} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          {upload.image ? (
            <Box
              component="img"
              src={imageUrl(upload.image, props.thumbnail)}
              alt={`Uploaded: ${upload.name}`}
              sx={{ width: 64, height: 64, objectFit: 'cover', borderRadius: 1 }}
            />
          ) : null}
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            {upload.error ? (
              <Alert severity="error">
                {upload.name}: {sentenceFor(upload.error)}
              </Alert>
            ) : upload.image ? (
              <Typography variant="body2">{upload.name}</Typography>
            ) : (
              <>
                <Typography variant="body2">Uploading {upload.name}…</Typography>
                <LinearProgress
                  variant="determinate"
                  value={Math.round(upload.progress * 100)}
                  aria-label={`Uploading ${upload.name}`}
                />
              </>
            )}
          </Box>
          {(upload.image ?? upload.error) && (
            <IconButton aria-label={`Remove ${upload.name}`} onClick={() => props.onRemove(upload.key)}>
              <CloseIcon />
            </IconButton>
          )}
        </Box>
      ))}
    </Box>
  );
}
