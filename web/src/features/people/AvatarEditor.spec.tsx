import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import { fakeUploads, imageFile } from '../../../test/uploads';
import { AvatarEditor } from './AvatarEditor';
import { squareCrop } from './crop';

const avatarAnswer = {
  id: 'a-1',
  position: 'files:0:1',
  variants: {
    '256': { url: '/files/a-1/256', width: 256, height: 256, bytes: 9000 },
    '64': { url: '/files/a-1/64', width: 64, height: 64, bytes: 1000 },
  },
};

/** The browser has decoded the chosen photo: it is `width`×`height`. */
function photoLoaded(width: number, height: number) {
  const preview = screen.getByRole('img', { name: 'Preview of your new photo' });
  Object.defineProperty(preview, 'naturalWidth', { value: width });
  Object.defineProperty(preview, 'naturalHeight', { value: height });
  fireEvent.load(preview);
}

beforeEach(() => {
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: () => 'blob:photo', revokeObjectURL: () => {} }),
  );
});

describe('the avatar editor', () => {
  it('cuts the chosen square (crop step), uploads it with its progress and sets it on the profile', async () => {
    const { calls } = fakeApi([
      ({ path, method }) =>
        path === '/users/me-1' && method === 'PATCH'
          ? { status: 200, body: { id: 'me-1', version: 3, position: 'users:0:3' } }
          : undefined,
    ]);
    const uploads = fakeUploads(() => ({ status: 201, body: avatarAnswer }));
    const closed = vi.fn();
    const user = userEvent.setup();
    renderApp(<AvatarEditor userId="me-1" hasAvatar={false} onClose={closed} />);

    await user.upload(screen.getByLabelText('Choose a photo'), imageFile('me.jpg'));
    photoLoaded(800, 600);
    // Zoom in twice (keyboard on the slider) and slide to the left edge.
    const zoom = screen.getByRole('slider', { name: 'Zoom' });
    zoom.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    screen.getByRole('slider', { name: 'Left to right' }).focus();
    await user.keyboard('{Home}');
    await user.click(screen.getByRole('button', { name: 'Use this photo' }));

    await screen.findByRole('progressbar', { name: 'Uploading your photo' });
    const form = uploads.sent[0]?.form;
    expect(form?.get('purpose')).toBe('avatar');
    expect(JSON.parse(form?.get('crop') as string)).toEqual(squareCrop(800, 600, 1.2, 0, 0.5));
    act(() => uploads.release());

    await waitFor(() => expect(closed).toHaveBeenCalled());
    const patch = calls.find((call) => call.path === '/users/me-1' && call.method === 'PATCH');
    expect(patch?.body).toEqual({ avatar: 'a-1' });
    expect(patch?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says in words why a photo was refused, and keeps the dialog open', async () => {
    fakeApi([]);
    const uploads = fakeUploads(() => ({
      status: 422,
      body: { statusCode: 422, code: 'TOO_MANY_PIXELS', message: 'too big', field: 'file' },
    }));
    const user = userEvent.setup();
    renderApp(<AvatarEditor userId="me-1" hasAvatar={false} onClose={() => {}} />);
    await user.upload(screen.getByLabelText('Choose a photo'), imageFile('panorama.jpg'));
    photoLoaded(9000, 5000);
    await user.click(screen.getByRole('button', { name: 'Use this photo' }));
    await screen.findByRole('progressbar', { name: 'Uploading your photo' });
    act(() => uploads.release());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This image has more than 40 megapixels. Choose a smaller one.',
    );
    expect(screen.getByRole('dialog', { name: 'Your photo' })).toBeInTheDocument();
  });

  it('chooses the largest centred square at first', () => {
    expect(squareCrop(800, 600, 1, 0.5, 0.5)).toEqual({ x: 100, y: 0, width: 600, height: 600 });
    expect(squareCrop(600, 900, 2, 1, 1)).toEqual({ x: 300, y: 600, width: 300, height: 300 });
  });
});
