import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import MenuIcon from '@mui/icons-material/Menu';
import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import CircularProgress from '@mui/material/CircularProgress';
import { useMeQuery } from '../api/shared';
import { nameOf } from '../components/people';
import { PersonAvatar } from '../components/PersonAvatar';
import { useSignOutMutation } from '../features/auth/api';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { permissionsOf } from './session';
import { useAppDispatch, useAppSelector } from './store';
import { giveKudosClosed, giveKudosOpened } from './ui';

// Loaded when first opened: the dialog and its pickers stay out of the first page's JavaScript.
const GiveKudosDialog = lazy(() =>
  import('../features/kudos/GiveKudosDialog').then((module) => ({ default: module.GiveKudosDialog })),
);

const allSections = [
  { to: '/', label: 'Feed' },
  { to: '/people', label: 'People' },
  { to: '/initiatives', label: 'Initiatives' },
  { to: '/leaderboard', label: 'Leaderboard' },
  // The consoles, shown to those whose token carries the permission their routes check.
  { to: '/audit', label: 'Audit', permission: 'audit:read' },
  { to: '/admin', label: 'Operations', permission: 'projections:manage' },
] as const;

const isCurrent = (pathname: string, to: string) => (to === '/' ? pathname === '/' : pathname.startsWith(to));

/** The signed-in frame: top bar (sections, give kudos, the bell, my menu) and the page. */
export function Layout() {
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: me } = useMeQuery();
  const [signOut] = useSignOutMutation();
  const [drawer, setDrawer] = useState(false);
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const giveKudos = useAppSelector((state) => state.ui.giveKudos);
  const accessToken = useAppSelector((state) => state.session.accessToken);
  const permissions = useMemo(() => permissionsOf(accessToken), [accessToken]);
  const sections = allSections.filter(
    (section) => !('permission' in section) || permissions.includes(section.permission),
  );

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppBar position="sticky" color="default" elevation={1} component="header">
        <Toolbar sx={{ gap: 1 }}>
          <IconButton
            edge="start"
            aria-label="Open navigation"
            onClick={() => setDrawer(true)}
            sx={{ display: { md: 'none' } }}
          >
            <MenuIcon />
          </IconButton>
          <Typography
            component={RouterLink}
            to="/"
            variant="h6"
            sx={{ color: 'inherit', textDecoration: 'none', fontWeight: 700, mr: 2 }}
          >
            Engage
          </Typography>
          <Box component="nav" aria-label="Sections" sx={{ display: { xs: 'none', md: 'flex' }, gap: 0.5 }}>
            {sections.map((section) => (
              <Button
                key={section.to}
                component={RouterLink}
                to={section.to}
                color="inherit"
                aria-current={isCurrent(pathname, section.to) ? 'page' : undefined}
                sx={{ fontWeight: isCurrent(pathname, section.to) ? 700 : 400 }}
              >
                {section.label}
              </Button>
            ))}
          </Box>
          <Box sx={{ flexGrow: 1 }} />
          <Button
            variant="contained"
            aria-label="Give kudos"
            onClick={() => dispatch(giveKudosOpened())}
            sx={{ whiteSpace: 'nowrap', minWidth: 0, gap: 1 }}
          >
            <VolunteerActivismIcon fontSize="small" />
            {/* On a phone the top bar has room for the icon only; the label stays for screen readers. */}
            <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
              Give kudos
            </Box>
          </Button>
          <NotificationBell />
          <IconButton onClick={(event) => setMenuAnchor(event.currentTarget)}>
            <PersonAvatar person={me} size={32} />
            <span className="visually-hidden">Your account</span>
          </IconButton>
          <Menu anchorEl={menuAnchor} open={menuAnchor !== null} onClose={() => setMenuAnchor(null)}>
            <MenuItem disabled>{me ? nameOf(me) : 'Your account'}</MenuItem>
            <MenuItem
              onClick={() => {
                setMenuAnchor(null);
                if (me) void navigate(`/people/${encodeURIComponent(me.id)}`);
              }}
            >
              Your profile
            </MenuItem>
            <MenuItem
              onClick={() => {
                setMenuAnchor(null);
                void signOut();
              }}
            >
              Sign out
            </MenuItem>
          </Menu>
        </Toolbar>
      </AppBar>
      <Drawer open={drawer} onClose={() => setDrawer(false)}>
        <Box component="nav" aria-label="Sections" sx={{ width: 240 }}>
          <List>
            {sections.map((section) => (
              <ListItemButton
                key={section.to}
                component={RouterLink}
                to={section.to}
                selected={isCurrent(pathname, section.to)}
                onClick={() => setDrawer(false)}
              >
                <ListItemText primary={section.label} />
              </ListItemButton>
            ))}
            <ListItemButton component={RouterLink} to="/notifications" onClick={() => setDrawer(false)}>
              <ListItemText primary="Notifications" />
            </ListItemButton>
          </List>
        </Box>
      </Drawer>
      <Container component="main" id="main" maxWidth="md" sx={{ py: 3, px: { xs: 1.5, sm: 3 } }}>
        <Suspense
          fallback={
            <Box sx={{ display: 'grid', placeItems: 'center', py: 6 }}>
              <CircularProgress aria-label="Loading the page" />
            </Box>
          }
        >
          <Outlet />
        </Suspense>
      </Container>
      {giveKudos && (
        <Suspense fallback={null}>
          <GiveKudosDialog receiver={giveKudos.receiver} onClose={() => dispatch(giveKudosClosed())} />
        </Suspense>
      )}
    </>
  );
}
