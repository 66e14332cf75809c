import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { sentenceFor } from '../../api/errors';
import { useKudosKindsQuery } from '../../api/shared';
import type { Profile } from '../../api/types';
import { useFeedInfiniteQuery, type FeedFilter } from './api';
import { KudosCard } from './KudosCard';
import { PostCard } from './PostCard';

/** Posts and kudos cards of a feed, newest first: one page at a time, the next on scrolling down. */
export function FeedList(props: {
  filter: FeedFilter;
  me: Profile | undefined;
  label: string;
  empty: string;
}) {
  const { data: kinds } = useKudosKindsQuery();
  const feed = useFeedInfiniteQuery(props.filter);
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

  return (
    <>
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
          <CircularProgress aria-label={`Loading ${props.label.toLowerCase()}`} />
        </Box>
      )}
      {/* A feed holds articles: an empty one is no feed (axe: aria-required-children). */}
      {items.length > 0 && (
        <Box aria-label={props.label} role="feed" aria-busy={feed.isFetching}>
          {items.map((item) =>
            item.type === 'kudos' ? (
              <KudosCard key={item.id} kudos={item} kindName={kindName(item.kind)} myId={props.me?.id} />
            ) : (
              <PostCard key={item.id} post={item} me={props.me} />
            ),
          )}
        </Box>
      )}
      {feed.isSuccess && items.length === 0 && <Typography color="text.secondary">{props.empty}</Typography>}
      <div ref={sentinel} />
      {hasNextPage && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 2 }}>
          <Button onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
    </>
  );
}
