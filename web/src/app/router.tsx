import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';

const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const SignUpPage = lazy(() => import('../features/auth/SignUpPage'));
const FeedPage = lazy(() => import('../features/feed/FeedPage'));
const PeoplePage = lazy(() => import('../features/people/PeoplePage'));
const ProfilePage = lazy(() => import('../features/people/ProfilePage'));
const InitiativesPage = lazy(() => import('../features/initiatives/InitiativesPage'));
const InitiativePage = lazy(() => import('../features/initiatives/InitiativePage'));
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage'));
const LeaderboardPage = lazy(() => import('../features/leaderboard/LeaderboardPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));

/** Every page of the app; each loads on first visit. */
export const routes = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/sign-up', element: <SignUpPage /> },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <FeedPage /> },
      { path: 'people', element: <PeoplePage /> },
      { path: 'people/:id', element: <ProfilePage /> },
      { path: 'initiatives', element: <InitiativesPage /> },
      { path: 'initiatives/:id', element: <InitiativePage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'leaderboard', element: <LeaderboardPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: '*', element: <FeedPage /> },
    ],
  },
];

export const makeRouter = () => createBrowserRouter(routes);
