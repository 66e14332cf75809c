import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import dayjs from 'dayjs';
import type { StatusChange } from '../../api/types';

/** A change recorded more than a minute after it took effect was backdated. */
export const isBackdated = (change: StatusChange) =>
  Date.parse(change.recordedAt) - Date.parse(change.effectiveAt) > 60_000;

const when = (instant: string) => dayjs(instant).format('D MMM YYYY, HH:mm');

/** Status changes, newest effective first, each with when it took effect and when it was recorded. */
export function StatusTimeline(props: { changes: StatusChange[]; statusName: (id: string) => string }) {
  if (props.changes.length === 0) return <Typography color="text.secondary">No status set yet.</Typography>;
  return (
    <List aria-label="Status timeline" dense>
      {props.changes.map((change) => (
        <ListItem key={`${change.recordedAt}-${change.effectiveAt}-${change.status}`} divider>
          <ListItemText
            primary={
              <>
                <strong>{props.statusName(change.status)}</strong>: {change.reason}{' '}
                {isBackdated(change) && (
                  <Chip size="small" color="warning" variant="outlined" label="Backdated" />
                )}
              </>
            }
            secondary={
              <>
                Effective <time dateTime={change.effectiveAt}>{when(change.effectiveAt)}</time> · recorded{' '}
                <time dateTime={change.recordedAt}>{when(change.recordedAt)}</time>
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
