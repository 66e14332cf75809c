import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLazyVerifyChainQuery, type VerifyReport, type VerifyTarget } from './api';

type Topic = NonNullable<VerifyTarget['topic']>;
/** The topics the audit log keeps, offered for a whole-topic check. */
const auditedTopics: readonly Topic[] = ['kudos', 'user-status'];

/** The history of one aggregate (the place a broken link is looked at). */
export const historyLink = (aggregateId: string) =>
  `/audit?tab=history&aggregate=${encodeURIComponent(aggregateId)}`;

function Findings(props: { report: VerifyReport }) {
  const { report } = props;
  const scope = report.aggregate ? `aggregate ${report.aggregate}` : report.topics.join(', ');
  if (report.holds)
    return (
      <Alert severity="success" role="status">
        <AlertTitle>The chain holds</AlertTitle>
        {report.checked} events of {report.aggregates} aggregates checked in {scope}: every previous-event
        hash and version sequence is whole.
      </Alert>
    );
  const first = report.firstBrokenLink;
  return (
    <Alert severity="error" role="status">
      <AlertTitle>The chain is broken</AlertTitle>
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {report.checked} events of {report.aggregates} aggregates checked in {scope}.
      </Typography>
      {first && (
        <Box sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          <Typography variant="body2">
            First broken link: version {first.version} of {first.aggregateId} at{' '}
            <Link component={RouterLink} to={historyLink(first.aggregateId)}>
              {first.position}
            </Link>
            {first.previousPosition && <> (after {first.previousPosition})</>}.
          </Typography>
          <Typography variant="body2" sx={{ fontFamily: 'monospace', fontSize: 12 }}>
            expected previous hash {first.expectedPrevHash}
            <br />
            found {first.foundPrevHash}
          </Typography>
        </Box>
      )}
      {report.brokenLinks.length > 1 && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {report.brokenLinks.length} broken links in all.
        </Typography>
      )}
      {report.missingVersions.map((missing) => (
        <Typography key={missing.aggregateId} variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          Missing versions of{' '}
          <Link component={RouterLink} to={historyLink(missing.aggregateId)}>
            {missing.aggregateId}
          </Link>
          : {missing.versions.join(', ')}.
        </Typography>
      ))}
      {report.reordered.map((event) => (
        <Typography key={event.position} variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          Out of order: version {event.version} of{' '}
          <Link component={RouterLink} to={historyLink(event.aggregateId)}>
            {event.aggregateId}
          </Link>{' '}
          at {event.position} comes after version {event.after}.
        </Typography>
      ))}
      {report.unreadable.map((record) => (
        <Typography key={record.position} variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          Unreadable record at {record.position}: {record.reason}.
        </Typography>
      ))}
    </Alert>
  );
}

/** Re-reads the log and checks the hash chain and version sequence of one aggregate or a topic. */
export function VerifyPanel() {
  const [scope, setScope] = useState<'aggregate' | 'topic'>('aggregate');
  const [aggregate, setAggregate] = useState('');
  const [topic, setTopic] = useState<Topic>('kudos');
  const [missing, setMissing] = useState(false);
  const [verify, { data, error, isFetching }] = useLazyVerifyChainQuery();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scope === 'aggregate' && aggregate.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    void verify(scope === 'aggregate' ? { aggregate: aggregate.trim() } : { topic });
  };

  return (
    <Stack spacing={2}>
      <Box component="form" noValidate aria-label="Verify the hash chain" onSubmit={submit}>
        <RadioGroup
          row
          aria-label="What to verify"
          value={scope}
          onChange={(event) => setScope(event.target.value as 'aggregate' | 'topic')}
        >
          <FormControlLabel value="aggregate" control={<Radio />} label="One aggregate" />
          <FormControlLabel value="topic" control={<Radio />} label="A whole topic" />
        </RadioGroup>
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1.5}
          sx={{ mt: 1, alignItems: { sm: 'flex-start' } }}
        >
          {scope === 'aggregate' ? (
            <TextField
              size="small"
              label="Aggregate id"
              value={aggregate}
              onChange={(event) => setAggregate(event.target.value)}
              error={missing}
              helperText={missing ? 'Enter the id of the aggregate to verify.' : 'A person’s or a kudos id'}
              sx={{ minWidth: { sm: 320 } }}
            />
          ) : (
            <TextField
              select
              size="small"
              label="Topic"
              value={topic}
              onChange={(event) => setTopic(event.target.value as Topic)}
              sx={{ minWidth: { sm: 200 } }}
            >
              {auditedTopics.map((name) => (
                <MenuItem key={name} value={name}>
                  {name}
                </MenuItem>
              ))}
            </TextField>
          )}
          <Button type="submit" variant="contained" disabled={isFetching}>
            Verify
          </Button>
        </Stack>
      </Box>
      <ErrorAlert error={error} />
      {isFetching && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
          <CircularProgress aria-label="Re-reading the log" />
        </Box>
      )}
      {data && !isFetching && <Findings report={data} />}
    </Stack>
  );
}
