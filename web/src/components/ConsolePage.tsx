import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { RequirePermission } from './RequirePermission';

export interface ConsoleTab {
  readonly id: string;
  readonly label: string;
  readonly panel: () => ReactNode;
}

/**
 * An operator's console: a page behind a permission, with its views as tabs kept in the URL
 * (`?tab=<id>`, the first by default) so a view can be linked to and survives a reload.
 */
export function ConsolePage(props: {
  readonly title: string;
  /** Used in the tabs' ids and label: `audit` gives `audit-tab-history`, `audit-panel`. */
  readonly name: string;
  readonly tabsLabel: string;
  readonly permission: string;
  readonly what: string;
  readonly tabs: readonly [ConsoleTab, ...ConsoleTab[]];
}) {
  const [params, setParams] = useSearchParams();
  const current = props.tabs.find((tab) => tab.id === params.get('tab')) ?? props.tabs[0];
  // Wide screens show every tab at once (the admin's seven fit at 1280 px); phones scroll them.
  const wide = useMediaQuery('(min-width:900px)', { noSsr: true });
  return (
    <RequirePermission permission={props.permission} what={props.what}>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        {props.title}
      </Typography>
      <Tabs
        // Mounted afresh when the layout switches (a window widened, a tablet turned): the scrolled
        // strip's offset and its indicator's place are measured again.
        key={wide ? 'wide' : 'narrow'}
        value={current.id}
        onChange={(_event, tab: string) => setParams({ tab })}
        variant={wide ? 'standard' : 'scrollable'}
        aria-label={props.tabsLabel}
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {props.tabs.map((tab) => (
          <Tab
            key={tab.id}
            value={tab.id}
            label={tab.label}
            id={`${props.name}-tab-${tab.id}`}
            aria-controls={`${props.name}-panel`}
            sx={{ minWidth: { md: 0 }, px: { md: 1 }, fontSize: { md: '0.8125rem' } }}
          />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`${props.name}-panel`} aria-labelledby={`${props.name}-tab-${current.id}`}>
        {current.panel()}
      </Box>
    </RequirePermission>
  );
}
