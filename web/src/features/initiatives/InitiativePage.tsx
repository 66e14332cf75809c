import Typography from '@mui/material/Typography';

export default function InitiativePage() {
  return (
    <Typography component="h1" variant="h5">
      Initiative
    </Typography>
  );
}
