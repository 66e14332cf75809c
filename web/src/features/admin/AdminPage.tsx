import { ConsolePage } from '../../components/ConsolePage';
import { DeadLettersPanel } from './DeadLettersPanel';
import { ProjectionsPanel } from './ProjectionsPanel';

/** The admin's console for the read side: projections (lag, rebuild, diff, switch) and dead letters. */
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
      ]}
    />
  );
}
