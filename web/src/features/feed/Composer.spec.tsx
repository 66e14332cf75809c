import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import { fakeUploads, imageFile, postImageAnswer } from '../../../test/uploads';
import { Composer } from './Composer';

const me = {
  id: 'me-1',
  email: 'me@example.com',
  firstName: 'Mia',
  lastName: 'Meyer',
  bio: null,
  birthDate: null,
  mobile: null,
  gender: null,
  roles: [],
  active: true,
  status: null,
  kudosReceived: { total: 0, byKind: {} },
  avatar: null,
};

describe('the post composer', () => {
  it('uploads images with their progress, then posts them with the text', async () => {
    const { calls } = fakeApi([
      ({ path, method }) =>
        path === '/posts' && method === 'POST'
          ? { status: 201, body: { id: 'p-1', version: 1, position: 'posts:0:1' } }
          : undefined,
    ]);
    const uploads = fakeUploads((_upload, index) => ({
      status: 201,
      body: postImageAnswer(`f-${index + 1}`),
    }));
    const user = userEvent.setup();
    renderApp(<Composer me={me} initiatives={[]} />);

    await user.upload(screen.getByLabelText('Add images'), [imageFile('plants.jpg'), imageFile('desk.png')]);
    const progress = await screen.findByRole('progressbar', { name: 'Uploading plants.jpg' });
    await waitFor(() => expect(progress).toHaveAttribute('aria-valuenow', '50'));
    expect(screen.getByRole('button', { name: 'Uploading images…' })).toBeDisabled();
    expect(uploads.sent.map((upload) => upload.form.get('purpose'))).toEqual(['post', 'post']);

    act(() => uploads.release());
    expect(await screen.findByRole('img', { name: 'Uploaded: plants.jpg' })).toHaveAttribute(
      'src',
      '/files/f-1/640',
    );
    await user.type(screen.getByLabelText('Share something with your colleagues'), 'Our new plants');
    await user.click(screen.getByRole('button', { name: 'Post' }));

    await waitFor(() => expect(calls.some((call) => call.path === '/posts')).toBe(true));
    expect(calls.find((call) => call.path === '/posts')?.body).toEqual({
      text: 'Our new plants',
      images: ['f-1', 'f-2'],
    });
    // Posted: the field is empty again, and its label is back inside it rather than raised.
    const field = screen.getByLabelText('Share something with your colleagues');
    await waitFor(() => expect(field).toHaveValue(''));
    await user.click(document.body);
    expect(screen.getByText('Share something with your colleagues', { selector: 'label' })).toHaveAttribute(
      'data-shrink',
      'false',
    );
  });

  it('says in words why an image was refused, naming what the server found, and posts without it', async () => {
    const { calls } = fakeApi([
      ({ path, method }) =>
        path === '/posts' && method === 'POST'
          ? { status: 201, body: { id: 'p-2', version: 1, position: 'posts:0:2' } }
          : undefined,
    ]);
    const uploads = fakeUploads(() => ({
      status: 415,
      body: {
        statusCode: 415,
        code: 'UNSUPPORTED_TYPE',
        message: 'the file is an ELF executable',
        field: 'file',
      },
    }));
    const user = userEvent.setup();
    renderApp(<Composer me={me} initiatives={[]} />);

    await user.upload(screen.getByLabelText('Add images'), imageFile('holiday.jpg'));
    await screen.findByRole('progressbar', { name: 'Uploading holiday.jpg' });
    act(() => uploads.release());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('holiday.jpg: This file is not an image we take.');
    expect(alert).toHaveTextContent('ELF executable');

    await user.type(screen.getByLabelText('Share something with your colleagues'), 'Text only');
    await user.click(screen.getByRole('button', { name: 'Post' }));
    await waitFor(() =>
      expect(calls.find((call) => call.path === '/posts')?.body).toEqual({ text: 'Text only' }),
    );
  });
});
