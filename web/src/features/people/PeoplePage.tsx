import Typography from '@mui/material/Typography';

export default function PeoplePage() {
  return (
    <Typography component="h1" variant="h5">
      People
    </Typography>
  );
}
