import Badge from '@mui/material/Badge';
import IconButton from '@mui/material/IconButton';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { Link as RouterLink } from 'react-router';
import { useInboxQuery } from './api';

/** The bell in the top bar: the unread count, live over the websocket. */
export function NotificationBell() {
  const { data } = useInboxQuery();
  const unread = data?.unreadCount ?? 0;
  return (
    <IconButton
      component={RouterLink}
      to="/notifications"
      aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
    >
      <Badge badgeContent={unread} color="secondary" max={99}>
        <NotificationsIcon />
      </Badge>
    </IconButton>
  );
}
