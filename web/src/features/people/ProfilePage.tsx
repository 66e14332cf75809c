import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import EditIcon from '@mui/icons-material/EditOutlined';
import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router';
import { useKudosKindsQuery, useMeQuery, useUserQuery } from '../../api/shared';
import { useAppDispatch } from '../../app/store';
import { giveKudosOpened } from '../../app/ui';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PersonName } from '../../components/PersonName';
import { nameOf } from '../../components/people';
import { PersonAvatar } from '../../components/PersonAvatar';
import { AvatarEditor } from './AvatarEditor';
import { useGendersQuery, useStatusesQuery, useStatusHistoryQuery, useUserKudosQuery } from './api';
import { EditProfileDialog } from './EditProfileDialog';
import { SetStatusForm } from './SetStatusForm';
import { StatusTimeline } from './StatusTimeline';

const KudosByKindChart = lazy(() => import('./KudosByKindChart'));

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Paper component="section" aria-label={props.title} sx={{ p: 2, mb: 2 }}>
      <Typography component="h2" variant="h6" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Paper>
  );
}

/** A person: status, kudos by kind, kudos received and given, the status timeline; one's own status. */
export default function ProfilePage() {
  const { id = '' } = useParams();
  const dispatch = useAppDispatch();
  const { data: me } = useMeQuery();
  const { data: person, error, refetch } = useUserQuery(id);
  const { data: kinds } = useKudosKindsQuery();
  const { data: statuses } = useStatusesQuery();
  const { data: history } = useStatusHistoryQuery(id);
  const [direction, setDirection] = useState<'received' | 'given'>('received');
  const [editingAvatar, setEditingAvatar] = useState(false);
  const [editing, setEditing] = useState(false);
  const { data: genders } = useGendersQuery(undefined, { skip: !person?.gender });
  const { data: kudos } = useUserKudosQuery({ id, direction });
  const mine = me?.id === id;
  const kindName = (kind: string) => kinds?.items.find((each) => each.id === kind)?.name ?? kind;
  const statusName = (status: string) => statuses?.items.find((each) => each.id === status)?.name ?? status;

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!person) return <Typography>Loading…</Typography>;
  const details = [
    person.mobile ? `Mobile ${person.mobile}` : null,
    person.birthDate ? `Born ${dayjs(person.birthDate).format('D MMMM YYYY')}` : null,
    person.gender ? (genders?.items.find((each) => each.id === person.gender)?.name ?? null) : null,
  ].filter((each): each is string => each !== null);
  const byKind = Object.entries(person.kudosReceived?.byKind ?? {}).map(([kind, count]) => ({
    kind: kindName(kind),
    count,
  }));

  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
        <Box sx={{ display: 'grid', justifyItems: 'center' }}>
          <PersonAvatar person={person} size={64} />
          {mine && (
            <Button size="small" onClick={() => setEditingAvatar(true)}>
              Change photo
            </Button>
          )}
        </Box>
        {editingAvatar && (
          <AvatarEditor
            userId={id}
            hasAvatar={person.avatar !== null}
            onClose={() => setEditingAvatar(false)}
          />
        )}
        <Box sx={{ flexGrow: 1 }}>
          <Typography component="h1" variant="h5">
            {nameOf(person)}
          </Typography>
          <Typography color="text.secondary">{person.email}</Typography>
          {person.status && (
            <Chip
              sx={{ mt: 0.5 }}
              label={`${statusName(person.status.status)}: ${person.status.reason}`}
              aria-label={`Current status: ${statusName(person.status.status)}, ${person.status.reason}`}
            />
          )}
        </Box>
        {mine && (
          <Button variant="outlined" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
            Edit profile
          </Button>
        )}
        {!mine && person.active && (
          <Button
            variant="contained"
            startIcon={<VolunteerActivismIcon />}
            onClick={() => dispatch(giveKudosOpened({ receiver: person.id }))}
          >
            Give {person.firstName} kudos
          </Button>
        )}
      </Box>
      {person.bio && <Typography sx={{ mb: 2, whiteSpace: 'pre-wrap' }}>{person.bio}</Typography>}
      {details.length > 0 && (
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {details.join(' · ')}
        </Typography>
      )}
      {editing && me && <EditProfileDialog me={me} onClose={() => setEditing(false)} />}

      <Section title={`Kudos received: ${person.kudosReceived?.total ?? 0}`}>
        {byKind.length === 0 ? (
          <Typography color="text.secondary">No kudos yet.</Typography>
        ) : (
          <Suspense fallback={<Typography>Loading the chart…</Typography>}>
            <KudosByKindChart byKind={byKind} />
          </Suspense>
        )}
        <Tabs
          value={direction}
          onChange={(_event, value: 'received' | 'given') => setDirection(value)}
          aria-label="Kudos lists"
        >
          <Tab value="received" label="Received" />
          <Tab value="given" label="Given" />
        </Tabs>
        <List aria-label={`Kudos ${direction}`} dense>
          {(kudos?.items ?? []).map((each) => (
            <ListItem key={each.id} divider>
              <ListItemText
                primary={
                  <>
                    {direction === 'received' ? (
                      <>
                        From <PersonName id={each.from} />
                      </>
                    ) : (
                      <>
                        To <PersonName id={each.to} />
                      </>
                    )}
                    {' · '}
                    <strong>{kindName(each.kind)}</strong>
                    {each.revoked ? ' (revoked)' : ''}
                  </>
                }
                secondary={`“${each.reason}” · ${dayjs(each.givenAt).format('D MMM YYYY')}`}
              />
            </ListItem>
          ))}
          {kudos && kudos.items.length === 0 && (
            <ListItem>
              <ListItemText secondary="None yet." />
            </ListItem>
          )}
        </List>
      </Section>

      {mine && (
        <Section title="Set your status">
          <SetStatusForm userId={id} statuses={statuses?.items ?? []} />
        </Section>
      )}
      <Section title="Status timeline">
        <StatusTimeline changes={history?.items ?? []} statusName={statusName} />
      </Section>
    </Box>
  );
}
