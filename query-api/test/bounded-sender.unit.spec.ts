import { describe, expect, it } from '@jest/globals';
import { boundedSender, closeCodes, type PushSocket } from '../src/notifications/pusher.ts';

/** A socket that records what it was sent and how it was closed. */
function fakeSocket(bufferedAmount: number) {
  const sent: string[] = [];
  const closed: number[] = [];
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount,
    send: (payload: string) => void sent.push(payload),
    close: (code?: number) => {
      closed.push(code ?? 0);
      socket.readyState = 3;
    },
  };
  return { socket: socket as unknown as PushSocket, sent, closed };
}

describe('pushing to sockets with bounded buffers', () => {
  it('closes a socket too far behind with 4008 and keeps sending to the others', () => {
    const send = boundedSender(1024);
    const fast = fakeSocket(0);
    const slow = fakeSocket(4096);
    for (const payload of ['one', 'two']) for (const each of [slow, fast]) send(each.socket, payload);
    expect(fast.sent).toEqual(['one', 'two']);
    expect(slow.sent).toEqual([]);
    expect(slow.closed).toEqual([closeCodes.tooSlow]);
  });
});
