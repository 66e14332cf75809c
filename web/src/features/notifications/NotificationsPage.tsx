import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PersonName } from '../../components/PersonName';
import { useInboxQuery, useMarkAllReadMutation, useMarkReadMutation } from './api';
import { describe } from './describe';

dayjs.extend(relativeTime);

export default function NotificationsPage() {
  const navigate = useNavigate();
  const { data, error, refetch, isLoading } = useInboxQuery();
  const [markRead] = useMarkReadMutation();
  const [markAllRead, { error: markAllError }] = useMarkAllReadMutation();
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 2, gap: 2, flexWrap: 'wrap' }}>
        <Typography component="h1" variant="h5" sx={{ flexGrow: 1 }}>
          Notifications
        </Typography>
        <Button onClick={() => void markAllRead()} disabled={(data?.unreadCount ?? 0) === 0}>
          Mark all read
        </Button>
      </Box>
      <ErrorAlert error={error ?? markAllError} onRetry={() => void refetch()} />
      {isLoading && <Typography>Loading…</Typography>}
      {data && data.items.length === 0 && <Typography color="text.secondary">Nothing yet.</Typography>}
      {data && data.items.length > 0 && (
        <Paper>
          <List aria-label="Notifications">
            {data.items.map((notification) => {
              const { actor, sentence, to } = describe(notification);
              return (
                <ListItem key={notification.id} disablePadding>
                  <ListItemButton
                    onClick={() => {
                      if (!notification.read) void markRead(notification.id);
                      void navigate(to);
                    }}
                    sx={{ borderLeft: 4, borderColor: notification.read ? 'transparent' : 'secondary.main' }}
                  >
                    <ListItemText
                      primary={
                        <>
                          {actor && <PersonName id={actor} link={false} />} {sentence}
                          {!notification.read && <span className="visually-hidden"> (unread)</span>}
                        </>
                      }
                      secondary={dayjs(notification.createdAt).fromNow()}
                      slotProps={{ primary: { sx: { fontWeight: notification.read ? 400 : 600 } } }}
                    />
                  </ListItemButton>
                </ListItem>
              );
            })}
          </List>
        </Paper>
      )}
    </Box>
  );
}
