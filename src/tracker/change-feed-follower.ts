/**
 * The tracker's reader of the embedded sidecar's change feed: the first read lists every
 * instance in pages (QueryInstances, newest first, so the first rows arrive at once) after
 * noting the feed's position; every later read returns only what changed since, in one call
 * when nothing did. A sidecar without the feed (daprd) is detected once, by its
 * UNIMPLEMENTED answer, and never asked again. No state of the instances is kept here.
 */
import { UnsupportedBySidecarError } from '../client/errors.js';
import type { SidecarClient, WorkflowInstance } from '../client/types.js';

/** Instances per listing page; the first page is small, so the first rows are drawn at once. */
const LISTING_PAGE_SIZE = 1000;
const FIRST_LISTING_PAGE_SIZE = 100;
/** Change pages read in one refresh at most; the rest follow at the next. */
const MAX_CHANGE_PAGES_PER_READ = 20;
/** A bound on listing pages, against a sidecar that never stops paging. */
const MAX_LISTING_PAGES = 10_000;

/** The outcome of one read. */
export type FeedRead =
  /** Everything was listed (first read, or the feed asked for it): these are all the instances now. */
  | { readonly kind: 'listing'; readonly instanceIds: ReadonlySet<string> }
  /** What changed since the previous read; removals apply before changes. */
  | {
      readonly kind: 'changes';
      readonly removedIds: readonly string[];
      readonly changed: readonly WorkflowInstance[];
      /** More changes remain than one read takes. */
      readonly hasMore: boolean;
    };

/** Follows one sidecar's change feed. */
export class ChangeFeedFollower {
  private cursor: string | undefined;
  private supported: boolean | undefined;

  constructor(private readonly client: SidecarClient) {}

  /** False once the sidecar proved it has no feed; undefined until the first read. */
  get isSupported(): boolean | undefined {
    if (!this.client.readChanges || !this.client.queryInstancesPage) return false;
    return this.supported;
  }

  /**
   * Reads once. Resolves to undefined when the sidecar has no change feed. During a listing
   * `onListedPage` gets each page as it arrives. Rejects with the client's error otherwise.
   */
  async read(onListedPage: (page: readonly WorkflowInstance[]) => void): Promise<FeedRead | undefined> {
    const readChanges = this.client.readChanges?.bind(this.client);
    if (this.isSupported === false || readChanges === undefined) return undefined;
    if (this.cursor !== undefined) {
      const removedIds: string[] = [];
      const changed: WorkflowInstance[] = [];
      for (let page = 0; page < MAX_CHANGE_PAGES_PER_READ; page += 1) {
        const result = await readChanges(this.cursor);
        if (result.reset) {
          this.cursor = undefined;
          return this.list(result.cursor, onListedPage);
        }
        removedIds.push(...result.removedIds);
        changed.push(...result.changed);
        this.cursor = result.cursor;
        if (!result.hasMore) return { kind: 'changes', removedIds, changed, hasMore: false };
      }
      return { kind: 'changes', removedIds, changed, hasMore: true };
    }
    let head: string;
    try {
      head = (await readChanges(undefined)).cursor;
    } catch (error) {
      if (error instanceof UnsupportedBySidecarError) {
        this.supported = false;
        return undefined;
      }
      throw error;
    }
    this.supported = true;
    return this.list(head, onListedPage);
  }

  /** Lists every instance, then follows the feed from `head` (noted before the listing, so nothing is missed). */
  private async list(head: string, onListedPage: (page: readonly WorkflowInstance[]) => void): Promise<FeedRead> {
    const query = this.client.queryInstancesPage!.bind(this.client);
    const instanceIds = new Set<string>();
    let token: string | undefined;
    for (let page = 0; page < MAX_LISTING_PAGES; page += 1) {
      const result = await query({ pageSize: page === 0 ? FIRST_LISTING_PAGE_SIZE : LISTING_PAGE_SIZE }, token);
      for (const instance of result.items) instanceIds.add(instance.instanceId);
      onListedPage(result.items);
      token = result.continuationToken;
      if (token === undefined) break;
    }
    this.cursor = head;
    return { kind: 'listing', instanceIds };
  }
}
