import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { sentenceFor } from '../../api/errors';
import { useKudosKindsQuery, useMeQuery } from '../../api/shared';
import { useFeedInfiniteQuery, useMyInitiativesQuery, type FeedFilter } from './api';
import { Composer } from './Composer';
import { KudosCard } from './KudosCard';
import { PostCard } from './PostCard';

/** The company feed (or one initiative's): composer, posts and kudos, more on scrolling down. */
export default function FeedPage() {
  const [params, setParams] = useSearchParams();
  const initiative = params.get('initiative') ?? undefined;
  const author = params.get('author') ?? undefined;
  const filter: FeedFilter = { ...(initiative ? { initiative } : {}), ...(author ? { author } : {}) };
  const { data: me } = useMeQuery();
  const { data: kinds } = useKudosKindsQuery();
  const { data: mine } = useMyInitiativesQuery();
  const feed = useFeedInfiniteQuery(filter);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;

  useEffect(() => {
    const element = sentinel.current;
    if (element === null || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && hasNextPage && !isFetchingNextPage)
        void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const kindName = (id: string) => kinds?.items.find((kind) => kind.id === id)?.name ?? id;
  const items = feed.data?.pages.flatMap((page) => page.items) ?? [];
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
      {feed.error && (
        <Alert
          severity="error"
          action={<Button onClick={() => void feed.refetch()}>Retry</Button>}
          sx={{ mb: 2 }}
        >
          {sentenceFor(feed.error)}
        </Alert>
      )}
      {feed.isLoading && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
          <CircularProgress aria-label="Loading the feed" />
        </Box>
      )}
      <Box aria-label="Feed" role="feed" aria-busy={feed.isFetching}>
        {items.map((item) =>
          item.type === 'kudos' ? (
            <KudosCard key={item.id} kudos={item} kindName={kindName(item.kind)} myId={me?.id} />
          ) : (
            <PostCard key={item.id} post={item} me={me} />
          ),
        )}
      </Box>
      {feed.isSuccess && items.length === 0 && (
        <Typography color="text.secondary">Nothing here yet. Write the first post!</Typography>
      )}
      <div ref={sentinel} />
      {hasNextPage && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 2 }}>
          <Button onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
    </Box>
  );
}
