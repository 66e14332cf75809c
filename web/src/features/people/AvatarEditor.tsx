import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Slider from '@mui/material/Slider';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { ChooseImagesButton } from '../../components/ImageUploads';
import { useImageUploads } from '../../components/useImageUploads';
import { useSetAvatarMutation } from './avatar-api';
import { squareCrop } from './crop';

const previewSize = 256;

/**
 * Choosing an avatar: pick an image, choose the square to keep (zoom and position, previewed as
 * it will look), upload it with its progress, and set it on the profile. Refusals are in words.
 */
export function AvatarEditor(props: { userId: string; hasAvatar: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<{ url: string; width: number; height: number } | null>(null);
  const [zoom, setZoom] = useState(1);
  const [x, setX] = useState(0.5);
  const [y, setY] = useState(0.5);
  const uploads = useImageUploads('avatar');
  const [setAvatar, { error: setError, isLoading: setting }] = useSetAvatarMutation();
  const upload = uploads.uploads.at(-1);

  useEffect(() => {
    if (file === null) return undefined;
    const url = URL.createObjectURL(file);
    setSource({ url, width: 0, height: 0 });
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const crop = source && source.width > 0 ? squareCrop(source.width, source.height, zoom, x, y) : undefined;
  const scale = crop ? previewSize / crop.width : 1;

  const save = async () => {
    if (file === null) return;
    const image = await uploads.start(file, crop);
    if (image === undefined) return;
    const result = await setAvatar({
      userId: props.userId,
      avatar: image.id,
      idempotencyKey: newIdempotencyKey(),
    });
    if (!('error' in result)) props.onClose();
  };
  const remove = async () => {
    const result = await setAvatar({
      userId: props.userId,
      avatar: null,
      idempotencyKey: newIdempotencyKey(),
    });
    if (!('error' in result)) props.onClose();
  };
  const busy = uploads.busy || setting;

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="avatar-editor-title" fullWidth maxWidth="xs">
      <DialogTitle id="avatar-editor-title">Your photo</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <ChooseImagesButton
          label={file ? 'Choose another photo' : 'Choose a photo'}
          disabled={busy}
          onChosen={([chosen]) => {
            if (chosen === undefined) return;
            uploads.clear();
            setZoom(1);
            setX(0.5);
            setY(0.5);
            setFile(chosen);
          }}
        />
        {source && (
          <Box component="section" aria-label="Choose the part to keep" sx={{ display: 'grid', gap: 1 }}>
            <Box
              sx={{
                width: previewSize,
                height: previewSize,
                overflow: 'hidden',
                borderRadius: '50%',
                position: 'relative',
                mx: 'auto',
                bgcolor: 'action.hover',
              }}
            >
              <Box
                component="img"
                src={source.url}
                alt="Preview of your new photo"
                onLoad={(event) => {
                  const image = event.currentTarget;
                  setSource(
                    (current) =>
                      current && { ...current, width: image.naturalWidth, height: image.naturalHeight },
                  );
                }}
                sx={{
                  position: 'absolute',
                  maxWidth: 'none',
                  left: crop ? -crop.x * scale : 0,
                  top: crop ? -crop.y * scale : 0,
                  width: crop ? source.width * scale : previewSize,
                }}
              />
            </Box>
            <Typography id="avatar-zoom">Zoom</Typography>
            <Slider
              aria-labelledby="avatar-zoom"
              min={1}
              max={4}
              step={0.1}
              value={zoom}
              onChange={(_event, value) => setZoom(value)}
            />
            <Typography id="avatar-x">Left to right</Typography>
            <Slider
              aria-labelledby="avatar-x"
              min={0}
              max={1}
              step={0.01}
              value={x}
              onChange={(_event, value) => setX(value)}
            />
            <Typography id="avatar-y">Top to bottom</Typography>
            <Slider
              aria-labelledby="avatar-y"
              min={0}
              max={1}
              step={0.01}
              value={y}
              onChange={(_event, value) => setY(value)}
            />
          </Box>
        )}
        {upload && upload.image === undefined && upload.error === undefined && (
          <LinearProgress
            variant="determinate"
            value={Math.round(upload.progress * 100)}
            aria-label="Uploading your photo"
          />
        )}
        {upload?.error && <Alert severity="error">{sentenceFor(upload.error)}</Alert>}
        {setError && <Alert severity="error">{sentenceFor(setError)}</Alert>}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        {props.hasAvatar && (
          <Button color="error" disabled={busy} onClick={() => void remove()}>
            Remove photo
          </Button>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" disabled={file === null || busy} onClick={() => void save()}>
          {uploads.busy ? 'Uploading…' : setting ? 'Saving…' : 'Use this photo'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
