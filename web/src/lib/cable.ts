// The WebSocket client (docs/websocket.md): reconnects with backoff, resubscribes every room with
// the last event id it saw so nothing is missed, and reports online/offline to the UI
// (offline only 5 s after a drop, as Campfire).
export interface CableEvent {
  type: string;
  room_id?: number;
  event_id?: number;
  data?: unknown;
  error?: string;
}

type Listener = (event: CableEvent) => void;

const OFFLINE_AFTER_MS = 5000;

export class Cable {
  private socket: WebSocket | null = null;
  private rooms = new Set<number>();
  private lastEventId = 0;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<(online: boolean) => void>();
  private retry = 0;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly url: string) {}

  connect(): void {
    this.closed = false;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onmessage = (e) => this.receive(String(e.data));
    socket.onclose = () => this.dropped(socket);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  subscribe(roomId: number): void {
    this.rooms.add(roomId);
    this.sendSubscribe(roomId);
  }

  unsubscribe(roomId: number): void {
    this.rooms.delete(roomId);
    this.send({ type: "unsubscribe", room_id: roomId });
  }

  send(message: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (online: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private sendSubscribe(roomId: number): void {
    const message: Record<string, unknown> = { type: "subscribe", room_id: roomId };
    if (this.lastEventId > 0) message.since = this.lastEventId;
    this.send(message);
  }

  private receive(text: string): void {
    let event: CableEvent;
    try {
      event = JSON.parse(text);
    } catch {
      return;
    }
    if (event.type === "welcome") {
      this.retry = 0;
      if (this.offlineTimer) clearTimeout(this.offlineTimer);
      this.offlineTimer = null;
      this.statusListeners.forEach((l) => l(true));
      for (const room of this.rooms) this.sendSubscribe(room);
    }
    if (typeof event.event_id === "number" && event.event_id > this.lastEventId) this.lastEventId = event.event_id;
    this.listeners.forEach((l) => l(event));
  }

  private dropped(socket: WebSocket): void {
    if (socket !== this.socket || this.closed) return;
    if (!this.offlineTimer)
      this.offlineTimer = setTimeout(() => this.statusListeners.forEach((l) => l(false)), OFFLINE_AFTER_MS);
    const delay = Math.min(10000, 250 * 2 ** this.retry++);
    setTimeout(() => {
      if (!this.closed) this.connect();
    }, delay);
  }
}
