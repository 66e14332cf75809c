/** Where an event sits in the log. Offsets stay below 2^53, so a number holds them exactly. */
export interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** The opaque string clients see, for example `kudos:3:1042`. */
export function formatPosition({ topic, partition, offset }: Position): string {
  return `${topic}:${partition}:${offset}`;
}

const positionPattern = /^([a-zA-Z0-9._-]+):(\d{1,5}):(\d{1,15})$/;

/** The position a client sent back, or undefined when the string is not one we made. */
export function parsePosition(text: string): Position | undefined {
  const match = positionPattern.exec(text);
  if (!match) return undefined;
  return { topic: match[1] as string, partition: Number(match[2]), offset: Number(match[3]) };
}

/** `topic:partition`, the key of per-partition progress maps. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
