import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router';
import { RequirePermission } from '../../components/RequirePermission';
import { HistoryPanel } from './HistoryPanel';
import { PersonAsOfPanel } from './PersonAsOfPanel';
import { VerifyPanel } from './VerifyPanel';

const tabs = [
  { id: 'history', label: 'History' },
  { id: 'person', label: 'Person as of' },
  { id: 'verify', label: 'Verify chain' },
] as const;
type TabId = (typeof tabs)[number]['id'];

/** The auditor's console: the kudos and status history, a person as of an instant, chain checks. */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const current: TabId = tabs.find((tab) => tab.id === params.get('tab'))?.id ?? 'history';
  return (
    <RequirePermission permission="audit:read" what="The audit console">
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        Audit
      </Typography>
      <Tabs
        value={current}
        onChange={(_event, tab: TabId) => setParams({ tab })}
        variant="scrollable"
        aria-label="Audit views"
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {tabs.map((tab) => (
          <Tab
            key={tab.id}
            value={tab.id}
            label={tab.label}
            id={`audit-tab-${tab.id}`}
            aria-controls="audit-panel"
          />
        ))}
      </Tabs>
      <Box role="tabpanel" id="audit-panel" aria-labelledby={`audit-tab-${current}`}>
        {current === 'history' && <HistoryPanel />}
        {current === 'person' && <PersonAsOfPanel />}
        {current === 'verify' && <VerifyPanel />}
      </Box>
    </RequirePermission>
  );
}
