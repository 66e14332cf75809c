import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { api } from '../../api/base';
import { useMeQuery } from '../../api/shared';
import type { Leaderboard } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PersonName } from '../../components/PersonName';

type Period = 'week' | 'month' | 'all';

const leaderboardApi = api.injectEndpoints({
  endpoints: (build) => ({
    leaderboard: build.query<Leaderboard, Period>({
      query: (period) => ({ url: '/leaderboard', params: { period, limit: 100 } }),
      providesTags: ['Leaderboard'],
    }),
  }),
});

/** Ranks with ties sharing a place (1, 2, 2, 4). */
export function ranked(items: Leaderboard['items']): Array<{ userId: string; count: number; rank: number }> {
  return items.map((item, index) => ({
    ...item,
    rank: items.findIndex((other) => other.count === item.count) + 1 || index + 1,
  }));
}

const top = 10;
const periods: Array<{ value: Period; label: string }> = [
  { value: 'week', label: 'This week' },
  { value: 'month', label: 'This month' },
  { value: 'all', label: 'All time' },
];

export default function LeaderboardPage() {
  const [period, setPeriod] = useState<Period>('week');
  const { data: me } = useMeQuery();
  const { data, error, refetch } = leaderboardApi.useLeaderboardQuery(period);
  const rows = ranked(data?.items ?? []);
  const shown = rows.slice(0, top);
  const mine = rows.find((row) => row.userId === me?.id);
  return (
    <Box>
      <Typography component="h1" variant="h5" sx={{ mb: 1 }}>
        Leaderboard
      </Typography>
      <Tabs
        value={period}
        onChange={(_event, value: Period) => setPeriod(value)}
        aria-label="Period"
        sx={{ mb: 2 }}
      >
        {periods.map((each) => (
          <Tab key={each.value} value={each.value} label={each.label} />
        ))}
      </Tabs>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      <Paper>
        <Table aria-label="Most kudos received">
          <TableHead>
            <TableRow>
              <TableCell>Rank</TableCell>
              <TableCell>Person</TableCell>
              <TableCell align="right">Kudos</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((row) => (
              <TableRow key={row.userId} selected={row.userId === me?.id}>
                <TableCell>{row.rank}</TableCell>
                <TableCell>
                  <PersonName id={row.userId} />
                  {row.userId === me?.id ? ' (you)' : ''}
                </TableCell>
                <TableCell align="right">{row.count}</TableCell>
              </TableRow>
            ))}
            {data && shown.length === 0 && (
              <TableRow>
                <TableCell colSpan={3}>No kudos in this period yet.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Paper>
      <Typography sx={{ mt: 2 }} role="status">
        {mine
          ? `Your rank: ${mine.rank}, with ${mine.count} kudos${mine.rank > top ? ' (outside the top 10)' : ''}.`
          : 'You have not received kudos in this period yet.'}
      </Typography>
    </Box>
  );
}
