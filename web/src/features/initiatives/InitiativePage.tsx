import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { CoverImage } from '../../components/CoverImage';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { useMeQuery } from '../../api/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { nameOf } from '../../components/people';
import {
  useAnswerRequestMutation,
  useArchiveMutation,
  useInitiativeQuery,
  useJoinMutation,
  useRemoveMemberMutation,
  useTransferMutation,
} from './api';

/** An initiative: members and roles, join or ask to join, and the owner's tools. */
export default function InitiativePage() {
  const { id = '' } = useParams();
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
      {writeError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {sentenceFor(writeError)}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        {member && (
          <Button
            variant="contained"
            component={RouterLink}
            to={`/?initiative=${encodeURIComponent(initiative.id)}`}
          >
            Open its feed
          </Button>
        )}
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
    </Box>
  );
}
