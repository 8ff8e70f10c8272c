// Knowledge articles: seeded with the domain's default set on first use (a conditional marker makes the
// seeding happen once per table, whichever function instance gets there first), then read per category.
// Reads are cached for a minute per instance: articles change rarely, complaints are read often.
import { DEFAULT_KNOWLEDGE_ARTICLES, knowledgeArticlesFor, type KnowledgeArticle } from '../../shared/domain/complaints/knowledge';
import type { ComplaintCategory } from '../../shared/domain/complaints/categories';
import type { ComplaintStore } from '../../shared/adapters/complaint-store';

const CACHE_MS = 60_000;

export class KnowledgeBase {
  private cache?: { at: number; articles: KnowledgeArticle[] };
  private seeded = false;

  constructor(
    private readonly store: Pick<ComplaintStore, 'articles' | 'seedArticles' | 'isSeeded' | 'putArticle' | 'deleteArticle'>,
    private readonly now: () => string,
  ) {}

  private async ensureSeeded() {
    if (this.seeded) return;
    if (!(await this.store.isSeeded())) await this.store.seedArticles(DEFAULT_KNOWLEDGE_ARTICLES, this.now());
    this.seeded = true;
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
    return category ? knowledgeArticlesFor(category, await this.all()) : [];
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
