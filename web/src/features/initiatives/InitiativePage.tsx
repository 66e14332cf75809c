import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import CircularProgress from '@mui/material/CircularProgress';
import { Suspense, type ComponentType } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { useMeQuery } from '../../api/shared';
import { CoverImage } from '../../components/CoverImage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ChooseImagesButton, UploadList } from '../../components/ImageUploads';
import { nameOf } from '../../components/people';
import { useImageUploads } from '../../components/useImageUploads';
import {
  useAnswerRequestMutation,
  useChangeCoverMutation,
  useArchiveMutation,
  useInitiativeQuery,
  useJoinMutation,
  useRemoveMemberMutation,
  useTransferMutation,
} from './api';

/** What the initiative page shows of its posts: the feed feature's, handed in where the app puts pages together. */
export type InitiativeFeedComponent = ComponentType<{ initiative: string; canPost: boolean }>;

/** The owner's cover control: a new image uploaded (progress, refusal in words), then set; or removed. */
function CoverControl(props: { id: string; hasCover: boolean }) {
  const covers = useImageUploads('cover');
  const [changeCover, changing] = useChangeCoverMutation();
  const busy = covers.busy || changing.isLoading;
  return (
    <Box sx={{ display: 'grid', gap: 1, mb: 2 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <ChooseImagesButton
          label={props.hasCover ? 'Change the cover' : 'Add a cover'}
          disabled={busy}
          onChosen={([file]) => {
            if (file === undefined) return;
            covers.clear();
            void covers.start(file).then(async (image) => {
              if (image === undefined) return;
              const result = await changeCover({
                id: props.id,
                cover: image.id,
                idempotencyKey: newIdempotencyKey(),
              });
              if (!('error' in result)) covers.clear();
            });
          }}
        />
        {props.hasCover && (
          <Button
            disabled={busy}
            onClick={() =>
              void changeCover({ id: props.id, cover: null, idempotencyKey: newIdempotencyKey() })
            }
          >
            Remove the cover
          </Button>
        )}
      </Box>
      <UploadList uploads={covers.uploads} onRemove={covers.remove} thumbnail="640x360" />
      {changing.error && <Alert severity="error">{sentenceFor(changing.error)}</Alert>}
    </Box>
  );
}

/**
 * An initiative: members and roles, join or ask to join, the owner's tools, and its own posts with
 * a composer for its members (`feed`).
 */
export default function InitiativePage(props: { feed: InitiativeFeedComponent }) {
  const { id = '' } = useParams();
  const Feed = props.feed;
  const { data: me } = useMeQuery();
  const { data: initiative, error, refetch } = useInitiativeQuery(id);
  const [join, joining] = useJoinMutation();
  const [remove, removing] = useRemoveMemberMutation();
  const [answer, answering] = useAnswerRequestMutation();
  const [transfer, transferring] = useTransferMutation();
  const [archive, archiving] = useArchiveMutation();
  const writeError =
    joining.error ?? removing.error ?? answering.error ?? transferring.error ?? archiving.error;

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!initiative) return <Typography>Loading…</Typography>;
  const owns = me !== undefined && initiative.owner === me.id;
  const membership = initiative.myMembership;
  const member = membership === 'owner' || membership === 'member';
  const key = newIdempotencyKey;

  return (
    <Box>
      <Box sx={{ mb: initiative.cover ? 2 : 0, borderRadius: 1, overflow: 'hidden' }}>
        <CoverImage cover={initiative.cover} name={initiative.name} sizes="(max-width: 900px) 100vw, 900px" />
      </Box>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography component="h1" variant="h5" sx={{ flexGrow: 1 }}>
          {initiative.name}
        </Typography>
        <Chip label={initiative.visibility === 'public' ? 'Public' : 'Invite-only'} variant="outlined" />
        {initiative.archived && <Chip label="Archived" />}
      </Box>
      <Typography sx={{ mb: 2 }}>{initiative.description || 'No description.'}</Typography>
      {owns && !initiative.archived && <CoverControl id={id} hasCover={initiative.cover !== null} />}
      {writeError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {sentenceFor(writeError)}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        {membership === null && !initiative.archived && (
          <Button
            variant="contained"
            disabled={joining.isLoading}
            onClick={() => void join({ id, idempotencyKey: key() })}
          >
            {initiative.visibility === 'public' ? 'Join' : 'Ask to join'}
          </Button>
        )}
        {membership === 'requested' && <Chip color="info" label="You asked to join; the owner will answer" />}
        {membership === 'member' && (
          <Button onClick={() => me && void remove({ id, userId: me.id, idempotencyKey: key() })}>
            Leave
          </Button>
        )}
        {owns && !initiative.archived && (
          <Button color="error" onClick={() => void archive({ id, idempotencyKey: key() })}>
            Archive
          </Button>
        )}
      </Box>

      {owns && (initiative.pendingRequests ?? []).length > 0 && (
        <Paper component="section" aria-label="Requests to join" sx={{ p: 2, mb: 2 }}>
          <Typography component="h2" variant="h6">
            Requests to join
          </Typography>
          <List>
            {(initiative.pendingRequests ?? []).map((request) => (
              <ListItem
                key={request.userId}
                secondaryAction={
                  <Box sx={{ display: 'flex', gap: 1 }}>
                    <Button
                      size="small"
                      variant="contained"
                      onClick={() =>
                        void answer({ id, userId: request.userId, approve: true, idempotencyKey: key() })
                      }
                    >
                      Approve {nameOf(request.user)}
                    </Button>
                    <Button
                      size="small"
                      onClick={() =>
                        void answer({ id, userId: request.userId, approve: false, idempotencyKey: key() })
                      }
                    >
                      Decline
                    </Button>
                  </Box>
                }
              >
                <ListItemText primary={nameOf(request.user)} />
              </ListItem>
            ))}
          </List>
        </Paper>
      )}

      <Paper component="section" aria-label="Members" sx={{ p: 2 }}>
        <Typography component="h2" variant="h6">
          Members ({initiative.memberCount})
        </Typography>
        <List>
          {initiative.members.map((each) => (
            <ListItem
              key={each.userId}
              secondaryAction={
                owns && each.userId !== me?.id ? (
                  <Box sx={{ display: 'flex', gap: 1 }}>
                    <Button
                      size="small"
                      onClick={() => void transfer({ id, userId: each.userId, idempotencyKey: key() })}
                    >
                      Make owner
                    </Button>
                    <Button
                      size="small"
                      color="error"
                      onClick={() => void remove({ id, userId: each.userId, idempotencyKey: key() })}
                    >
                      Remove
                    </Button>
                  </Box>
                ) : undefined
              }
            >
              <ListItemText
                primary={
                  <RouterLink to={`/people/${encodeURIComponent(each.userId)}`} style={{ color: 'inherit' }}>
                    {nameOf(each.user)}
                  </RouterLink>
                }
                secondary={each.role === 'owner' ? 'Owner' : 'Member'}
              />
            </ListItem>
          ))}
        </List>
      </Paper>

      {/* Public initiatives show their posts to everyone; invite-only ones to their members. */}
      {(member || initiative.visibility === 'public') && (
        <Suspense
          fallback={
            <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
              <CircularProgress aria-label="Loading the posts" />
            </Box>
          }
        >
          <Feed initiative={initiative.id} canPost={member && !initiative.archived} />
        </Suspense>
      )}
    </Box>
  );
}
