import Avatar from '@mui/material/Avatar';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import dayjs from 'dayjs';
import { Link as RouterLink } from 'react-router';
import type { KudosItem } from '../../api/types';
import { giveKudosOpened } from '../../app/ui';
import { useAppDispatch } from '../../app/store';
import { nameOf } from '../../components/people';

/** Kudos in the company feed: giver, receiver, kind, reason, and a way to add one's own. */
export function KudosCard(props: { kudos: KudosItem; kindName: string; myId: string | undefined }) {
  const { kudos } = props;
  const dispatch = useAppDispatch();
  const to = nameOf(kudos.to);
  return (
    <Card
      component="article"
      aria-label={`Kudos to ${to}`}
      sx={{ mb: 2, borderLeft: 4, borderColor: 'secondary.main' }}
    >
      <CardHeader
        avatar={
          <Avatar sx={{ bgcolor: 'secondary.main' }} aria-hidden>
            <VolunteerActivismIcon />
          </Avatar>
        }
        title={
          <>
            <Link
              component={RouterLink}
              to={`/people/${kudos.from.id}`}
              underline="hover"
              sx={{ fontWeight: 600 }}
            >
              {nameOf(kudos.from)}
            </Link>{' '}
            gave{' '}
            <Link
              component={RouterLink}
              to={`/people/${kudos.to.id}`}
              underline="hover"
              sx={{ fontWeight: 600 }}
            >
              {to}
            </Link>{' '}
            kudos for <strong>{props.kindName}</strong>
          </>
        }
        subheader={<time dateTime={kudos.createdAt}>{dayjs(kudos.createdAt).fromNow()}</time>}
      />
      <CardContent sx={{ pt: 0 }}>
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>“{kudos.reason}”</Typography>
      </CardContent>
      {props.myId !== kudos.to.id && (
        <CardActions sx={{ px: 2 }}>
          <Button size="small" onClick={() => dispatch(giveKudosOpened({ receiver: kudos.to.id }))}>
            Give {to} kudos too
          </Button>
        </CardActions>
      )}
    </Card>
  );
}
