import Box from '@mui/material/Box';
import { CoverImage } from '../../components/CoverImage';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useInitiativesQuery } from './api';
import { CreateInitiativeDialog } from './CreateInitiativeDialog';

const membershipLabel: Readonly<Record<string, string>> = {
  owner: 'You own it',
  member: 'Member',
  requested: 'Requested',
};

export default function InitiativesPage() {
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<'newest' | 'members'>('newest');
  const [creating, setCreating] = useState(false);
  const deferred = useDeferredValue(q);
  const { data, error, refetch, isLoading } = useInitiativesQuery({ q: deferred.trim() || undefined, sort });
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <Typography component="h1" variant="h5" sx={{ flexGrow: 1 }}>
          Initiatives
        </Typography>
        <Button variant="contained" onClick={() => setCreating(true)}>
          Start an initiative
        </Button>
      </Box>
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          label="Search by name"
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          sx={{ flexGrow: 1 }}
        />
        <TextField
          select
          label="Sort by"
          value={sort}
          onChange={(event) => setSort(event.target.value as 'newest' | 'members')}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="newest">Newest</MenuItem>
          <MenuItem value="members">Most members</MenuItem>
        </TextField>
      </Box>
      <ErrorAlert error={error} onRetry={() => void refetch()} />
      {isLoading && <Typography>Loading…</Typography>}
      {data && data.items.length === 0 && (
        <Typography color="text.secondary">No initiatives yet. Start one!</Typography>
      )}
      <Box
        component="ul"
        sx={{ p: 0, m: 0, display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}
      >
        {(data?.items ?? []).map((initiative) => (
          <Card component="li" key={initiative.id} sx={{ listStyle: 'none' }}>
            <CardActionArea
              component={RouterLink}
              to={`/initiatives/${encodeURIComponent(initiative.id)}`}
              sx={{ height: '100%' }}
            >
              <CoverImage
                cover={initiative.cover}
                name={initiative.name}
                sizes="(max-width: 600px) 100vw, 450px"
              />
              <CardContent>
                <Typography component="h2" variant="h6">
                  {initiative.name}
                </Typography>
                <Typography color="text.secondary" sx={{ mb: 1 }}>
                  {initiative.description || 'No description.'}
                </Typography>
                <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
                  <Chip
                    size="small"
                    label={`${initiative.memberCount} ${initiative.memberCount === 1 ? 'member' : 'members'}`}
                  />
                  <Chip
                    size="small"
                    label={initiative.visibility === 'public' ? 'Public' : 'Invite-only'}
                    variant="outlined"
                  />
                  {initiative.myMembership && (
                    <Chip
                      size="small"
                      color="primary"
                      label={membershipLabel[initiative.myMembership] ?? initiative.myMembership}
                    />
                  )}
                  {initiative.archived && <Chip size="small" label="Archived" />}
                </Box>
              </CardContent>
            </CardActionArea>
          </Card>
        ))}
      </Box>
      {creating && <CreateInitiativeDialog onClose={() => setCreating(false)} />}
    </Box>
  );
}
