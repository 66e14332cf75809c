import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import type { SerializedError } from '@reduxjs/toolkit';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import { sentenceFor } from '../api/errors';

/** A failed call in words, with a retry when there is something to retry. */
export function ErrorAlert(props: {
  error: FetchBaseQueryError | SerializedError | undefined;
  onRetry?: () => void;
}) {
  if (props.error === undefined) return null;
  return (
    <Alert
      severity="error"
      action={
        props.onRetry ? (
          <Button color="inherit" size="small" onClick={props.onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      {sentenceFor(props.error)}
    </Alert>
  );
}
