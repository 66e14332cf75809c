import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import { fakeUploads, imageFile } from '../../../test/uploads';
import { CreateInitiativeDialog } from './CreateInitiativeDialog';

const coverAnswer = {
  id: 'c-1',
  position: 'files:0:1',
  variants: {
    '1280x720': { url: '/files/c-1/1280x720', width: 1280, height: 720, bytes: 9000 },
    '640x360': { url: '/files/c-1/640x360', width: 640, height: 360, bytes: 3000 },
  },
};

describe('the start-an-initiative dialog', () => {
  it('uploads a cover with its progress and starts the initiative with it', async () => {
    const { calls } = fakeApi([
      ({ path, method }) =>
        path === '/initiatives' && method === 'POST'
          ? { status: 201, body: { id: 'i-1', version: 1, position: 'initiatives:0:1' } }
          : undefined,
    ]);
    const uploads = fakeUploads(() => ({ status: 201, body: coverAnswer }));
    const user = userEvent.setup();
    renderApp(<CreateInitiativeDialog onClose={() => {}} />);

    await user.type(screen.getByLabelText('Name'), 'Green Office');
    await user.upload(screen.getByLabelText('Add a cover image'), imageFile('plants.jpg'));
    await screen.findByRole('progressbar', { name: 'Uploading plants.jpg' });
    expect(screen.getByRole('button', { name: 'Create' })).toBeDisabled();
    expect(uploads.sent[0]?.form.get('purpose')).toBe('cover');
    act(() => uploads.release());
    expect(await screen.findByRole('img', { name: 'Uploaded: plants.jpg' })).toHaveAttribute(
      'src',
      '/files/c-1/640x360',
    );

    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(calls.find((call) => call.path === '/initiatives')?.body).toEqual({
        name: 'Green Office',
        description: '',
        visibility: 'public',
        cover: 'c-1',
      }),
    );
  });

  it('says in words why a cover was refused', async () => {
    fakeApi([]);
    const uploads = fakeUploads(() => ({
      status: 413,
      body: { statusCode: 413, code: 'TOO_LARGE', message: 'the file is over 10 MB', field: 'file' },
    }));
    const user = userEvent.setup();
    renderApp(<CreateInitiativeDialog onClose={() => {}} />);
    await user.upload(screen.getByLabelText('Add a cover image'), imageFile('huge.jpg'));
    await screen.findByRole('progressbar', { name: 'Uploading huge.jpg' });
    act(() => uploads.release());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'huge.jpg: This file is larger than 10 MB. Choose a smaller image.',
    );
    expect(screen.getByRole('button', { name: 'Create' })).toBeEnabled();
  });
});
