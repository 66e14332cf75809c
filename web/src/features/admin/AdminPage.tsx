import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router';
import { RequirePermission } from '../../components/RequirePermission';
import { DeadLettersPanel } from './DeadLettersPanel';
import { ProjectionsPanel } from './ProjectionsPanel';

const tabs = [
  { id: 'projections', label: 'Projections' },
  { id: 'dead-letters', label: 'Dead letters' },
] as const;
type TabId = (typeof tabs)[number]['id'];

/** The admin's console for the read side: projections (lag, rebuild, diff, switch) and dead letters. */
export default function AdminPage() {
  const [params, setParams] = useSearchParams();
  const current: TabId = tabs.find((tab) => tab.id === params.get('tab'))?.id ?? 'projections';
  return (
    <RequirePermission permission="projections:manage" what="The admin console">
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        Operations
      </Typography>
      <Tabs
        value={current}
        onChange={(_event, tab: TabId) => setParams({ tab })}
        variant="scrollable"
        aria-label="Operations views"
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {tabs.map((tab) => (
          <Tab
            key={tab.id}
            value={tab.id}
            label={tab.label}
            id={`admin-tab-${tab.id}`}
            aria-controls="admin-panel"
          />
        ))}
      </Tabs>
      <Box role="tabpanel" id="admin-panel" aria-labelledby={`admin-tab-${current}`}>
        {current === 'projections' ? <ProjectionsPanel /> : <DeadLettersPanel />}
      </Box>
    </RequirePermission>
  );
}
