import { vi } from 'vitest';

/** One upload the app sent to POST /files: its form and headers. */
export interface SentUpload {
  readonly form: FormData;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A fake file service behind XMLHttpRequest (what the app uploads with, for progress): each upload
 * reports half its bytes sent at once, then waits until `release()` answers it with `answer`.
 */
export function fakeUploads(
  answer: (upload: SentUpload, index: number) => { status: number; body: unknown },
) {
  const sent: SentUpload[] = [];
  const waiting: Array<() => void> = [];
  class FakeRequest {
    readonly upload = new EventTarget();
    status = 0;
    responseText = '';
    private readonly events = new EventTarget();
    private readonly headers: Record<string, string> = {};
    open(): void {}
    setRequestHeader(name: string, value: string): void {
      this.headers[name.toLowerCase()] = value;
    }
    addEventListener(type: string, listener: EventListener): void {
      this.events.addEventListener(type, listener);
    }
    send(form: FormData): void {
      const upload = { form, headers: { ...this.headers } };
      const index = sent.push(upload) - 1;
      setTimeout(() => {
        this.upload.dispatchEvent(
          new ProgressEvent('progress', { lengthComputable: true, loaded: 50, total: 100 }),
        );
      });
      waiting.push(() => {
        const { status, body } = answer(upload, index);
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.events.dispatchEvent(new Event('load'));
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeRequest);
  return {
    sent,
    /** Answers every upload sent so far. */
    release: () => {
      for (const respond of waiting.splice(0)) respond();
    },
  };
}

/** A file as a person picks it. */
export const imageFile = (name: string, type = 'image/jpeg') =>
  new File([new Uint8Array(100)], name, { type });

/** What POST /files answers for a post image. */
export const postImageAnswer = (id: string) => ({
  id,
  position: `files:0:${id}`,
  variants: {
    '640': { url: `/files/${id}/640`, width: 640, height: 480, bytes: 1000 },
    '1280': { url: `/files/${id}/1280`, width: 1280, height: 960, bytes: 3000 },
  },
});
