import Typography from '@mui/material/Typography';

export default function LeaderboardPage() {
  return (
    <Typography component="h1" variant="h5">
      Leaderboard
    </Typography>
  );
}
