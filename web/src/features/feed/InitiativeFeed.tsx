import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMeQuery } from '../../api/shared';
import { Composer } from './Composer';
import { FeedList } from './FeedList';

/** One initiative's own posts, newest first, with a composer that posts into it for its members. */
export default function InitiativeFeed(props: { initiative: string; canPost: boolean }) {
  const { data: me } = useMeQuery();
  return (
    <Box component="section" aria-labelledby="initiative-posts-title" sx={{ mt: 3 }}>
      <Typography id="initiative-posts-title" component="h2" variant="h6" sx={{ mb: 1 }}>
        Posts
      </Typography>
      {props.canPost && <Composer me={me} initiatives={[]} initiative={props.initiative} />}
      <FeedList
        filter={{ initiative: props.initiative }}
        me={me}
        label="Posts of this initiative"
        empty={props.canPost ? 'Nothing here yet. Write the first post!' : 'Nothing here yet.'}
      />
    </Box>
  );
}
