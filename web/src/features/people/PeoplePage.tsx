import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemAvatar from '@mui/material/ListItemAvatar';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { usePeopleQuery } from '../../api/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { initialsOf, nameOf } from '../../components/people';
import { useRolesQuery, useStatusesQuery } from './api';

/** The directory: search by name prefix, filter by role and status. */
export default function PeoplePage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? '';
  const status = params.get('status') ?? '';
  const deferredQ = useDeferredValue(q);
  const { data: roles } = useRolesQuery();
  const { data: statuses } = useStatusesQuery();
  const { data, error, refetch, isLoading } = usePeopleQuery({
    q: deferredQ.trim() || undefined,
    role: role || undefined,
    status: status || undefined,
    limit: 50,
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const statusName = (id: string) => statuses?.items.find((each) => each.id === id)?.name ?? id;

  return (
    <Box>
      <Typography component="h1" variant="h5" sx={{ mb: 2 }}>
        People
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          label="Search by name"
          type="search"
          value={q}
          onChange={(event) => set('q', event.target.value)}
          sx={{ flexGrow: 1, minWidth: 200 }}
        />
        <TextField
          select
          // The empty choice ("Everyone", "Any role" ...) shows as a value, not as a blank field.
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          label="Role"
          value={role}
          onChange={(event) => set('role', event.target.value)}
          sx={{ minWidth: 140 }}
        >
          <MenuItem value="">Any role</MenuItem>
          {(roles?.items ?? []).map((each) => (
            <MenuItem key={each.id} value={each.id}>
              {each.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          // The empty choice ("Everyone", "Any role" ...) shows as a value, not as a blank field.
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          label="Status"
          value={status}
          onChange={(event) => set('status', event.target.value)}
          sx={{ minWidth: 140 }}
        >
          <MenuItem value="">Any status</MenuItem>
          {(statuses?.items ?? []).map((each) => (
            <MenuItem key={each.id} value={each.id}>
              {each.name}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {isLoading && <Typography>Loading…</Typography>}
      {data && data.items.length === 0 && <Typography color="text.secondary">Nobody matches.</Typography>}
      {data && data.items.length > 0 && (
        <Paper>
          <List aria-label="People">
            {data.items.map((person) => (
              <ListItem key={person.id} disablePadding>
                <ListItemButton component={RouterLink} to={`/people/${encodeURIComponent(person.id)}`}>
                  <ListItemAvatar>
                    <Avatar aria-hidden>{initialsOf(person)}</Avatar>
                  </ListItemAvatar>
                  <ListItemText
                    primary={nameOf(person)}
                    secondary={
                      person.status
                        ? `${statusName(person.status.status)}: ${person.status.reason}`
                        : person.email
                    }
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Paper>
      )}
    </Box>
  );
}
