import {
  NotOwnerError,
  type CommandAnswer,
  type CommandRequest,
  type Forwarder,
} from '../runtime/command-bus.ts';
import { ForwardedRefusal } from '../runtime/errors.ts';

export const internalTokenHeader = 'x-internal-token';

/** Sends a command to the instance that owns its partition, over the internal route. */
export function httpForwarder(internalToken: string, timeoutMs = 15_000): Forwarder {
  return async <Command>(
    address: string,
    topic: string,
    request: CommandRequest<Command>,
  ): Promise<CommandAnswer> => {
    let response: Response;
    try {
      response = await fetch(`${address}/internal/commands/${topic}?forwarded=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [internalTokenHeader]: internalToken },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // The owner we knew of is gone (killed, or its address is stale): look again.
      throw new NotOwnerError(`owner ${address} did not answer: ${String(error)}`);
    }
    const body = (await response.json()) as {
      code?: string;
      message?: string;
      field?: string;
    } & CommandAnswer;
    if (response.ok) return { id: body.id, version: body.version, position: body.position };
    if (response.status === 421) throw new NotOwnerError(body.message ?? 'not the owner');
    throw new ForwardedRefusal(
      response.status,
      body.code ?? 'FORWARD_FAILED',
      body.message ?? `owner answered ${response.status}`,
      body.field,
    );
  };
}
