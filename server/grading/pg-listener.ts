import pg from "pg";

/**
 * One PostgreSQL connection that LISTENs on a few channels and reconnects when it is lost. While it is down,
 * notifications are missed: `onLost` lets the owner wake whoever waits on them, and `onReconnected` lets it catch
 * up (a grader host fetches jobs, long polls re-read the database).
 */
export class PgListener {
  private client: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly channels: readonly string[],
    private readonly handlers: {
      onNotice(channel: string, payload: string): void;
      onLost(): void;
      onReconnected(): void;
    },
    private readonly log: (message: string) => void,
  ) {}

  /** Connects and listens; rejects when the first connection fails (the caller cannot work without it). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "pagewise-listener" });
    client.on("notification", (message) => this.handlers.onNotice(message.channel, message.payload ?? ""));
    client.on("error", (error) => this.lost(client, error.message));
    client.on("end", () => this.lost(client, "connection ended"));
    await client.connect();
    for (const channel of this.channels) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.client = client;
  }

  private lost(client: pg.Client, reason: string): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.log(`notification connection lost (${reason}); reconnecting`);
    client.end().catch(() => undefined);
    this.handlers.onLost();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.connect().then(
        () => this.handlers.onReconnected(),
        (error: unknown) => {
          this.log(`reconnecting the notification connection failed: ${error instanceof Error ? error.message : String(error)}`);
          this.scheduleReconnect();
        },
      );
    }, 1_000);
  }
}
