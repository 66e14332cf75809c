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
    // The name is text, not aria-label: the badge's number is visible text a label would contradict.
    <IconButton component={RouterLink} to="/notifications">
      <Badge badgeContent={unread} color="secondary" max={99} slotProps={{ badge: { 'aria-hidden': true } }}>
        <NotificationsIcon />
      </Badge>
      <span className="visually-hidden">
        {unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
      </span>
    </IconButton>
  );
}
