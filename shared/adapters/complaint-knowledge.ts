// Knowledge articles for complaint handlers, as stored in the complaints table. The default set is
// written once per table (a conditional SEEDED marker: whichever function gets there first, once, and
// an article an admin deleted stays deleted) by the functions given the defaults: the knowledge endpoints
// on first use and the breach scan on its first scheduled run after a deploy. The complaint API only
// reads, so its bundle carries no default articles. Reads are cached for a minute per instance.
import type { ComplaintCategory } from '../domain/complaints/categories';
import type { KnowledgeArticle } from '../domain/complaints/knowledge';
import type { ComplaintStore } from './complaint-store';

const CACHE_MS = 60_000;

export type KnowledgeStore = Pick<ComplaintStore, 'articles' | 'seedArticles' | 'isSeeded' | 'putArticle' | 'deleteArticle'>;

export class KnowledgeBase {
  private cache?: { at: number; articles: KnowledgeArticle[] };
  private seeded = false;

  constructor(
    private readonly store: KnowledgeStore,
    private readonly now: () => string,
    /** The default set to seed with; without it this instance never seeds. */
    private readonly defaults?: readonly KnowledgeArticle[],
  ) {}

  async ensureSeeded(): Promise<'seeded' | 'already' | 'not-seeding'> {
    if (!this.defaults) return 'not-seeding';
    if (this.seeded) return 'already';
    const outcome = (await this.store.isSeeded()) ? 'already' : await this.store.seedArticles(this.defaults, this.now());
    this.seeded = true;
    return outcome;
  }

  async all(): Promise<KnowledgeArticle[]> {
    const nowMs = Date.parse(this.now());
    if (this.cache && nowMs - this.cache.at < CACHE_MS) return this.cache.articles;
    await this.ensureSeeded();
    const articles = (await this.store.articles()).sort((a, b) => a.id.localeCompare(b.id));
    this.cache = { at: nowMs, articles };
    return articles;
  }

  async forCategory(category: ComplaintCategory | undefined): Promise<KnowledgeArticle[]> {
    return category ? (await this.all()).filter((a) => a.category === category) : [];
  }

  async put(article: KnowledgeArticle): Promise<'created' | 'replaced'> {
    // Seed first, so that a later seeding cannot overwrite an admin's article with the default one.
    await this.ensureSeeded();
    this.cache = undefined;
    return this.store.putArticle(article);
  }

  async delete(articleId: string): Promise<boolean> {
    await this.ensureSeeded();
    this.cache = undefined;
    return this.store.deleteArticle(articleId);
  }
}
