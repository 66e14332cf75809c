import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router';
import { useMeQuery } from '../../api/shared';
import { useMyInitiativesQuery, type FeedFilter } from './api';
import { Composer } from './Composer';
import { FeedList } from './FeedList';

/** The company feed (or one initiative's): composer, posts and kudos, more on scrolling down. */
export default function FeedPage() {
  const [params, setParams] = useSearchParams();
  const initiative = params.get('initiative') ?? undefined;
  const author = params.get('author') ?? undefined;
  const filter: FeedFilter = { ...(initiative ? { initiative } : {}), ...(author ? { author } : {}) };
  const { data: me } = useMeQuery();
  const { data: mine } = useMyInitiativesQuery();
  const initiatives = mine?.items.filter((each) => !each.archived) ?? [];
  const current = initiatives.find((each) => each.id === initiative);
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <Typography component="h1" variant="h5" sx={{ flexGrow: 1 }}>
          {current ? `${current.name}: feed` : 'Company feed'}
        </Typography>
        <TextField
          select
          // The empty choice ("Everyone", "Any role" ...) shows as a value, not as a blank field.
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          size="small"
          label="Show"
          value={initiative ?? ''}
          onChange={(event) => setFilter('initiative', event.target.value)}
          sx={{ minWidth: 180 }}
        >
          <MenuItem value="">Everyone</MenuItem>
          {initiatives.map((each) => (
            <MenuItem key={each.id} value={each.id}>
              {each.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          // The empty choice ("Everyone", "Any role" ...) shows as a value, not as a blank field.
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          size="small"
          label="By"
          value={author === 'me' ? 'me' : ''}
          onChange={(event) => setFilter('author', event.target.value)}
          sx={{ minWidth: 120 }}
        >
          <MenuItem value="">Anyone</MenuItem>
          <MenuItem value="me">Me</MenuItem>
        </TextField>
      </Box>
      <Composer
        key={initiative ?? 'company'}
        me={me}
        initiatives={initiatives}
        {...(initiative ? { initiative } : {})}
      />
      <FeedList filter={filter} me={me} label="Feed" empty="Nothing here yet. Write the first post!" />
    </Box>
  );
}
