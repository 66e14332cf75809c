import { ConsolePage } from '../../components/ConsolePage';
import { BroadcastPanel } from './BroadcastPanel';
import { BudgetPanel } from './BudgetPanel';
import { CatalogsPanel } from './CatalogsPanel';
import { DeadLettersPanel } from './DeadLettersPanel';
import { ProjectionsPanel } from './ProjectionsPanel';
import { ServiceAccountsPanel } from './ServiceAccountsPanel';
import { UsersPanel } from './UsersPanel';

/**
 * The admin's console: the read side (projections: lag, rebuild, diff, switch; dead letters), the
 * catalogs and the kudos budget, people's roles and accounts, service accounts, and broadcasts.
 */
export default function AdminPage() {
  return (
    <ConsolePage
      title="Operations"
      name="admin"
      tabsLabel="Operations views"
      permission="projections:manage"
      what="The admin console"
      tabs={[
        { id: 'projections', label: 'Projections', panel: () => <ProjectionsPanel /> },
        { id: 'dead-letters', label: 'Dead letters', panel: () => <DeadLettersPanel /> },
        { id: 'catalogs', label: 'Catalogs', panel: () => <CatalogsPanel /> },
        { id: 'budget', label: 'Kudos budget', panel: () => <BudgetPanel /> },
        { id: 'users', label: 'Users', panel: () => <UsersPanel /> },
        { id: 'service-accounts', label: 'Service accounts', panel: () => <ServiceAccountsPanel /> },
        { id: 'broadcast', label: 'Broadcast', panel: () => <BroadcastPanel /> },
      ]}
    />
  );
}
