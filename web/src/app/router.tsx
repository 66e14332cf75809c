import { lazy, type ComponentType } from 'react';
import { matchRoutes, useRoutes, type RouteObject } from 'react-router';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';

/** A page loaded on its first visit, whose `preload` starts that loading ahead of its first render. */
function page<Props extends object>(load: () => Promise<{ default: ComponentType<Props> }>) {
  return Object.assign(lazy(load), { preload: load });
}

const SignInPage = page(() => import('../features/auth/SignInPage'));
const SignUpPage = page(() => import('../features/auth/SignUpPage'));
const FeedPage = page(() => import('../features/feed/FeedPage'));
const PeoplePage = page(() => import('../features/people/PeoplePage'));
const ProfilePage = page(() => import('../features/people/ProfilePage'));
const InitiativesPage = page(() => import('../features/initiatives/InitiativesPage'));
const InitiativePage = page(() => import('../features/initiatives/InitiativePage'));
const InitiativeFeed = page(() => import('../features/feed/InitiativeFeed'));
const NotificationsPage = page(() => import('../features/notifications/NotificationsPage'));
const LeaderboardPage = page(() => import('../features/leaderboard/LeaderboardPage'));
const AuditPage = page(() => import('../features/audit/AuditPage'));
const AdminPage = page(() => import('../features/admin/AdminPage'));

/** Every page of the app; each loads on first visit. */
export const routes: RouteObject[] = [
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
      // Features never import each other: the initiative page gets the feed's section here.
      { path: 'initiatives/:id', element: <InitiativePage feed={InitiativeFeed} /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'leaderboard', element: <LeaderboardPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: '*', element: <FeedPage /> },
    ],
  },
];

/**
 * The pages for the current URL. A declarative router (inside `BrowserRouter`): the app uses no
 * loaders or actions, and the data router's code would add 18 KB gzip to the first page.
 */
export function AppRoutes() {
  return useRoutes(routes);
}

/**
 * Starts loading the page at `pathname` at once: a returning person's first page then downloads
 * beside the session's resume (a token refresh) instead of after it.
 */
export function preloadPageAt(pathname: string): void {
  for (const match of matchRoutes(routes, pathname) ?? []) {
    const type = (match.route.element as { type?: { preload?: () => Promise<unknown> } } | undefined)?.type;
    void type?.preload?.();
  }
}
