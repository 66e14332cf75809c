import { ConsolePage } from '../../components/ConsolePage';
import { HistoryPanel } from './HistoryPanel';
import { PersonAsOfPanel } from './PersonAsOfPanel';
import { VerifyPanel } from './VerifyPanel';

/** The auditor's console: the kudos and status history, a person as of an instant, chain checks. */
export default function AuditPage() {
  return (
    <ConsolePage
      title="Audit"
      name="audit"
      tabsLabel="Audit views"
      permission="audit:read"
      what="The audit console"
      tabs={[
        { id: 'history', label: 'History', panel: () => <HistoryPanel /> },
        { id: 'person', label: 'Person as of', panel: () => <PersonAsOfPanel /> },
        { id: 'verify', label: 'Verify chain', panel: () => <VerifyPanel /> },
      ]}
    />
  );
}
