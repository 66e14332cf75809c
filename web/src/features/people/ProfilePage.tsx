import Typography from '@mui/material/Typography';

export default function ProfilePage() {
  return (
    <Typography component="h1" variant="h5">
      Profile
    </Typography>
  );
}
