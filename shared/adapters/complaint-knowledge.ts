// Knowledge articles for complaint handlers, as stored in the complaints table. The default set is
// written once per table (a conditional SEEDED marker: whichever function gets there first, once, and
// an article an admin deleted stays deleted) by the functions given the defaults: the knowledge endpoints
// on first use and the breach scan on its first scheduled run after a deploy. The complaint API only
// reads, so its bundle carries no default articles. Reads are cached for a minute per instance.
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ComplaintCategory } from '../domain/complaints/categories';
import type { KnowledgeArticle } from '../domain/complaints/knowledge';
import { ARTICLE_PREFIX, articleSk, KNOWLEDGE_PK, KNOWLEDGE_SEEDED_SK } from './complaint-table-keys';

const CACHE_MS = 60_000;

const M = (value: object) => marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: true });

/**
 * The articles' items in the complaints table (KNOWLEDGE / ARTICLE#<id>, KNOWLEDGE / SEEDED). Apart from
 * ComplaintStore so that a function without knowledge endpoints (the router) does not carry them.
 */
export class KnowledgeArticleStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async articles(): Promise<KnowledgeArticle[]> {
    const articles: KnowledgeArticle[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
          ExpressionAttributeValues: M({ ':pk': KNOWLEDGE_PK, ':a': ARTICLE_PREFIX }),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) articles.push(unmarshall(item).article as KnowledgeArticle);
      start = out.LastEvaluatedKey;
    } while (start);
    return articles;
  }

  /**
   * Writes the default articles once per table: the SEEDED marker's condition makes the seeding happen
   * once however many functions race to do it, and an article an admin deleted stays deleted.
   */
  async seedArticles(defaults: readonly KnowledgeArticle[], at: string): Promise<'seeded' | 'already'> {
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: M({ PK: KNOWLEDGE_PK, SK: KNOWLEDGE_SEEDED_SK, at, count: defaults.length }), ConditionExpression: 'attribute_not_exists(PK)' } },
            ...defaults.map((article) => ({ Put: { TableName: this.tableName, Item: M({ PK: KNOWLEDGE_PK, SK: articleSk(article.id), type: 'ARTICLE', article }) } })),
          ],
        }),
      );
      return 'seeded';
    } catch (error) {
      if ((error as { name?: string })?.name === 'TransactionCanceledException') return 'already';
      throw error;
    }
  }

  async isSeeded(): Promise<boolean> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: M({ PK: KNOWLEDGE_PK, SK: KNOWLEDGE_SEEDED_SK }) }));
    return out.Item !== undefined;
  }

  async putArticle(article: KnowledgeArticle): Promise<'created' | 'replaced'> {
    const out = await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: M({ PK: KNOWLEDGE_PK, SK: articleSk(article.id), type: 'ARTICLE', article }), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? 'replaced' : 'created';
  }

  async deleteArticle(articleId: string): Promise<boolean> {
    const out = await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: M({ PK: KNOWLEDGE_PK, SK: articleSk(articleId) }), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}

export type KnowledgeStore = Pick<KnowledgeArticleStore, 'articles' | 'seedArticles' | 'isSeeded' | 'putArticle' | 'deleteArticle'>;

export class KnowledgeBase {
  private cache?: { at: number; articles: KnowledgeArticle[] };
  private seeded = false;

  private readonly store: KnowledgeStore;

  constructor(
    /** The complaints table (a ComplaintStore names it), or the articles' store itself. */
    table: { readonly client: DynamoDBClient; readonly tableName: string } | KnowledgeStore,
    private readonly now: () => string,
    /** The default set to seed with; without it this instance never seeds. */
    private readonly defaults?: readonly KnowledgeArticle[],
  ) {
    this.store = 'articles' in table ? table : new KnowledgeArticleStore(table.client, table.tableName);
  }

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
