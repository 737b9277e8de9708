/**
 * A SidecarClient for the moments before the sidecar is up: the console draws its first
 * frame at once, and anything asked of the client meanwhile (a start from the form, say)
 * waits until the real client is handed over, or fails with the reason the sidecar could
 * not start.
 */
import type { SidecarClient } from './types.js';

/** A client whose calls wait for `resolve(client)`; `reject(error)` fails them all. */
export class DeferredSidecarClient implements SidecarClient {
  #client: SidecarClient | undefined;
  readonly #ready: Promise<SidecarClient>;
  #resolve!: (client: SidecarClient) => void;
  #reject!: (error: unknown) => void;

  constructor() {
    this.#ready = new Promise<SidecarClient>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Nobody may be waiting yet: an early failure must not surface as an unhandled rejection.
    this.#ready.catch(() => undefined);
  }

  /** Hands over the real client; waiting calls proceed. */
  resolve(client: SidecarClient): void {
    this.#client = client;
    this.#resolve(client);
  }

  /** Fails waiting and later calls with `error`. */
  reject(error: unknown): void {
    this.#reject(error);
  }

  get address(): string {
    return this.#client?.address ?? 'starting';
  }

  async #use<T>(call: (client: SidecarClient) => Promise<T>): Promise<T> {
    return call(this.#client ?? (await this.#ready));
  }

  start: SidecarClient['start'] = (...args) => this.#use((client) => client.start(...args));
  get: SidecarClient['get'] = (...args) => this.#use((client) => client.get(...args));
  listInstanceIds: SidecarClient['listInstanceIds'] = () => this.#use((client) => client.listInstanceIds());
  history: SidecarClient['history'] = (...args) => this.#use((client) => client.history(...args));
  suspend: SidecarClient['suspend'] = (...args) => this.#use((client) => client.suspend(...args));
  resume: SidecarClient['resume'] = (...args) => this.#use((client) => client.resume(...args));
  terminate: SidecarClient['terminate'] = (...args) => this.#use((client) => client.terminate(...args));
  purge: SidecarClient['purge'] = (...args) => this.#use((client) => client.purge(...args));
  raiseEvent: SidecarClient['raiseEvent'] = (...args) => this.#use((client) => client.raiseEvent(...args));
  rerunWorkflowFromEvent: SidecarClient['rerunWorkflowFromEvent'] = (...args) => this.#use((client) => client.rerunWorkflowFromEvent(...args));
  waitForCompletion: SidecarClient['waitForCompletion'] = (...args) => this.#use((client) => client.waitForCompletion(...args));

  /** Closes the real client when there is one. */
  async close(): Promise<void> {
    await this.#client?.close();
  }
}
