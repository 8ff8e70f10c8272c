import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES } from '../../../shared/domain/complaints/categories';
import { categoriesWithoutArticles, DEFAULT_KNOWLEDGE_ARTICLES, knowledgeArticlesFor } from '../../../shared/domain/complaints/knowledge';

describe('default knowledge articles', () => {
  it('cover every category with at least two practical articles', () => {
    expect(categoriesWithoutArticles()).toEqual([]);
    for (const category of COMPLAINT_CATEGORIES) {
      const articles = knowledgeArticlesFor(category);
      expect(articles.length, category).toBeGreaterThanOrEqual(2);
      for (const a of articles) {
        expect(a.category).toBe(category);
        expect(a.steps.length, a.id).toBeGreaterThan(0);
      }
    }
  });

  it('have unique ids', () => {
    const ids = DEFAULT_KNOWLEDGE_ARTICLES.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('look up by category in any article set, and report the categories left uncovered', () => {
    const only = DEFAULT_KNOWLEDGE_ARTICLES.filter((a) => a.category === 'PRIVACY_AND_DATA');
    expect(knowledgeArticlesFor('PRIVACY_AND_DATA', only)).toEqual(only);
    expect(knowledgeArticlesFor('MIS_SELLING', only)).toEqual([]);
    expect(categoriesWithoutArticles(only)).toHaveLength(COMPLAINT_CATEGORIES.length - 1);
  });
});
