import CssBaseline from '@mui/material/CssBaseline';
import GlobalStyles from '@mui/material/GlobalStyles';
import { ThemeProvider } from '@mui/material/styles';
import { Suspense, useState, type ReactNode } from 'react';
import { Provider } from 'react-redux';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './router';
import { makeStore, type AppStore } from './store';
import { theme } from './theme';

const skipLink = {
  '.skip-link': { position: 'absolute', left: -9999, top: 0, zIndex: 2000, padding: 8 },
  '.skip-link:focus': { left: 8, background: 'Canvas', color: 'CanvasText' },
  '.visually-hidden': {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
} as const;

/** Theme, store and global styles around any tree (the app, or a component under test). */
export function Providers(props: { store: AppStore; children: ReactNode }) {
  return (
    <Provider store={props.store}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        <GlobalStyles styles={skipLink} />
        {props.children}
      </ThemeProvider>
    </Provider>
  );
}

export function App() {
  const [store] = useState(makeStore);
  return (
    <Providers store={store}>
      <BrowserRouter>
        <Suspense fallback={null}>
          <AppRoutes />
        </Suspense>
      </BrowserRouter>
    </Providers>
  );
}
