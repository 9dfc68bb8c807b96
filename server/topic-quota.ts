/**
 * How many topics the open connections of a room follow by name (WebSocket `sub`, SSE `?topics=`),
 * counted once per topic however many connections follow it. A room takes at most `maxPerRoom`
 * (issue #17: one participant subscribing to 20,000 made-up topics); each connection checks its
 * own limit itself.
 */
export class TopicQuota {
  #rooms = new Map<string, Map<string, number>>();

  constructor(private readonly maxPerRoom: number) {}

  /** Counts one more follower of `topic`; false (and nothing counted) when the room is full. */
  take(room: string, topic: string): boolean {
    let topics = this.#rooms.get(room);
    const n = topics?.get(topic) ?? 0;
    if (n === 0 && (topics?.size ?? 0) >= this.maxPerRoom) return false;
    if (!topics) this.#rooms.set(room, (topics = new Map()));
    topics.set(topic, n + 1);
    return true;
  }

  /** Counts one follower of `topic` less. */
  give(room: string, topic: string): void {
    const topics = this.#rooms.get(room);
    const n = topics?.get(topic);
    if (!topics || n === undefined) return;
    if (n > 1) topics.set(topic, n - 1);
    else {
      topics.delete(topic);
      if (topics.size === 0) this.#rooms.delete(room);
    }
  }
}
