import Typography from '@mui/material/Typography';

export default function InitiativesPage() {
  return (
    <Typography component="h1" variant="h5">
      Initiatives
    </Typography>
  );
}
